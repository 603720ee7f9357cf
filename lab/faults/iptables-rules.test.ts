import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BLACKHOLE_RULES, blackholePackets, isBlackholeFirst } from './iptables-rules.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

describe('blackhole rules (fixtures captured from a vm-pause run)', () => {
  it('recognises its own rule in first place', () => {
    expect(isBlackholeFirst(fixture('iptables-S-input-1.txt'))).toBe(true);
    expect(isBlackholeFirst('-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT')).toBe(false);
    expect(isBlackholeFirst('-P INPUT ACCEPT')).toBe(false);
  });

  it('reads the packets its rule dropped from iptables -v -S', () => {
    expect(blackholePackets(fixture('iptables-v-S-input.txt'))).toBe(2);
    expect(blackholePackets('-P INPUT ACCEPT -c 0 0\n')).toBe(0);
  });

  it('never touches loopback, so only the peer link goes dark', () => {
    expect(BLACKHOLE_RULES.INPUT).toMatch(/^! -i lo /);
    expect(BLACKHOLE_RULES.OUTPUT).toMatch(/^! -o lo /);
  });
});
