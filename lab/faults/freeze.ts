// freeze: `docker pause` — the cgroup freezer stops every process of the peer. Its kernel is the host's and is
// not frozen: it keeps answering TCP (keepalive probes included) for the frozen processes.
import { now, toMicroseconds } from '../clock.ts';
import { EnvironmentError } from '../errors.ts';
import type { Fault, FaultTarget, InjectedFault } from './fault.ts';

export const freeze: Fault = {
  name: 'freeze',
  summary: "pause the peer's processes with the cgroup freezer (docker pause); its kernel keeps running",
  needs: () => ['cgroup-freezer'],
  async inject({ docker, peer }: FaultTarget): Promise<InjectedFault> {
    const container = docker.getContainer(peer.id);
    const start = now();
    await container.pause().catch((error: Error) => {
      // runc gives up when a process will not freeze in time (one in uninterruptible sleep, e.g. under heavy IO).
      throw new EnvironmentError(`docker pause of ${peer.name} failed: ${error.message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim()}`, { cause: error });
    });
    const at = now();
    const state = (await container.inspect()).State;
    if (!state.Paused) throw new Error(`docker pause returned but ${peer.name} is not paused (state ${state.Status})`);

    let healed = false;
    return {
      at,
      spanMs: toMicroseconds(at - start),
      evidence: async () => ({ 'peer state during the fault': 'paused (cgroup freezer)' }),
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
