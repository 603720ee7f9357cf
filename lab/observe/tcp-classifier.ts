// What each captured packet is, from the TCP state both sides of its connection have shown so far. Connections
// are told apart by their 4-tuple, so many on one port never mix. A keepalive probe and a zero-window probe are
// the same on the wire (seq = snd_una − 1, 0 or 1 byte): they differ only by the window the peer last
// advertised. A probe is answered by any segment of the peer's that acknowledges snd_una: a pure ACK (a
// 'probe-answer'), or data or a FIN that happens to be on its way.
import { connectionKey, endpoint } from './endpoint.ts';
import type { DecodedPacket } from './packet-decoder.ts';

export type PacketKind =
  | 'syn'
  | 'syn-ack'
  | 'data'
  | 'ack'
  | 'keepalive-probe'
  | 'probe-answer'
  | 'retransmission'
  | 'zero-window-probe'
  | 'fin'
  | 'rst'
  | 'icmp-unreachable'
  | 'icmp-error';

export interface ClassifiedPacket {
  t: number;
  kind: PacketKind;
  /** The connection (connectionKey of its endpoints); for ICMP, the one its quoted segment belongs to, or ''. */
  connection: string;
  /** "ip:port" for TCP; the address alone for ICMP. */
  from: string;
  to: string;
  seq?: number;
  ack?: number;
  window?: number;
  length?: number;
  /** For a probe: whether the peer answered it, and when. */
  answered?: boolean;
  answeredAt?: number;
  /** For a segment of the peer's: it answered the other side's pending probe. */
  answersProbe?: boolean;
  /** For ICMP: its type and code, and the sequence number of the segment it reports. */
  icmp?: { type: number; code: number; v6: boolean };
  quotedSeq?: number;
}

interface SideState {
  /** One past the highest sequence number this side has sent. */
  nextSeq?: number;
  /** The highest ACK this side has sent: the other side's snd_una. */
  highestAck?: number;
  lastWindow?: number;
  /** This side's latest probe, until the peer answers it. */
  pendingProbe?: ClassifiedPacket;
}

const seqLess = (a: number, b: number) => ((a - b) | 0) < 0; // comparison modulo 2^32

/** Classifies packets one at a time, in capture order, keeping a little state per connection and side. */
export class TcpClassifier {
  private readonly connections = new Map<string, Map<string, SideState>>();

  classify(packet: DecodedPacket): ClassifiedPacket {
    if (packet.icmp) return this.classifyIcmp(packet);
    const tcp = packet.tcp!;
    const from = endpoint(packet.src, tcp.srcPort);
    const to = endpoint(packet.dst, tcp.dstPort);
    const connection = connectionKey(from, to);
    if (tcp.flags.syn && !tcp.flags.ack) this.connections.delete(connection); // a new connection on an old 4-tuple
    const sender = this.side(connection, from);
    const receiver = this.side(connection, to);
    const classified: ClassifiedPacket = {
      t: packet.t,
      kind: 'ack',
      connection,
      from,
      to,
      seq: tcp.seq,
      ack: tcp.ack,
      window: tcp.window,
      length: tcp.payloadLength,
    };
    const sequenceSpace = tcp.payloadLength + (tcp.flags.syn ? 1 : 0) + (tcp.flags.fin ? 1 : 0);
    const endSeq = (tcp.seq + sequenceSpace) >>> 0;
    const answersProbe = receiver.pendingProbe !== undefined && tcp.flags.ack && !tcp.flags.rst && tcp.ack === (receiver.pendingProbe.seq! + 1) >>> 0;

    if (tcp.flags.rst) classified.kind = 'rst';
    else if (tcp.flags.syn) classified.kind = tcp.flags.ack ? 'syn-ack' : 'syn';
    else if (isProbe(tcp.seq, tcp.payloadLength, receiver.highestAck) && !tcp.flags.fin) {
      classified.kind = receiver.lastWindow === 0 ? 'zero-window-probe' : 'keepalive-probe';
      classified.answered = false;
      sender.pendingProbe = classified;
    } else if (tcp.flags.fin) classified.kind = 'fin';
    else if (tcp.payloadLength > 0) {
      classified.kind = sender.nextSeq !== undefined && seqLess(tcp.seq, sender.nextSeq) ? 'retransmission' : 'data';
    } else if (answersProbe) {
      classified.kind = 'probe-answer';
    }
    // A probe of the peer's own acknowledges the observer's sequence too, but its sequence number is below the window:
    // the observer's kernel drops it before it counts as an answer (tcp_validate_incoming), so it answers nothing.
    if (answersProbe && classified.kind !== 'keepalive-probe' && classified.kind !== 'zero-window-probe') {
      classified.answersProbe = true;
      receiver.pendingProbe!.answered = true;
      receiver.pendingProbe!.answeredAt = packet.t;
      receiver.pendingProbe = undefined;
    }

    if (classified.kind !== 'keepalive-probe' && classified.kind !== 'zero-window-probe' && (sender.nextSeq === undefined || seqLess(sender.nextSeq, endSeq))) {
      sender.nextSeq = endSeq;
    }
    if (tcp.flags.ack && (sender.highestAck === undefined || seqLess(sender.highestAck, tcp.ack))) sender.highestAck = tcp.ack;
    if (!tcp.flags.rst) sender.lastWindow = tcp.window;
    return classified;
  }

  private classifyIcmp(packet: DecodedPacket): ClassifiedPacket {
    const icmp = packet.icmp!;
    const about = icmp.about;
    return {
      t: packet.t,
      kind: icmp.kind === 'unreachable' ? 'icmp-unreachable' : 'icmp-error',
      connection: about ? connectionKey(endpoint(about.src, about.srcPort), endpoint(about.dst, about.dstPort)) : '',
      from: packet.src,
      to: packet.dst,
      icmp: { type: icmp.type, code: icmp.code, v6: packet.src.includes(':') },
      ...(about ? { quotedSeq: about.seq } : {}),
    };
  }

  private side(connection: string, end: string): SideState {
    let sides = this.connections.get(connection);
    if (!sides) {
      sides = new Map();
      this.connections.set(connection, sides);
    }
    let state = sides.get(end);
    if (!state) {
      state = {};
      sides.set(end, state);
    }
    return state;
  }
}

export function classifyPackets(packets: DecodedPacket[]): ClassifiedPacket[] {
  const classifier = new TcpClassifier();
  return packets.map((packet) => classifier.classify(packet));
}

/** seq = snd_una − 1 with at most one byte: Linux sends 0 bytes, other stacks 1 garbage byte. */
function isProbe(seq: number, length: number, peerAck: number | undefined): boolean {
  return peerAck !== undefined && length <= 1 && seq === (peerAck - 1) >>> 0;
}
