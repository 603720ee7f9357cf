// Test support: a pcap file built packet by packet (Ethernet, IPv4, TCP headers with the flags, sequence numbers
// and window the classifier reads), for captures no machine here could record on demand — thousands of
// connections, each following a script of handshake, probes, answers and endings.

export interface SyntheticSegment {
  /** ms since the epoch. */
  t: number;
  from: { ip: string; port: number };
  to: { ip: string; port: number };
  seq: number;
  ack: number;
  flags: { syn?: boolean; ack?: boolean; fin?: boolean; rst?: boolean; psh?: boolean };
  payload?: number;
}

export function syntheticPcap(segments: readonly SyntheticSegment[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b23c4d, 0); // nanosecond timestamps
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262_144, 16);
  header.writeUInt32LE(1, 20); // Ethernet
  return Buffer.concat([header, ...segments.map(record)]);
}

function record(segment: SyntheticSegment): Buffer {
  const frame = Buffer.alloc(14 + 20 + 20 + (segment.payload ?? 0));
  frame.writeUInt16BE(0x0800, 12);
  const ip = 14;
  frame.writeUInt8(0x45, ip);
  frame.writeUInt16BE(frame.length - 14, ip + 2);
  frame.writeUInt8(64, ip + 8);
  frame.writeUInt8(6, ip + 9);
  address(segment.from.ip).copy(frame, ip + 12);
  address(segment.to.ip).copy(frame, ip + 16);
  const tcp = ip + 20;
  frame.writeUInt16BE(segment.from.port, tcp);
  frame.writeUInt16BE(segment.to.port, tcp + 2);
  frame.writeUInt32BE(segment.seq >>> 0, tcp + 4);
  frame.writeUInt32BE(segment.ack >>> 0, tcp + 8);
  frame.writeUInt8(5 << 4, tcp + 12);
  const { syn, ack, fin, rst, psh } = segment.flags;
  frame.writeUInt8((fin ? 1 : 0) | (syn ? 2 : 0) | (rst ? 4 : 0) | (psh ? 8 : 0) | (ack ? 16 : 0), tcp + 13);
  frame.writeUInt16BE(65_535, tcp + 14);
  const head = Buffer.alloc(16);
  const seconds = Math.floor(segment.t / 1000);
  head.writeUInt32LE(seconds, 0);
  head.writeUInt32LE(Math.round((segment.t - seconds * 1000) * 1e6), 4);
  head.writeUInt32LE(frame.length, 8);
  head.writeUInt32LE(frame.length, 12);
  return Buffer.concat([head, frame]);
}

function address(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}
