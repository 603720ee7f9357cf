// The wire for thousands of connections: tcpdump in the observer's namespace keeps headers only, through a large
// kernel buffer and without immediate mode (no wake-up per packet), and streams the pcap to the lab, which keeps
// it as it comes and decodes it once, after the run, in one pass. The kernel hands packets over a block at a time
// (a block fills, or a second passes): to be sure the capture holds everything up to a moment, the lab puts a
// marker on the wire then — a SYN from the observer's namespace — and waits until it has come through.
import type { Sidecar, StreamingCommand } from '../runtime/sidecar.ts';
import { PcapProgress } from './pcap-file.ts';
import type { ObservationSource } from './facts.ts';
import { startTcpdump, stopTcpdump, type TcpdumpCounts } from './tcpdump.ts';

/** Enough for Ethernet, IPv6 and TCP with options: the payload is never needed. */
const SNAP_BYTES = 128;
/** tcpdump's -B, in KiB: the kernel buffer that absorbs a burst while tcpdump writes. */
const BUFFER_KIB = 65_536;
/** The kernel hands a block over at the latest this long after its first packet (libpcap's timeout in tcpdump). */
const BLOCK_TIMEOUT_MS = 1_000;

export interface BulkCaptureResult {
  pcap: Buffer;
  /** tcpdump's counts on exit: packets it captured, and those lost before it read them (null if it did not say). */
  captured: number | null;
  droppedByKernel: number | null;
  droppedByInterface: number | null;
}

export class BulkCapture implements ObservationSource<BulkCaptureResult> {
  readonly name = 'wire';
  private readonly sidecar: Sidecar;
  private readonly command: StreamingCommand;
  private readonly chunks: Buffer[] = [];
  private readonly progress = new PcapProgress();
  private readonly port: number;
  private counts: TcpdumpCounts = { captured: null, droppedByKernel: null, droppedByInterface: null };

  private constructor(sidecar: Sidecar, command: StreamingCommand, port: number) {
    this.sidecar = sidecar;
    this.command = command;
    this.port = port;
    command.stdout.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.progress.push(chunk);
    });
  }

  /** Starts tcpdump on `port` (and ICMP errors) and resolves once it listens. */
  static async start(sidecar: Sidecar, port: number): Promise<BulkCapture> {
    // -U: each packet the kernel hands over is written at once (not when tcpdump's own buffer fills).
    return new BulkCapture(sidecar, await startTcpdump(sidecar, port, `-U -s ${SNAP_BYTES} -B ${BUFFER_KIB}`), port);
  }

  /**
   * Puts a marker on the wire — a SYN from the observer's namespace to `address` on the captured port, answered or
   * not — and waits until the capture has it: then it holds every packet before. False if it did not come through.
   */
  async catchUp(address: string): Promise<boolean> {
    const sentAt = Date.now();
    await this.sidecar.sh(`timeout 1 bash -c 'exec 3<>/dev/tcp/${address}/${this.port}' 2>/dev/null; true`);
    const deadline = Date.now() + BLOCK_TIMEOUT_MS * 3;
    while (this.progress.lastT < sentAt) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
  }

  /** Packets so far (by their record headers). */
  get packets(): number {
    return this.progress.records;
  }

  /** Stops tcpdump (SIGINT: it flushes and counts its losses). */
  async stop(): Promise<void> {
    this.counts = await stopTcpdump(this.command);
  }

  /** What it captured, once stopped. */
  result(): BulkCaptureResult {
    return { pcap: Buffer.concat(this.chunks), ...this.counts };
  }
}
