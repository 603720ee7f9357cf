// A pcap file's bytes → the classified packets of the lab connection.
import { decodeFrame, type DecodedPacket } from './packet-decoder.ts';
import { readPcap } from './pcap-file.ts';
import { type ClassifiedPacket, classifyPackets } from './tcp-classifier.ts';

export function decodeCapture(bytes: Uint8Array): ClassifiedPacket[] {
  const { linkType, records } = readPcap(bytes);
  const decoded = records.map((record) => decodeFrame(record.t, record.data, linkType)).filter((packet): packet is DecodedPacket => packet !== null);
  return classifyPackets(decoded);
}
