import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dropRules, iptablesInsertCommands, iptablesPackets, isOurRuleFirst, nftInsertCommand, nftPackets } from './firewall-rules.ts';
import { blackholeDrops } from './tc-blackhole.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const COMMENT = 'keepalive-lab-blackhole';

describe('iptables rules (fixtures captured from a vm-pause run)', () => {
  it('recognises its own rule in first place', () => {
    expect(isOurRuleFirst(fixture('iptables-S-input-1.txt'), COMMENT)).toBe(true);
    expect(isOurRuleFirst('-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT', COMMENT)).toBe(false);
    expect(isOurRuleFirst('-P INPUT ACCEPT', COMMENT)).toBe(false);
  });

  it('reads the packets its rule dropped from iptables -v -S', () => {
    expect(iptablesPackets(fixture('iptables-v-S-input.txt'), COMMENT)).toBe(2);
    expect(iptablesPackets('-P INPUT ACCEPT -c 0 0\n', COMMENT)).toBe(0);
  });

  it('drops by direction, never on loopback, and inserts first with its comment', () => {
    expect(dropRules('both').map((rule) => rule.chain)).toEqual(['INPUT', 'OUTPUT']);
    expect(dropRules('out')).toEqual([{ chain: 'OUTPUT', spec: '! -o lo -j DROP' }]);
    expect(iptablesInsertCommands(dropRules('in'), COMMENT)).toContain(`iptables -w -I INPUT 1 ! -i lo -m comment --comment ${COMMENT} -j DROP`);
  });
});

describe('nftables rules', () => {
  it('hooks the lab table at raw priority, before any filter chain, per direction', () => {
    const script = nftInsertCommand('in', COMMENT);
    expect(script).toContain('type filter hook input priority raw');
    expect(script).not.toContain('hook output');
  });

  it("reads each chain's drop counter from nft list table", () => {
    const listed = `table inet keepalive_lab {
\tchain input {
\t\ttype filter hook input priority raw; policy accept;
\t\tiifname != "lo" counter packets 4 bytes 208 drop comment "${COMMENT}"
\t}
\tchain output {
\t\ttype filter hook output priority raw; policy accept;
\t\toifname != "lo" counter packets 1 bytes 52 drop comment "${COMMENT}"
\t}
}`;
    expect(nftPackets(listed, COMMENT)).toEqual({ input: 4, output: 1 });
  });
});

describe('tc blackhole', () => {
  it('adds up the drops of the blackhole qdiscs only', () => {
    const stats = ` qdisc blackhole 8002: root refcnt 3
 Sent 0 bytes 0 pkt (dropped 3, overlimits 0 requeues 0)
qdisc ingress ffff: parent ffff:fff1 ----------------
 Sent 208 bytes 4 pkt (dropped 0, overlimits 0 requeues 0)
qdisc blackhole 8001: root refcnt 2
 Sent 0 bytes 0 pkt (dropped 4, overlimits 0 requeues 0)`.replace(/^ qdisc/, 'qdisc');
    expect(blackholeDrops(stats)).toBe(7);
  });
});

describe('over IPv6', () => {
  it('lets neighbour discovery through ahead of the drop, as ARP passes iptables over IPv4', () => {
    const rules = dropRules('both', 6);
    const commands = iptablesInsertCommands(rules, COMMENT, 'ip6tables');
    expect(commands[0]).toBe('ip6tables -w -I INPUT 1 ! -i lo -m comment --comment keepalive-lab-blackhole -j DROP');
    // Inserted first in turn, the accepts end up above the drops.
    expect(commands.slice(2)).toEqual([
      'ip6tables -w -I INPUT 1 -p ipv6-icmp --icmpv6-type neighbour-solicitation -m comment --comment keepalive-lab-blackhole -j ACCEPT',
      'ip6tables -w -I INPUT 1 -p ipv6-icmp --icmpv6-type neighbour-advertisement -m comment --comment keepalive-lab-blackhole -j ACCEPT',
      'ip6tables -w -I OUTPUT 1 -p ipv6-icmp --icmpv6-type neighbour-solicitation -m comment --comment keepalive-lab-blackhole -j ACCEPT',
      'ip6tables -w -I OUTPUT 1 -p ipv6-icmp --icmpv6-type neighbour-advertisement -m comment --comment keepalive-lab-blackhole -j ACCEPT',
    ]);
    expect(dropRules('both', 4)).toHaveLength(2);
    expect(nftInsertCommand('in', COMMENT, 6)).toContain(
      'icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept\nadd rule inet keepalive_lab input iifname != "lo" counter drop',
    );
  });

  it('counts the drop, not the accepts', () => {
    const listed = [
      '-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 136 -m comment --comment keepalive-lab-blackhole -c 2 144 -j ACCEPT',
      '-A INPUT ! -i lo -m comment --comment keepalive-lab-blackhole -c 5 400 -j DROP',
    ].join('\n');
    expect(iptablesPackets(listed, COMMENT)).toBe(5);
  });
});
