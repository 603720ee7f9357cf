import { describe, expect, it } from 'vitest';
import type { ClassifiedPacket } from '../observe/tcp-classifier.ts';
import { closeOnWire, reconnected } from './close-on-wire.ts';

const CLIENT = '10.0.1.3:40000';
const PROXY = '10.0.1.2:5432';
const packet = (t: number, kind: ClassifiedPacket['kind'], from: string, to: string, more: Partial<ClassifiedPacket> = {}): ClassifiedPacket => ({
  t,
  kind,
  connection: 'c',
  from,
  to,
  ...more,
});

describe('closeOnWire', () => {
  const wire = [
    packet(0, 'syn', CLIENT, PROXY),
    packet(0.1, 'syn-ack', PROXY, CLIENT),
    packet(5, 'data', CLIENT, PROXY, { length: 14 }),
    packet(40, 'data', PROXY, CLIENT, { length: 66 }),
    packet(2_040, 'keepalive-probe', CLIENT, PROXY, { length: 1, answered: true }),
    packet(2_040.1, 'probe-answer', PROXY, CLIENT),
    packet(5_042, 'fin', PROXY, CLIENT),
    packet(5_046, 'fin', CLIENT, PROXY),
    packet(7_500, 'syn', '10.0.1.3:40002', PROXY),
  ];

  it("finds the proxy's FIN, the last data before it either way (not a 1-byte probe), and the probes", () => {
    const close = closeOnWire(wire, CLIENT, 0);
    expect([close.closing?.t, close.closing?.from, close.lastDataAt, close.reference, close.probes.length]).toEqual([5_042, PROXY, 40, 'last data', 1]);
  });

  it('counts from the handshake where no data passed, and finds no close where none came', () => {
    const silent = wire.filter((p) => p.kind === 'syn' || p.kind === 'syn-ack');
    expect(closeOnWire(silent, CLIENT, 0)).toEqual({ closing: null, lastDataAt: 0, reference: 'handshake', probes: [] });
  });

  it("sees a new connection's SYN from the client's address on another port, after the close", () => {
    expect(reconnected(wire, CLIENT, 5_042, 8_000)).toBe(true);
    expect(reconnected(wire, CLIENT, 5_042, 7_000)).toBe(false);
    expect(reconnected(wire, '10.0.1.9:40000', 5_042, 8_000)).toBe(false);
  });
});
