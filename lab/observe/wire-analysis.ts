// One connection as the observer's network interface saw it around the fault (the observer is the side whose
// keepalive should notice the faulted peer): the last segment it received before the fault (what its kernel
// counts from), its probes, and who ended the connection.
import type { ChainSeen } from '../model/keepalive-prediction.ts';
import { addressOf } from './endpoint.ts';
import type { ClassifiedPacket } from './tcp-classifier.ts';

export interface WireProbe {
  t: number;
  answered: boolean;
  /** ms since the peer's previous segment: a peer may rate-limit its answer to out-of-window segments. */
  sincePeerMs?: number;
}

export interface WireAnalysis {
  /** The last packet the observer received from the peer before the fault. */
  reference?: { t: number; kind: string };
  /** The observer's last answered keepalive probe before the fault: its timer re-armed for `interval` then. */
  lastAnsweredProbeAt?: number;
  /** The observer's keepalive probes from the fault on, and the one just before it if the fault swallowed its answer. */
  probes: WireProbe[];
  /** The observer's zero-window probes after the fault (data queued, the peer's window closed). */
  zeroWindowProbes: WireProbe[];
  /** Retransmissions of data by the observer after the fault. */
  retransmissions: number;
  /** When they went out, one per timer tick (segments a tick sends together count once). */
  retransmittedAt: number[];
  /** When the observer first sent data the peer never acknowledged. */
  firstUnackedAt?: number;
  /** The longest round trip before the fault: from a segment of the observer's to the peer's first ACK of it, ms. */
  longestRoundTripMs?: number;
  /** The observer's first retransmission after the fault: what the retransmission limit counts from. */
  firstRetransmissionAt?: number;
  /** The first RST or FIN after the fault, and who sent it. */
  ending?: { t: number; kind: 'rst' | 'fin'; by: 'observer' | 'peer' };
  /**
   * ICMP errors about the connection that reached the observer after the fault. `inWindow`: it quotes a segment
   * other than a keepalive probe (whose sequence number is below the window, so the kernel ignores its errors).
   */
  icmpErrors: IcmpArrival[];
  packets: number;
  /** When the observer answered a keepalive probe of the peer's own after the fault: a segment a firewall may answer with RST too. */
  answersToPeer: number[];
}

export interface IcmpArrival {
  t: number;
  type: number;
  code: number;
  v6: boolean;
  inWindow: boolean;
}

/** The first data segment from the observer that reaches past the peer's last acknowledgement. */
function firstUnacked(packets: ClassifiedPacket[], fromObserver: (packet: ClassifiedPacket) => boolean, lastAck: number | undefined): number | undefined {
  if (lastAck === undefined) return undefined;
  return packets.find((packet) => fromObserver(packet) && (packet.length ?? 0) > 0 && ((packet.seq! + packet.length! - lastAck) | 0) > 0)?.t;
}

/** The longest time a segment of the observer's (a SYN-ACK, data) waited for the peer's ACK, before the fault. */
function longestRoundTrip(before: ClassifiedPacket[], fromObserver: (packet: ClassifiedPacket) => boolean): number | undefined {
  let longest: number | undefined;
  before.forEach((sent, k) => {
    const space = (sent.length ?? 0) + (sent.kind === 'syn-ack' || sent.kind === 'syn' ? 1 : 0);
    if (!fromObserver(sent) || space === 0 || sent.kind === 'retransmission') return;
    const end = (sent.seq! + space) >>> 0;
    const acked = before.slice(k + 1).find((packet) => !fromObserver(packet) && packet.ack !== undefined && ((packet.ack - end) | 0) >= 0);
    if (acked) longest = Math.max(longest ?? 0, acked.t - sent.t);
  });
  return longest;
}

/** The packets of each connection in a capture, in capture order (ICMP errors with the connection they quote). */
export function packetsByConnection(packets: ClassifiedPacket[]): Map<string, ClassifiedPacket[]> {
  const connections = new Map<string, ClassifiedPacket[]>();
  for (const packet of packets) {
    if (!packet.connection) continue;
    const list = connections.get(packet.connection);
    if (list) list.push(packet);
    else connections.set(packet.connection, [packet]);
  }
  return connections;
}

/**
 * Whether a segment that reached the observer restarts its keepalive silence. The peer's own probes (keepalive or
 * zero-window) carry a sequence number below the window: the observer's kernel answers them with a duplicate ACK
 * and drops them before they touch rcv_tstamp (tcp_validate_incoming) — measured: a Redis server probing every 8 s
 * kept its schedule through its client's probe. Nor does an ICMP error, which is no segment at all: a rejected
 * probe's host-unreachable comes back at once.
 */
const restartsSilence = (packet: ClassifiedPacket) =>
  packet.kind !== 'keepalive-probe' && packet.kind !== 'zero-window-probe' && packet.kind !== 'icmp-unreachable' && packet.kind !== 'icmp-error';

/** One connection's keepalive probes from the observer, and the segments it received, before `before`: what fixes its timer's phase. */
export function chainSeenBefore(packets: readonly ClassifiedPacket[], observerEndpoint: string, before: number): ChainSeen {
  const earlier = packets.filter((packet) => packet.t < before);
  return {
    probes: earlier.filter((packet) => packet.from === observerEndpoint && packet.kind === 'keepalive-probe').map((packet) => packet.t),
    received: earlier.filter((packet) => packet.to === observerEndpoint && restartsSilence(packet)).map((packet) => packet.t),
  };
}

/**
 * `packets`: one connection's (packetsByConnection); `observerEndpoint`: the observer's side of it;
 * `faultStart`: the earliest the fault can have taken effect (the start of its injection); `faultAt`: when it surely
 * had. What the observer received before `faultAt` it received, so a probe answered inside the injection is one of
 * the probes before the fault, and its answer can be the last segment received.
 */
export function analyseWire(packets: ClassifiedPacket[], observerEndpoint: string, faultStart: number, faultAt = faultStart): WireAnalysis {
  const fromObserver = (packet: ClassifiedPacket) => packet.from === observerEndpoint;
  const toObserver = (packet: ClassifiedPacket) => packet.to === observerEndpoint || packet.to === addressOf(observerEndpoint);
  const before = packets.filter((packet) => packet.t < faultStart);
  const after = packets.filter((packet) => packet.t >= faultStart);
  const isProbe = (packet: ClassifiedPacket) => fromObserver(packet) && packet.kind === 'keepalive-probe';
  const answeredInTime = (packet: ClassifiedPacket) => packet.answered === true && packet.answeredAt! < faultAt;
  const received = packets
    .filter(
      (packet) =>
        packet.t < faultAt && toObserver(packet) && restartsSilence(packet) && (packet.t < faultStart || (packet.kind !== 'rst' && packet.kind !== 'fin')),
    )
    .at(-1);
  const lastProbe = before.filter(isProbe).at(-1);
  const lastAnswered = packets.filter((packet) => isProbe(packet) && answeredInTime(packet)).at(-1);
  const ending = after.find((packet) => packet.kind === 'rst' || packet.kind === 'fin');
  return {
    reference: received && { t: received.t, kind: received.kind },
    lastAnsweredProbeAt: lastAnswered?.t,
    probes: [...(lastProbe && !lastProbe.answered ? [lastProbe] : []), ...after.filter((packet) => isProbe(packet) && !answeredInTime(packet))].map(
      (probe) => ({ t: probe.t, answered: probe.answered ?? false }),
    ),
    zeroWindowProbes: after
      .filter((packet) => fromObserver(packet) && packet.kind === 'zero-window-probe')
      .map((probe) => {
        const previous = packets.filter((packet) => !fromObserver(packet) && packet.t < probe.t).at(-1);
        return { t: probe.t, answered: probe.answered ?? false, sincePeerMs: previous && probe.t - previous.t };
      }),
    retransmissions: after.filter((packet) => fromObserver(packet) && packet.kind === 'retransmission').length,
    retransmittedAt: oncePerTick(after.filter((packet) => fromObserver(packet) && packet.kind === 'retransmission').map((packet) => packet.t)),
    firstUnackedAt: firstUnacked(packets, fromObserver, received?.ack),
    longestRoundTripMs: longestRoundTrip(before, fromObserver),
    firstRetransmissionAt: after.find((packet) => fromObserver(packet) && packet.kind === 'retransmission')?.t,
    ending: ending && { t: ending.t, kind: ending.kind as 'rst' | 'fin', by: fromObserver(ending) ? 'observer' : 'peer' },
    icmpErrors: icmpErrors(after.filter(toObserver), packets.filter(isProbe)),
    packets: packets.length,
    answersToPeer: after.filter((packet) => fromObserver(packet) && packet.kind === 'probe-answer').map((packet) => packet.t),
  };
}

/** Segments a timer tick sends together go out within a millisecond: one time per tick. */
export function oncePerTick(times: number[]): number[] {
  return times.filter((t, k) => k === 0 || t - times[k - 1]! > 1);
}

function icmpErrors(toObserver: ClassifiedPacket[], probes: ClassifiedPacket[]): IcmpArrival[] {
  const probeSeqs = new Set(probes.map((probe) => probe.seq));
  return toObserver
    .filter((packet) => packet.icmp)
    .map((packet) => ({
      t: packet.t,
      ...packet.icmp!,
      inWindow: packet.quotedSeq !== undefined && !probeSeqs.has(packet.quotedSeq),
    }));
}
