// tc-blackhole: the blackhole qdisc swallows the peer's egress, and its ingress redirected through an ifb
// device: a cut below the firewall, in the traffic-control layer.
import type { Fault, FaultTarget, InjectedFault } from './fault.ts';
import { tryKernelFeature } from './kernel-trial.ts';
import { applyInNamespace } from './namespace-change.ts';

const IFB = 'kalifb0';

/** Packets dropped by each blackhole qdisc in `tc -s qdisc show` output. */
export function blackholeDrops(statsText: string): number {
  let total = 0;
  let inBlackhole = false;
  for (const line of statsText.split('\n')) {
    if (/^qdisc /.test(line)) inBlackhole = line.startsWith('qdisc blackhole');
    const dropped = /dropped (\d+)/.exec(line);
    if (inBlackhole && dropped) total += Number(dropped[1]);
  }
  return total;
}

export const tcBlackhole: Fault = {
  name: 'tc-blackhole',
  summary: "swallow the peer's egress and ingress (via ifb) in tc blackhole qdiscs",
  needs: () => ['tc-blackhole'],
  // Harmless trials: an ifb device made and removed, a blackhole qdisc on loopback (the lab never uses it).
  unsupported: ({ sidecar }: FaultTarget) =>
    tryKernelFeature(
      sidecar,
      'ip link add kalifbtest type ifb && ip link del kalifbtest && tc qdisc add dev lo root blackhole && tc qdisc del dev lo root',
      'ifb device or blackhole qdisc',
    ),
  inject: ({ sidecar }: FaultTarget): Promise<InjectedFault> =>
    applyInNamespace(sidecar, {
      prepare: [`ip link add ${IFB} type ifb`, `ip link set ${IFB} up`, `tc qdisc add dev ${IFB} root blackhole`],
      apply: [
        'tc qdisc add dev eth0 handle ffff: ingress',
        `tc filter add dev eth0 parent ffff: protocol all u32 match u32 0 0 action mirred egress redirect dev ${IFB}`,
        'tc qdisc add dev eth0 root blackhole',
      ],
      show: `tc qdisc show dev eth0; tc qdisc show dev ${IFB}`,
      problem: (shown) => (shown.match(/^qdisc blackhole/gm)?.length === 2 && /^qdisc ingress/m.test(shown) ? null : 'the tc blackhole is not in place'),
      evidence: async () => ({
        'packets dropped by the blackhole qdiscs': blackholeDrops(await sidecar.sh(`tc -s qdisc show dev eth0; tc -s qdisc show dev ${IFB}`)),
      }),
      undo: `tc qdisc del dev eth0 root; tc qdisc del dev eth0 ingress; ip link del ${IFB}; true`,
    }),
};
