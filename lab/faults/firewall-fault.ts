// A fault made of iptables rules inserted first in their chains: checked in place, counted, removed on heal.
import type { Sidecar } from '../runtime/sidecar.ts';
import type { InjectedFault } from './fault.ts';
import {
  type Chain,
  type FirewallTool,
  type IptablesRule,
  iptablesDeleteScript,
  iptablesInsertCommands,
  iptablesPackets,
  isOurRuleFirst,
} from './firewall-rules.ts';
import { applyInNamespace } from './namespace-change.ts';

/** `counted` names, per chain, what the rules' packet counters count in the report; `tool`: iptables or ip6tables. */
export function injectIptablesRules(
  sidecar: Sidecar,
  rules: IptablesRule[],
  comment: string,
  counted: (chain: Chain) => string,
  tool: FirewallTool = 'iptables',
): Promise<InjectedFault> {
  const chains = [...new Set(rules.map((rule) => rule.chain))];
  return applyInNamespace(sidecar, {
    apply: iptablesInsertCommands(rules, comment, tool),
    show: rules.map((rule) => `${tool} -w -S ${rule.chain} 1`).join('; '),
    problem: (shown) => {
      const firsts = shown.split('\n');
      return firsts.length === rules.length && firsts.every((first) => isOurRuleFirst(first, comment))
        ? null
        : `the ${comment} rules are not first in their chains`;
    },
    async evidence() {
      const texts = await Promise.all(chains.map((chain) => sidecar.sh(`${tool} -w -v -S ${chain}`)));
      return Object.fromEntries(chains.map((chain, i) => [counted(chain), iptablesPackets(texts[i]!, comment)]));
    },
    undo: iptablesDeleteScript(rules, comment, tool),
  });
}
