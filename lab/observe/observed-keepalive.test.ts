// Keepalive settings read off the wire, on captures the lab made (idle/interval/count as configured there).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCapture } from './decode-capture.ts';
import { observeKeepalive, secondsFitting } from './observed-keepalive.ts';
import { analyseWire, packetsByConnection } from './wire-analysis.ts';

const hz = { hz: 250, source: 'kernel-config' } as const;

function observed(name: string, observerEndpoint: string, faultAt: number) {
  const packets = decodeCapture(readFileSync(new URL(`fixtures/${name}`, import.meta.url)));
  return observeKeepalive(packets, observerEndpoint, faultAt, analyseWire(packets, observerEndpoint, faultAt), hz);
}

describe('keepalive as observed on the wire', () => {
  it('vm-pause at 1/1/3: idle 1, interval 1, count 3', () => {
    expect(observed('vm-pause.pcap', '192.168.144.2:7000', 1795505976506)).toEqual({ observed: { idleS: 1, intervalS: 1, count: 3 }, reason: {} });
  });

  it("the article's 1/3/10: idle still reads 1, though the first unanswered probe came an interval after the last answered one", () => {
    expect(observed('vm-pause-1-3-10.pcap', '172.26.0.2:7000', 1795656865561)).toEqual({ observed: { idleS: 1, intervalS: 3, count: 10 }, reason: {} });
  });

  it('freeze: every probe answered, so neither the interval nor the count can show', () => {
    const { observed: settings, reason } = observed('freeze.pcap', '192.168.160.2:7000', 1795505988512);
    expect(settings).toEqual({ idleS: 1, intervalS: null, count: null });
    expect(reason).toEqual({
      intervalS: 'fewer than two unanswered probes after the fault: answered probes come max(idle, interval) apart',
      count: 'nothing ended the connection on the wire',
    });
  });

  it("reset: the client's RST ended it before keepalive could count", () => {
    expect(observed('reset.pcap', '192.168.176.2:7000', 1795505999900).reason.count).toBe("the peer's RST ended the connection before keepalive could");
  });

  it('a busy connection shows no probe at all', () => {
    expect(observed('busy-user-timeout.pcap', '172.20.0.2:7000', 1795509045049).reason).toEqual({
      idleS: 'no keepalive probe before the fault',
      intervalS: 'no keepalive probe after the fault',
      count: 'nothing ended the connection on the wire',
    });
  });

  it('two connections on one port, each with its own idle', () => {
    const packets = decodeCapture(readFileSync(new URL('fixtures/two-connections.pcap', import.meta.url)));
    for (const connection of packetsByConnection(packets).values()) {
      const end = connection.at(-1)!.t;
      expect(observeKeepalive(connection, '127.0.0.1:7000', end, analyseWire(connection, '127.0.0.1:7000', end), hz).observed.idleS).toBe(1);
    }
  });
});

describe('whole seconds a timer could have been set to', () => {
  it('inverts the timer wheel: never early, late by at most its step (and a jiffy either way)', () => {
    expect(secondsFitting(1024, hz)).toEqual([1]);
    expect(secondsFitting(3072, hz)).toEqual([3]);
    expect(secondsFitting(996.5, hz)).toEqual([1]); // elapsed time counts in jiffies
    expect(secondsFitting(1500, hz)).toEqual([]);
  });

  it('admits several where the wheel is coarse (2.048 s steps from 16 s at HZ 250)', () => {
    expect(secondsFitting(30_720, hz)).toEqual([29, 30]);
  });
});
