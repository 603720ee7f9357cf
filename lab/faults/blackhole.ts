// blackhole: iptables DROP of everything but loopback, in and out of the peer's network namespace. Rules go
// first in their chains (-I … 1: a DROP after an ESTABLISHED accept never matches) and are checked in place.
import { instantFromNanoseconds, toMicroseconds } from '../clock.ts';
import type { Fault, FaultTarget, InjectedFault } from './fault.ts';
import { BLACKHOLE_RULES, blackholePackets, isBlackholeFirst } from './iptables-rules.ts';

export const blackhole: Fault = {
  name: 'blackhole',
  summary: 'drop every packet in and out of the peer (iptables DROP, both directions)',
  async inject({ sidecar }: FaultTarget): Promise<InjectedFault> {
    // The timestamps bracket the two inserts inside the namespace itself, free of exec round-trips.
    const output = await sidecar.sh([
      'set -e',
      'start=$(date +%s%N)',
      `iptables -w -I INPUT 1 ${BLACKHOLE_RULES.INPUT}`,
      `iptables -w -I OUTPUT 1 ${BLACKHOLE_RULES.OUTPUT}`,
      'end=$(date +%s%N)',
      'echo "$start $end"',
      'iptables -w -S INPUT 1',
      'iptables -w -S OUTPUT 1',
    ].join('\n'));
    const [times = '', firstInput = '', firstOutput = ''] = output.trim().split('\n');
    if (!isBlackholeFirst(firstInput) || !isBlackholeFirst(firstOutput)) {
      throw new Error(`the blackhole rules are not first in INPUT/OUTPUT after insertion: "${firstInput}" / "${firstOutput}"`);
    }
    const [start = '0', end = '0'] = times.split(' ');
    const at = instantFromNanoseconds(end);

    let healed = false;
    return {
      at,
      spanMs: toMicroseconds(at - instantFromNanoseconds(start)),
      async evidence() {
        const rules = await sidecar.sh('iptables -w -v -S INPUT; echo ---; iptables -w -v -S OUTPUT');
        const [input = '', out = ''] = rules.split('---');
        return { 'packets dropped coming in': blackholePackets(input), 'packets dropped going out': blackholePackets(out) };
      },
      async heal() {
        if (healed) return;
        healed = true;
        await sidecar.sh(
          (Object.keys(BLACKHOLE_RULES) as (keyof typeof BLACKHOLE_RULES)[])
            .map((chain) => `while iptables -w -D ${chain} ${BLACKHOLE_RULES[chain]} 2>/dev/null; do :; done`)
            .join('\n'),
        ).catch(() => {}); // the peer (and its namespace) may already be gone
      },
    };
  },
};
