// A fault made of iptables rules inserted first in their chains: timestamped, checked in place, counted, removed.
import { instantFromNanoseconds, toMicroseconds } from '../clock.ts';
import type { Sidecar } from '../runtime/sidecar.ts';
import type { InjectedFault } from './fault.ts';
import { type Chain, type IptablesRule, iptablesDeleteScript, iptablesInsertScript, iptablesPackets, isOurRuleFirst } from './firewall-rules.ts';

/** `counted` names, per chain, what the rules' packet counters count in the report. */
export async function injectIptablesRules(sidecar: Sidecar, rules: IptablesRule[], comment: string, counted: (chain: Chain) => string): Promise<InjectedFault> {
  const [times = '', ...shown] = (await sidecar.sh(iptablesInsertScript(rules, comment))).trim().split('\n');
  if (shown.length !== rules.length || !shown.every((first) => isOurRuleFirst(first, comment))) {
    throw new Error(`the ${comment} rules are not first in their chains after insertion: ${shown.join(' / ')}`);
  }
  const [start = '0', end = '0'] = times.split(' ');
  const at = instantFromNanoseconds(end);
  let healed = false;
  return {
    at,
    spanMs: toMicroseconds(at - instantFromNanoseconds(start)),
    async evidence() {
      const chains = [...new Set(rules.map((rule) => rule.chain))];
      const texts = await Promise.all(chains.map((chain) => sidecar.sh(`iptables -w -v -S ${chain}`)));
      return Object.fromEntries(chains.map((chain, i) => [counted(chain), iptablesPackets(texts[i]!, comment)]));
    },
    async heal() {
      if (healed) return;
      healed = true;
      await sidecar.sh(iptablesDeleteScript(rules, comment)).catch(() => {}); // the namespace may be gone
    },
  };
}
