// disconnect: `docker network disconnect` — the peer's interface disappears; nothing reaches it, nothing leaves.
import { now, toMicroseconds } from '../clock.ts';
import type { Fault, FaultTarget, InjectedFault } from './fault.ts';

export const disconnect: Fault = {
  name: 'disconnect',
  summary: "remove the peer's network interface (docker network disconnect); heal reconnects it",
  needs: () => ['docker-network'],
  async inject({ docker, peer, network }: FaultTarget): Promise<InjectedFault> {
    const dockerNetwork = docker.getNetwork(network.id);
    const start = now();
    await dockerNetwork.disconnect({ Container: peer.id, Force: true });
    const at = now();
    const attached = (await docker.getContainer(peer.id).inspect()).NetworkSettings.Networks[network.name];
    if (attached) throw new Error(`docker network disconnect returned but ${peer.name} is still on ${network.name}`);
    let healed = false;
    return {
      at,
      spanMs: toMicroseconds(at - start),
      evidence: async () => ({ 'peer interface': `removed from ${network.name}` }),
      async heal() {
        if (healed) return;
        healed = true;
        await dockerNetwork.connect({ Container: peer.id }).catch(() => {}); // the peer may already be gone
      },
    };
  },
};
