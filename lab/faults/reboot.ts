// reboot: the peer loses all TCP state but keeps its address, as a rebooted host does. Behind a blackhole (so the
// FIN of its dying process never leaves) it is killed and started again on the same IP, in a fresh network
// namespace that knows no connection: its kernel answers the other side's next segment with an RST. The peer is
// back somewhere between asking the engine to start it and the engine's answer: from then its kernel answers with RST.
// The fault's moment is the blackout's start, its span lasts until the engine's answer; probes sent in the blackout
// before the restart are lost.
import { now, toMicroseconds } from '../clock.ts';
import { addressOn } from '../runtime/network.ts';
import type { Fault, FaultTarget, InjectedFault } from './fault.ts';
import { injectIptablesRules } from './firewall-fault.ts';
import { dropRules, toolFor } from './firewall-rules.ts';
import { killPeer } from './kill.ts';

export const reboot: Fault = {
  name: 'reboot',
  summary: 'restart the peer on the same address with no TCP state (blackhole, SIGKILL, start again)',
  needs: () => ['iptables', 'container-restart'],
  async inject({ docker, peer, network, sidecar }: FaultTarget): Promise<InjectedFault> {
    const cut = await injectIptablesRules(
      sidecar,
      dropRules('both', network.ipVersion),
      'keepalive-lab-reboot',
      (chain) => `packets dropped (${chain})`,
      toolFor(network.ipVersion),
    );
    const killed = await killPeer(docker, peer);
    const container = docker.getContainer(peer.id);
    const restarting = now();
    await container.start();
    const at = now();
    const address = await addressOn(docker, peer.id, network).catch(() => undefined);
    if (address !== peer.ip) throw new Error(`${peer.name} came back at ${address ?? 'no address'}, not ${peer.ip}: a reboot must keep the address`);
    const blackoutStart = cut.at - cut.spanMs;
    return {
      at,
      spanMs: toMicroseconds(at - blackoutStart),
      resetsFrom: { from: restarting, by: at },
      evidence: async () => ({
        'peer process': `killed (exit code ${killed.exitCode}) and started again on ${address} in a new network namespace`,
        'blackout (unreachable)': `${(restarting - blackoutStart).toFixed(1)} ms, then back within ${(at - restarting).toFixed(1)} ms`,
      }),
      heal: async () => {}, // the blackhole went with the old namespace; the forgotten connection stays forgotten
    };
  },
};
