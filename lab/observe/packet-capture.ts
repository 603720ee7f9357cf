// The wire as an observation source: tcpdump in a peer's network namespace (run from its sidecar), from before
// the client connects until the outcome, its pcap stream read as it comes. Every packet is decoded and
// classified per connection at once, so the run learns of a handshake, a probe or an RST while it happens.
// Packet timestamps are the kernel's, in the Docker host's clock like every other time.
import type { Sidecar, StreamingCommand } from '../runtime/sidecar.ts';
import type { FactLog, ObservationSource } from './facts.ts';
import { decodeFrame } from './packet-decoder.ts';
import { PcapReader } from './pcap-file.ts';
import { type ClassifiedPacket, TcpClassifier } from './tcp-classifier.ts';
import { startTcpdump, stopTcpdump, type TcpdumpCounts } from './tcpdump.ts';

export interface CaptureResult {
  /** The capture as a pcap file. */
  pcap: Buffer;
  /** Every packet, classified, in capture order. */
  packets: ClassifiedPacket[];
  /** tcpdump's counts of packets lost before it could read them: by the kernel, by the interface (null if it did not say). */
  droppedByKernel: number | null;
  droppedByInterface: number | null;
}

export class PacketCapture implements ObservationSource {
  readonly name = 'wire';
  private readonly chunks: Buffer[] = [];
  private readonly packets: ClassifiedPacket[] = [];
  private readonly reader = new PcapReader();
  private readonly classifier = new TcpClassifier();
  /** Connections whose SYN-ACK was seen, until the client's ACK completes the handshake. */
  private readonly handshakes = new Map<string, { client: string; server: string }>();

  private readonly command: StreamingCommand;
  private readonly facts: FactLog;
  /** tcpdump's own counts, once stopped. */
  private counts: TcpdumpCounts | null = null;

  private constructor(command: StreamingCommand, facts: FactLog) {
    this.command = command;
    this.facts = facts;
  }

  /** Starts tcpdump on `port` (and ICMP errors about it) and resolves once it is listening. */
  static async start(sidecar: Sidecar, facts: FactLog, port: number): Promise<PacketCapture> {
    // --immediate-mode and -U: each packet reaches the lab as it is captured, not in blocks.
    const command = await startTcpdump(sidecar, port, '-U --immediate-mode -s 128');
    const capture = new PacketCapture(command, facts);
    command.stdout.on('data', (chunk: Buffer) => capture.read(chunk));
    return capture;
  }

  /** Stops tcpdump (it flushes its last packets and counts its drops) and waits for its stream to end. */
  async stop(): Promise<void> {
    this.counts = await stopTcpdump(this.command);
  }

  /** What was captured, once stopped. */
  result(): CaptureResult {
    return {
      pcap: Buffer.concat(this.chunks),
      packets: this.packets,
      droppedByKernel: this.counts?.droppedByKernel ?? null,
      droppedByInterface: this.counts?.droppedByInterface ?? null,
    };
  }

  private read(chunk: Buffer): void {
    this.chunks.push(chunk);
    for (const record of this.reader.push(chunk)) {
      const decoded = decodeFrame(record.t, record.data, this.reader.linkType!);
      if (!decoded) continue;
      const packet = this.classifier.classify(decoded);
      this.packets.push(packet);
      this.tell(packet);
    }
  }

  /** One connection's packets so far, classified, in capture order. */
  packetsOf(connection: string): ClassifiedPacket[] {
    return this.packets.filter((packet) => packet.connection === connection);
  }

  /** The facts a packet establishes: a completed handshake, a keepalive probe and its answer, a retransmission, an RST or FIN. */
  private tell(packet: ClassifiedPacket): void {
    const base = { t: packet.t, source: 'wire' as const, connection: packet.connection };
    if (packet.kind === 'syn-ack') this.handshakes.set(packet.connection, { client: packet.to, server: packet.from });
    const handshake = this.handshakes.get(packet.connection);
    if (handshake && packet.kind === 'ack' && packet.from === handshake.client) {
      this.handshakes.delete(packet.connection);
      this.facts.push({ ...base, kind: 'opened', ...handshake });
    }
    if (packet.kind === 'keepalive-probe') this.facts.push({ ...base, kind: 'probe', from: packet.from });
    if (packet.answersProbe) this.facts.push({ ...base, kind: 'answered', from: packet.to });
    if (packet.kind === 'retransmission') this.facts.push({ ...base, kind: 'retransmitted', from: packet.from });
    if (packet.kind === 'rst' || packet.kind === 'fin') this.facts.push({ ...base, kind: 'ended', signal: packet.kind, at: packet.from });
  }
}
