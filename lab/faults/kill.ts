// kill: the peer's process dies (SIGKILL to the container's process). Its kernel closes the socket: a FIN when
// nothing was left unread (an RST otherwise), so the server learns at once — no keepalive needed.
import { now, toMicroseconds } from '../clock.ts';
import type { Fault, FaultTarget, InjectedFault } from './fault.ts';

const EXIT_TIMEOUT_MS = 10_000;

export const kill: Fault = {
  name: 'kill',
  summary: "kill the peer's process with SIGKILL; its kernel closes the connection",
  async inject({ docker, peer }: FaultTarget): Promise<InjectedFault> {
    const container = docker.getContainer(peer.id);
    const start = now();
    await container.kill({ signal: 'SIGKILL' });
    const at = now();
    const deadline = at + EXIT_TIMEOUT_MS;
    let state = (await container.inspect()).State;
    while (state.Running) {
      if (now() > deadline) throw new Error(`${peer.name} still runs ${EXIT_TIMEOUT_MS / 1000} s after SIGKILL`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      state = (await container.inspect()).State;
    }
    return {
      at,
      spanMs: toMicroseconds(at - start),
      evidence: async () => ({ 'peer process': `killed (SIGKILL), container exit code ${state.ExitCode}` }),
      heal: async () => {}, // a killed process stays dead; the run's clean-up removes its container
    };
  },
};
