// The blackhole's iptables rules: built, recognised and counted by their comment, so heal removes exactly
// them and the report can say how many packets they dropped.
export const BLACKHOLE_COMMENT = 'keepalive-lab-blackhole';

export const BLACKHOLE_RULES = {
  INPUT: `! -i lo -m comment --comment ${BLACKHOLE_COMMENT} -j DROP`,
  OUTPUT: `! -o lo -m comment --comment ${BLACKHOLE_COMMENT} -j DROP`,
} as const;

export type Chain = keyof typeof BLACKHOLE_RULES;

/** True when `iptables -S CHAIN 1` (the chain's first rule) is the blackhole rule. */
export function isBlackholeFirst(firstRuleText: string): boolean {
  return firstRuleText.includes(`--comment ${BLACKHOLE_COMMENT}`) && /-j DROP\b/.test(firstRuleText);
}

/** Packets counted by the blackhole rule in `iptables -v -S CHAIN` output (rule lines carry `-c PKTS BYTES`). */
export function blackholePackets(verboseRulesText: string): number {
  for (const line of verboseRulesText.split('\n')) {
    if (!line.includes(BLACKHOLE_COMMENT)) continue;
    const counters = /-c (\d+) (\d+)/.exec(line);
    if (counters) return Number(counters[1]);
  }
  return 0;
}
