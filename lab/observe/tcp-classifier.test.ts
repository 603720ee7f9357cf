// Kinds no lab capture shows yet, on hand-made segments: a zero-window probe, a retransmission, ICMP.
import { describe, expect, it } from 'vitest';
import type { DecodedPacket, TcpFlags } from './packet-decoder.ts';
import { classifyPackets } from './tcp-classifier.ts';

const flags = (set: Partial<TcpFlags>): TcpFlags => ({ syn: false, ack: true, fin: false, rst: false, psh: false, ...set });
const segment = (t: number, from: 'server' | 'client', seq: number, ack: number, length = 0, window = 64, more: Partial<TcpFlags> = {}): DecodedPacket => ({
  t,
  src: from === 'server' ? '10.0.0.2' : '10.0.0.3',
  dst: from === 'server' ? '10.0.0.3' : '10.0.0.2',
  tcp: {
    srcPort: from === 'server' ? 7000 : 40000,
    dstPort: from === 'server' ? 40000 : 7000,
    seq,
    ack,
    flags: flags(more),
    window,
    payloadLength: length,
  },
});

describe('TCP classification on constructed segments', () => {
  it('tells a zero-window probe from a keepalive probe by the window the peer last advertised', () => {
    const kinds = classifyPackets([
      segment(1, 'server', 100, 500, 10), // data 100..110
      segment(2, 'client', 500, 110, 0, 0), // ACK, window closed
      segment(3, 'server', 109, 500), // seq = snd_una − 1: a probe, against a zero window
      segment(4, 'client', 500, 110, 0, 0), // answered, still zero
      segment(5, 'client', 500, 110, 0, 64), // window reopens
      segment(6, 'server', 109, 500), // the same probe now is keepalive
    ]).map((packet) => packet.kind);
    expect(kinds).toEqual(['data', 'ack', 'zero-window-probe', 'probe-answer', 'ack', 'keepalive-probe']);
  });

  it('takes data that acknowledges the probe as its answer too', () => {
    const packets = classifyPackets([
      segment(1, 'server', 100, 500, 10), // data 100..110
      segment(2, 'client', 500, 110), // ACK
      segment(3, 'server', 109, 500), // a keepalive probe
      segment(4, 'client', 500, 110, 20), // the client's data, acknowledging snd_una: the probe is answered
    ]);
    expect(packets.map((packet) => packet.kind)).toEqual(['data', 'ack', 'keepalive-probe', 'data']);
    expect(packets[2]!.answered).toBe(true);
  });

  it('marks data sent again as a retransmission, and FIN and RST as such', () => {
    const kinds = classifyPackets([
      segment(1, 'server', 100, 500, 10),
      segment(2, 'server', 100, 500, 10),
      segment(3, 'server', 110, 500, 0, 64, { fin: true }),
      segment(4, 'client', 500, 111, 0, 64, { rst: true, ack: false }),
    ]).map((packet) => packet.kind);
    expect(kinds).toEqual(['data', 'retransmission', 'fin', 'rst']);
  });

  it('keeps ICMP unreachable apart from other ICMP errors', () => {
    const icmp = (type: number): DecodedPacket => ({
      t: 1,
      src: '10.0.0.3',
      dst: '10.0.0.2',
      icmp: { kind: type === 3 ? 'unreachable' : 'other', type, code: 1 },
    });
    expect(classifyPackets([icmp(3), icmp(11)]).map((packet) => packet.kind)).toEqual(['icmp-unreachable', 'icmp-error']);
  });
});
