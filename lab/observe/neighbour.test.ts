import { describe, expect, it } from 'vitest';
import { neighbourFailed, parseNeighbour } from './neighbour.ts';

describe("the observer kernel's neighbour entry for its peer", () => {
  it('reads the state word, as ip neigh prints it', () => {
    expect(parseNeighbour('192.0.2.1 dev eth0 lladdr 02:fc:00:00:00:05 STALE \n')).toBe('STALE');
    expect(parseNeighbour('fd00::1 dev eth0 FAILED \n')).toBe('FAILED');
    expect(parseNeighbour('')).toBe('none');
  });

  it('counts an entry that cannot resolve the peer as failed', () => {
    expect([neighbourFailed('FAILED'), neighbourFailed('INCOMPLETE'), neighbourFailed('STALE'), neighbourFailed(undefined)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
