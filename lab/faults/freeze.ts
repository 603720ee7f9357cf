// freeze: `docker pause` — the cgroup freezer stops every process of the peer. Its kernel is the host's and is
// not frozen: it keeps answering TCP (keepalive probes included) for the frozen processes.
import { now, toMicroseconds } from '../clock.ts';
import type Docker from 'dockerode';
import { EnvironmentError } from '../errors.ts';
import type { Fault, FaultTarget, InjectedFault } from './fault.ts';

export const freeze: Fault = {
  name: 'freeze',
  summary: "pause the peer's processes with the cgroup freezer (docker pause); its kernel keeps running",
  needs: () => ['cgroup-freezer'],
  async inject({ docker, peer }: FaultTarget): Promise<InjectedFault> {
    const container = docker.getContainer(peer.id);
    const { start, attempts } = await pause(container, peer.name);
    const at = now();
    const state = (await container.inspect()).State;
    if (!state.Paused) throw new Error(`docker pause returned but ${peer.name} is not paused (state ${state.Status})`);

    let healed = false;
    return {
      at,
      spanMs: toMicroseconds(at - start),
      evidence: async () => ({
        'peer state during the fault': 'paused (cgroup freezer)',
        ...(attempts.length > 0 ? { 'pause attempts': `${attempts.length + 1}: runc could not freeze it before (${attempts.join('; ')})` } : {}),
      }),
      async heal() {
        if (healed) return;
        healed = true;
        const paused = await container.inspect().then(
          (info) => info.State.Paused,
          () => false,
        );
        if (paused) await container.unpause();
      },
    };
  },
};

/** How often to ask again when runc could not freeze the peer: cgroup v1's freezer is "a game of chances" (runc #2791). */
const PAUSE_ATTEMPTS = 3;

/**
 * `docker pause`, asked again where runc could not freeze every task in time (it thaws the cgroup then, so the peer ran
 * on untouched): the fault begins at the attempt that froze it, and the failed ones are kept as evidence.
 */
async function pause(container: Docker.Container, name: string): Promise<{ start: number; attempts: string[] }> {
  const attempts: string[] = [];
  for (;;) {
    const start = now();
    try {
      await container.pause();
      return { start, attempts };
    } catch (error) {
      const reason = (error as Error).message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
      if (!/unable to freeze/.test(reason) || attempts.length + 1 === PAUSE_ATTEMPTS) {
        // runc gives up when a process will not freeze in time (one in uninterruptible sleep, e.g. under heavy IO).
        throw new EnvironmentError(`docker pause of ${name} failed${attempts.length > 0 ? ` ${attempts.length + 1} times` : ''}: ${reason}`, { cause: error });
      }
      attempts.push(reason);
    }
  }
}
