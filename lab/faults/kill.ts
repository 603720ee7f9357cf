// kill: the peer's process dies (SIGKILL to the container's process). Its kernel closes the socket: a FIN when
// nothing was left unread (an RST otherwise), so the other side learns at once — no keepalive needed. With restart
// yes, healing starts it again (a supervisor restarting a crashed server), so an application can reconnect.
import type Docker from 'dockerode';
import { type Instant, now, toMicroseconds } from '../clock.ts';
import type { RunContainer } from '../runtime/run-container.ts';
import type { Fault, FaultTarget, InjectedFault } from './fault.ts';

const EXIT_TIMEOUT_MS = 10_000;

/** SIGKILL to the peer's process, and wait until its container has stopped. */
export async function killPeer(docker: Docker, peer: RunContainer): Promise<{ start: Instant; at: Instant; exitCode: number }> {
  const container = docker.getContainer(peer.id);
  const start = now();
  await container.kill({ signal: 'SIGKILL' });
  const at = now();
  for (let state = (await container.inspect()).State; ; state = (await container.inspect()).State) {
    if (!state.Running) return { start, at, exitCode: state.ExitCode };
    if (now() > at + EXIT_TIMEOUT_MS) throw new Error(`${peer.name} still runs ${EXIT_TIMEOUT_MS / 1000} s after SIGKILL`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const kill: Fault = {
  name: 'kill',
  summary: "kill the peer's process with SIGKILL; its kernel closes the connection",
  parameters: { restart: ['no', 'yes'] },
  needs: () => [],
  async inject({ docker, peer }: FaultTarget, options = {}): Promise<InjectedFault> {
    const { start, at, exitCode } = await killPeer(docker, peer);
    const container = docker.getContainer(peer.id);
    return {
      at,
      spanMs: toMicroseconds(at - start),
      evidence: async () => ({ 'peer process': `killed (SIGKILL), container exit code ${exitCode}` }),
      // Without restart a killed process stays dead, and the run's clean-up removes its container.
      heal: async () => {
        if (options.restart === 'yes' && !(await container.inspect()).State.Running) await container.start();
      },
    };
  },
};
