import { describe, expect, it } from 'vitest';
import { addressOf, connectionKey, endpoint, ipv6Text, portOf } from './endpoint.ts';

const v6 = (text: string) =>
  text.split(':').flatMap((group) => [parseInt(group.padStart(4, '0').slice(0, 2), 16), parseInt(group.padStart(4, '0').slice(2), 16)]);

describe('endpoints and connections', () => {
  it('writes IPv4, IPv4-mapped and IPv6 endpoints one way', () => {
    expect(endpoint('10.0.0.2', 7000)).toBe('10.0.0.2:7000');
    expect(endpoint('::ffff:10.0.0.2', 7000)).toBe('10.0.0.2:7000');
    expect(endpoint('fd00::2', '7000')).toBe('[fd00::2]:7000');
    expect([addressOf('[fd00::2]:7000'), portOf('[fd00::2]:7000'), addressOf('10.0.0.2:7000')]).toEqual(['fd00::2', 7000, '10.0.0.2']);
  });

  it('gives both directions of a connection one key', () => {
    expect(connectionKey('10.0.0.3:40000', '10.0.0.2:7000')).toBe(connectionKey('10.0.0.2:7000', '10.0.0.3:40000'));
  });

  it.each([
    ['fd00:6b61:0:0:0:0:0:2', 'fd00:6b61::2'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['fe80:0:0:1:0:0:0:1', 'fe80:0:0:1::1'], // the longest run, not the first
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group stays
    ['0:0:0:0:0:ffff:a00:2', '::ffff:10.0.0.2'],
  ])('writes %s as %s', (groups, text) => {
    expect(ipv6Text(v6(groups))).toBe(text);
  });
});
