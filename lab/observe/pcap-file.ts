// The classic pcap file format (what `tcpdump -w` writes): a 24-byte header, then per packet a 16-byte record
// header and the captured bytes. Small enough to read directly, also as it streams in; pcap-parser, the npm
// package for it, is an unmaintained 2012-era stream parser.
export const LINKTYPE = { ETHERNET: 1, LINUX_SLL: 113, LINUX_SLL2: 276 } as const;

export interface PcapRecord {
  /** ms since the epoch, with the file's µs or ns precision. */
  t: number;
  data: Uint8Array;
}

export interface PcapFile {
  linkType: number;
  records: PcapRecord[];
}

const MAGIC = { MICROS: 0xa1b2c3d4, NANOS: 0xa1b23c4d, PCAPNG: 0x0a0d0d0a } as const;
const FILE_HEADER = 24;
const RECORD_HEADER = 16;

/** Reads a pcap stream chunk by chunk: each push returns the records completed so far. */
export class PcapReader {
  linkType?: number;
  private littleEndian = true;
  private nanos = false;
  private pending: Uint8Array = new Uint8Array(0);

  push(chunk: Uint8Array): PcapRecord[] {
    const bytes = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let offset = 0;
    if (this.linkType === undefined) {
      if (bytes.length < FILE_HEADER) {
        this.pending = bytes;
        return [];
      }
      ({ littleEndian: this.littleEndian, nanos: this.nanos } = byteOrder(view.getUint32(0, true)));
      this.linkType = view.getUint32(20, this.littleEndian) & 0x0fffffff; // the top bits carry FCS flags
      offset = FILE_HEADER;
    }
    const records: PcapRecord[] = [];
    while (offset + RECORD_HEADER <= bytes.length) {
      const captured = view.getUint32(offset + 8, this.littleEndian);
      const start = offset + RECORD_HEADER;
      if (start + captured > bytes.length) break; // the rest of this record is still to come
      const seconds = view.getUint32(offset, this.littleEndian);
      const fraction = view.getUint32(offset + 4, this.littleEndian);
      records.push({ t: seconds * 1000 + (this.nanos ? fraction / 1e6 : fraction / 1e3), data: bytes.slice(start, start + captured) });
      offset = start + captured;
    }
    this.pending = bytes.slice(offset);
    return records;
  }
}

/**
 * Follows a pcap stream by its record headers alone — how many records, and the last one's time — without copying
 * the packets: for a capture too big to decode as it comes, to know how far it has got.
 */
export class PcapProgress {
  records = 0;
  lastT = Number.NEGATIVE_INFINITY;
  private header?: { littleEndian: boolean; nanos: boolean };
  private carry: Uint8Array = new Uint8Array(0);
  /** Bytes of the current record's data still to skip, past the chunk that held its header. */
  private skip = 0;

  push(chunk: Uint8Array): void {
    let bytes = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    if (this.skip >= bytes.length) {
      this.skip -= bytes.length;
      this.carry = new Uint8Array(0);
      return;
    }
    bytes = bytes.subarray(this.skip);
    this.skip = 0;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let offset = 0;
    if (!this.header) {
      if (bytes.length < FILE_HEADER) {
        this.carry = bytes.slice();
        return;
      }
      this.header = byteOrder(view.getUint32(0, true));
      offset = FILE_HEADER;
    }
    const { littleEndian, nanos } = this.header;
    while (offset + RECORD_HEADER <= bytes.length) {
      const captured = view.getUint32(offset + 8, littleEndian);
      this.lastT = view.getUint32(offset, littleEndian) * 1000 + view.getUint32(offset + 4, littleEndian) / (nanos ? 1e6 : 1e3);
      this.records += 1;
      const next = offset + RECORD_HEADER + captured;
      if (next > bytes.length) {
        this.skip = next - bytes.length;
        offset = bytes.length;
        break;
      }
      offset = next;
    }
    this.carry = bytes.slice(offset);
  }
}

/** A whole file; a record cut short at the end (the capture stopped mid-write) is left out. */
export function readPcap(bytes: Uint8Array): PcapFile {
  if (bytes.length < FILE_HEADER) throw new Error(`not a pcap file: ${bytes.length} bytes, shorter than its 24-byte header`);
  const reader = new PcapReader();
  const records = reader.push(bytes);
  return { linkType: reader.linkType!, records };
}

function byteOrder(magicLittleEndian: number): { littleEndian: boolean; nanos: boolean } {
  const swapped =
    (((magicLittleEndian & 0xff) << 24) | ((magicLittleEndian & 0xff00) << 8) | ((magicLittleEndian >>> 8) & 0xff00) | (magicLittleEndian >>> 24)) >>> 0;
  for (const [magic, littleEndian] of [
    [magicLittleEndian, true],
    [swapped, false],
  ] as const) {
    if (magic === MAGIC.MICROS) return { littleEndian, nanos: false };
    if (magic === MAGIC.NANOS) return { littleEndian, nanos: true };
  }
  if (magicLittleEndian === MAGIC.PCAPNG) throw new Error('pcapng files are not supported: capture with tcpdump -w, which writes pcap');
  throw new Error(`not a pcap file: unknown magic number 0x${magicLittleEndian.toString(16)}`);
}
