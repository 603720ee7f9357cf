// What the client's wire shows of its first connection through the proxy: the first FIN or RST after the
// handshake and who sent it, the last data before it (either way: HAProxy rearms its idle timer on reads and writes;
// the handshake where no data passed), and the client's keepalive probes before it — and, after it, whether the
// application opened a new connection (its SYN, from the client's address on another port).
import { addressOf } from '../observe/endpoint.ts';
import type { ClassifiedPacket } from '../observe/tcp-classifier.ts';

export interface CloseOnWire {
  /** The FIN or RST that closed the connection, null: none within the watch. */
  closing: ClassifiedPacket | null;
  /** When the idle timer started: the last data before the close, or the handshake where none passed. */
  lastDataAt: number;
  reference: 'last data' | 'handshake';
  probes: ClassifiedPacket[];
}

const carriesData = (packet: ClassifiedPacket) => packet.kind === 'data' || packet.kind === 'retransmission';

export function closeOnWire(packets: readonly ClassifiedPacket[], clientEnd: string, handshakeAt: number): CloseOnWire {
  const own = packets.filter((packet) => (packet.from === clientEnd || packet.to === clientEnd) && packet.t >= handshakeAt);
  const closing = own.find((packet) => packet.kind === 'fin' || packet.kind === 'rst') ?? null;
  const before = own.filter((packet) => !closing || packet.t < closing.t);
  const lastData = before.filter(carriesData).at(-1);
  return {
    closing,
    lastDataAt: lastData?.t ?? handshakeAt,
    reference: lastData ? 'last data' : 'handshake',
    probes: before.filter((packet) => packet.from === clientEnd && packet.kind === 'keepalive-probe'),
  };
}

/** Whether a new connection's SYN left the client's address, on another port, within (after, until]. */
export function reconnected(packets: readonly ClassifiedPacket[], clientEnd: string, after: number, until: number): boolean {
  const client = addressOf(clientEnd);
  return packets.some(
    (packet) => packet.kind === 'syn' && packet.from !== clientEnd && addressOf(packet.from) === client && packet.t > after && packet.t <= until,
  );
}
