// The classic pcap file format (what `tcpdump -w` writes): a 24-byte header, then per packet a 16-byte record
// header and the captured bytes. Small enough to read directly; pcap-parser, the npm package for it, is an
// unmaintained 2012-era stream parser.
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

export function readPcap(bytes: Uint8Array): PcapFile {
  if (bytes.length < 24) throw new Error(`not a pcap file: ${bytes.length} bytes, shorter than its 24-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { littleEndian, nanos } = byteOrder(view.getUint32(0, true));
  const linkType = view.getUint32(20, littleEndian) & 0x0fffffff; // the top bits carry FCS flags
  const records: PcapRecord[] = [];
  for (let offset = 24; offset + 16 <= bytes.length;) {
    const seconds = view.getUint32(offset, littleEndian);
    const fraction = view.getUint32(offset + 4, littleEndian);
    const captured = view.getUint32(offset + 8, littleEndian);
    const start = offset + 16;
    if (start + captured > bytes.length) break; // a record cut short when the capture was stopped
    records.push({ t: seconds * 1000 + (nanos ? fraction / 1e6 : fraction / 1e3), data: bytes.subarray(start, start + captured) });
    offset = start + captured;
  }
  return { linkType, records };
}

function byteOrder(magicLittleEndian: number): { littleEndian: boolean; nanos: boolean } {
  const swapped = ((magicLittleEndian & 0xff) << 24 | (magicLittleEndian & 0xff00) << 8 | (magicLittleEndian >>> 8) & 0xff00 | magicLittleEndian >>> 24) >>> 0;
  for (const [magic, littleEndian] of [[magicLittleEndian, true], [swapped, false]] as const) {
    if (magic === MAGIC.MICROS) return { littleEndian, nanos: false };
    if (magic === MAGIC.NANOS) return { littleEndian, nanos: true };
  }
  if (magicLittleEndian === MAGIC.PCAPNG) throw new Error('pcapng files are not supported: capture with tcpdump -w, which writes pcap');
  throw new Error(`not a pcap file: unknown magic number 0x${magicLittleEndian.toString(16)}`);
}
