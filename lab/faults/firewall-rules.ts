// Firewall rules a fault puts in a peer's namespace, tagged with a comment so they can be verified in place,
// counted for the report, and removed exactly. iptables rules go first in their chain (-I … 1: a DROP after
// an ESTABLISHED accept never matches); nftables rules live in the lab's own table at the raw priority, which
// runs before any filter chain. Over IPv6 the tool is ip6tables, and a drop lets neighbour discovery through, as
// ARP passes iptables over IPv4: without it the observer's kernel stops putting its probes on the wire a few
// seconds after the first goes unanswered (measured here: 4 of 10 probes and no RST on the wire, the abort on
// time), and the wire could no longer show what keepalive did.
import type { IpVersion } from '../runtime/network.ts';
export type Direction = 'both' | 'in' | 'out';
export const DIRECTIONS: readonly Direction[] = ['both', 'in', 'out'];
export type Chain = 'INPUT' | 'OUTPUT';

export interface IptablesRule {
  chain: Chain;
  /** The match and target, without the comment (added by the helpers). */
  spec: string;
}

export type FirewallTool = 'iptables' | 'ip6tables';
export const toolFor = (ipVersion: IpVersion): FirewallTool => (ipVersion === 6 ? 'ip6tables' : 'iptables');

/** ICMPv6 neighbour solicitation and advertisement: accepted ahead of an IPv6 drop. */
const NEIGHBOUR_DISCOVERY = ['neighbour-solicitation', 'neighbour-advertisement'];

export const chainsOf = (direction: Direction): Chain[] => (direction === 'both' ? ['INPUT', 'OUTPUT'] : direction === 'in' ? ['INPUT'] : ['OUTPUT']);

/** DROP everything but loopback in the chains of a direction (over IPv6, after accepting neighbour discovery). */
export function dropRules(direction: Direction, ipVersion: IpVersion = 4): IptablesRule[] {
  const drops = chainsOf(direction).map((chain) => ({ chain, spec: `${chain === 'INPUT' ? '! -i lo' : '! -o lo'} -j DROP` }));
  if (ipVersion === 4) return drops;
  // Each rule is inserted first in its chain, in order: the accepts, inserted last, end up above the drops.
  const accepts = chainsOf(direction).flatMap((chain) => NEIGHBOUR_DISCOVERY.map((type) => ({ chain, spec: `-p ipv6-icmp --icmpv6-type ${type} -j ACCEPT` })));
  return [...drops, ...accepts];
}

const withComment = (rule: IptablesRule, comment: string) => rule.spec.replace(/ -j /, ` -m comment --comment ${comment} -j `);

export function iptablesInsertCommands(rules: IptablesRule[], comment: string, tool: FirewallTool = 'iptables'): string[] {
  return rules.map((rule) => `${tool} -w -I ${rule.chain} 1 ${withComment(rule, comment)}`);
}

export function iptablesDeleteScript(rules: IptablesRule[], comment: string, tool: FirewallTool = 'iptables'): string {
  return rules.map((rule) => `while ${tool} -w -D ${rule.chain} ${withComment(rule, comment)} 2>/dev/null; do :; done`).join('\n');
}

/** True when `iptables -S CHAIN 1` (the chain's first rule) is one of ours. */
export function isOurRuleFirst(firstRuleText: string, comment: string): boolean {
  return firstRuleText.includes(`--comment ${comment}`);
}

/** Packets counted by our rule that is not an accept, in `iptables -v -S CHAIN` output (lines carry `-c PKTS BYTES`). */
export function iptablesPackets(verboseRulesText: string, comment: string): number {
  const line = verboseRulesText.split('\n').find((text) => text.includes(`--comment ${comment} `) && !text.includes('-j ACCEPT'));
  return Number(/-c (\d+) (\d+)/.exec(line ?? '')?.[1] ?? 0);
}

export const NFT_TABLE = 'inet keepalive_lab';

/** The lab's nftables table (inet: both IP versions): a drop rule with a counter per direction, at the raw priority. */
export function nftInsertCommand(direction: Direction, comment: string, ipVersion: IpVersion = 4): string {
  const chains = chainsOf(direction).map((chain) => {
    const [name, hook, iface] = chain === 'INPUT' ? ['input', 'input', 'iifname'] : ['output', 'output', 'oifname'];
    const neighbours = ipVersion === 6 ? `\nadd rule ${NFT_TABLE} ${name} icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept` : '';
    return `add chain ${NFT_TABLE} ${name} { type filter hook ${hook} priority raw; policy accept; }${neighbours}\nadd rule ${NFT_TABLE} ${name} ${iface} != "lo" counter drop comment "${comment}"`;
  });
  return `nft -f - <<'RULES'\nadd table ${NFT_TABLE}\n${chains.join('\n')}\nRULES`;
}

/** Packets counted by our drop rule in each chain of `nft list table` output. */
export function nftPackets(listText: string, comment: string): { input: number; output: number } {
  const counted = { input: 0, output: 0 };
  let chain: 'input' | 'output' | undefined;
  for (const line of listText.split('\n')) {
    const header = /^\s*chain (input|output) \{/.exec(line);
    if (header) chain = header[1] as 'input' | 'output';
    const packets = /counter packets (\d+)/.exec(line);
    if (chain && packets && line.includes(comment)) counted[chain] = Number(packets[1]);
  }
  return counted;
}
