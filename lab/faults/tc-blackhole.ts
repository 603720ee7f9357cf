// tc-blackhole: the blackhole qdisc swallows the peer's egress, and its ingress redirected through an ifb
// device: a cut below the firewall, in the traffic-control layer.
import { instantFromNanoseconds, toMicroseconds } from '../clock.ts';
import type { Fault, FaultTarget, InjectedFault } from './fault.ts';

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
  async unsupported({ sidecar }: FaultTarget): Promise<string | null> {
    // Harmless trials: an ifb device made and removed, a blackhole qdisc on loopback (the lab never uses it).
    return sidecar.sh('ip link add kalifbtest type ifb && ip link del kalifbtest && tc qdisc add dev lo root blackhole && tc qdisc del dev lo root').then(
      () => null,
      (error: Error) => `this kernel lacks the ifb device or the blackhole qdisc (${error.message.split(': ').at(-1)?.trim()})`,
    );
  },
  async inject({ sidecar }: FaultTarget): Promise<InjectedFault> {
    const output = await sidecar.sh([
      'set -e',
      `ip link add ${IFB} type ifb`,
      `ip link set ${IFB} up`,
      `tc qdisc add dev ${IFB} root blackhole`,
      'start=$(date +%s%N)',
      'tc qdisc add dev eth0 handle ffff: ingress',
      `tc filter add dev eth0 parent ffff: protocol all u32 match u32 0 0 action mirred egress redirect dev ${IFB}`,
      'tc qdisc add dev eth0 root blackhole',
      'end=$(date +%s%N)',
      'echo "$start $end"',
      `tc qdisc show dev eth0; tc qdisc show dev ${IFB}`,
    ].join('\n'));
    const [times = '', ...shown] = output.trim().split('\n');
    if (shown.filter((line) => line.startsWith('qdisc blackhole')).length !== 2 || !shown.some((line) => line.startsWith('qdisc ingress'))) {
      throw new Error(`the tc blackhole is not in place after insertion: ${shown.join(' / ')}`);
    }
    const [start = '0', end = '0'] = times.split(' ');
    const at = instantFromNanoseconds(end);
    let healed = false;
    return {
      at,
      spanMs: toMicroseconds(at - instantFromNanoseconds(start)),
      evidence: async () => ({ 'packets dropped by the blackhole qdiscs': blackholeDrops(await sidecar.sh(`tc -s qdisc show dev eth0; tc -s qdisc show dev ${IFB}`)) }),
      async heal() {
        if (healed) return;
        healed = true;
        await sidecar.sh(`tc qdisc del dev eth0 root; tc qdisc del dev eth0 ingress; ip link del ${IFB}; true`).catch(() => {});
      },
    };
  },
};
