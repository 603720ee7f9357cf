// The lab connection as the server's network interface saw it around the fault: the last segment the server
// received before it (what the kernel counts from), the probes, and who ended the connection.
import type { ClassifiedPacket } from './tcp-classifier.ts';

export interface WireProbe {
  t: number;
  answered: boolean;
}

export interface WireAnalysis {
  /** The last packet the server received from the client before the fault. */
  reference?: { t: number; kind: string };
  /** The server's last answered keepalive probe before the fault: its timer re-armed for `interval` then. */
  lastAnsweredProbeAt?: number;
  /** The server's keepalive probes from the fault on, and the one just before it if the fault swallowed its answer. */
  probes: WireProbe[];
  /** Retransmissions of data by the server after the fault. */
  retransmissions: number;
  /** The first RST or FIN after the fault, and who sent it. */
  ending?: { t: number; kind: 'rst' | 'fin'; by: 'server' | 'client' };
  packets: number;
}

/** `faultStart`: the earliest the fault can have taken effect (the start of its injection). */
export function analyseWire(packets: ClassifiedPacket[], serverEndpoint: string, faultStart: number): WireAnalysis {
  const fromServer = (packet: ClassifiedPacket) => packet.from === serverEndpoint;
  const toServer = (packet: ClassifiedPacket) => packet.to === serverEndpoint || packet.to === serverEndpoint.split(':')[0];
  const before = packets.filter((packet) => packet.t < faultStart);
  const after = packets.filter((packet) => packet.t >= faultStart);
  const isProbe = (packet: ClassifiedPacket) => fromServer(packet) && packet.kind === 'keepalive-probe';
  const received = before.filter(toServer).at(-1);
  const lastProbe = before.filter(isProbe).at(-1);
  const lastAnswered = before.filter((packet) => isProbe(packet) && packet.answered).at(-1);
  const ending = after.find((packet) => packet.kind === 'rst' || packet.kind === 'fin');
  return {
    reference: received && { t: received.t, kind: received.kind },
    lastAnsweredProbeAt: lastAnswered?.t,
    probes: [...(lastProbe && !lastProbe.answered ? [lastProbe] : []), ...after.filter(isProbe)]
      .map((probe) => ({ t: probe.t, answered: probe.answered ?? false })),
    retransmissions: after.filter((packet) => fromServer(packet) && packet.kind === 'retransmission').length,
    ending: ending && { t: ending.t, kind: ending.kind as 'rst' | 'fin', by: fromServer(ending) ? 'server' : 'client' },
    packets: packets.length,
  };
}
