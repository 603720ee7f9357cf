import { describe, expect, it } from 'vitest';
import { type ConntrackSample, entryLife, parseConntrackLine } from './conntrack.ts';

// As Debian's conntrack 1.4.7 prints it in the router's namespace: the client's flow to the router's address, and its reply after DNAT and masquerade.
const LINE =
  'tcp      6 4 ESTABLISHED src=192.168.16.3 dst=192.168.16.2 sport=40412 dport=7000 src=192.168.32.3 dst=192.168.32.2 sport=7000 dport=40412 [ASSURED] mark=0 use=1';

describe('parseConntrackLine', () => {
  it('reads the protocol, the whole seconds left, the state and both directions', () => {
    expect(parseConntrackLine(LINE)).toEqual({
      protocol: 'tcp',
      timeoutS: 4,
      state: 'ESTABLISHED',
      assured: true,
      original: { src: '192.168.16.3', dst: '192.168.16.2', sport: 40412, dport: 7000 },
      reply: { src: '192.168.32.3', dst: '192.168.32.2', sport: 7000, dport: 40412 },
    });
  });

  it('reads an entry not yet assured, in another state', () => {
    const entry = parseConntrackLine(
      'tcp      6 59 SYN_RECV src=10.0.0.2 dst=10.0.0.1 sport=5000 dport=7000 src=10.0.1.3 dst=10.0.1.2 sport=7000 dport=5000 mark=0 use=1',
    );
    expect(entry).toMatchObject({ timeoutS: 59, state: 'SYN_RECV', assured: false });
  });

  it.each([
    ['conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.'],
    [''],
    ['@1764131224.123456'],
    ['tcp      6 4 ESTABLISHED src=192.168.16.3 dst=192.168.16.2 sport=40412 dport=7000'],
  ])('ignores what is not an entry: %j', (line) => {
    expect(parseConntrackLine(line)).toBeNull();
  });
});

const entry = (sport: number, timeoutS: number) => ({
  protocol: 'tcp',
  timeoutS,
  state: 'ESTABLISHED',
  assured: true,
  original: { src: 'c', dst: 'r', sport, dport: 7000 },
  reply: { src: 's', dst: 'r', sport: 7000, dport: sport },
});
/** Samples every 250 ms from t = 0, each the entry's seconds left (null: not in the table). */
const samples = (left: (number | null)[], sport = 40412): ConntrackSample[] =>
  left.map((timeoutS, k) => ({ t: k * 250, entries: timeoutS === null ? [] : [entry(sport, timeoutS), entry(sport + 1, 5)] }));

describe('entryLife', () => {
  it('sees the entry count down, expire by its last sample, and go', () => {
    // Seen from 0 ms, counting down; last seen at 5000 ms with 0 s left → expired 5000 … 6000 ms, but gone by 5250 ms.
    const life = entryLife(samples([4, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, null, null]), 40412);
    expect(life.seenFrom).toBe(0);
    expect(life.refreshes).toEqual([]);
    expect(life.lastSeen).toEqual({ t: 20 * 250, timeoutS: 0 });
    expect(life.goneBy).toBe(21 * 250);
    expect(life.expired).toEqual({ earliest: 5000, latest: 5250 }); // within a second of the last sample, and not after it was gone
  });

  it('counts a refresh where the seconds left rose: a packet passed', () => {
    const life = entryLife(samples([4, 4, 3, 3, 4, 4, 3, 2, 4]), 40412);
    expect(life.refreshes).toEqual([4 * 250, 8 * 250]);
    expect(life.goneBy).toBeNull();
    expect(life.expired).toBeNull();
  });

  it('does not count the whole seconds ticking over as a refresh', () => {
    expect(entryLife(samples([4, 3, 3, 3, 3, 2, 2, 2, 2, 1]), 40412).refreshes).toEqual([]);
  });

  it('ends the life at the first sample without it: a later entry for the same port is a new flow', () => {
    const life = entryLife(samples([1, 0, null, null, 5, 5]), 40412);
    expect(life.lastSeen).toEqual({ t: 250, timeoutS: 0 });
    expect(life.goneBy).toBe(500);
    expect(life.refreshes).toEqual([]);
  });

  it('knows nothing of a flow the table never showed', () => {
    expect(entryLife(samples([4, 4, null]), 50000)).toEqual({ seenFrom: null, refreshes: [], lastSeen: null, expired: null, goneBy: null });
  });
});
