// Link, network and transport headers of one captured frame: Ethernet or Linux cooked capture, IPv4 or IPv6,
// TCP, and ICMP/ICMPv6 errors with the TCP segment they are about.
import { ipv6Text } from './endpoint.ts';
import { LINKTYPE } from './pcap-file.ts';

export interface TcpFlags {
  syn: boolean;
  ack: boolean;
  fin: boolean;
  rst: boolean;
  psh: boolean;
}

export interface TcpHeader {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: TcpFlags;
  window: number;
  payloadLength: number;
}

export interface IcmpError {
  /** Destination unreachable (ICMP type 3, ICMPv6 type 1), or another error. */
  kind: 'unreachable' | 'other';
  type: number;
  code: number;
  /** The offending segment, as quoted back by the ICMP error. */
  about?: { src: string; dst: string; srcPort: number; dstPort: number; seq: number };
}

export interface DecodedPacket {
  t: number;
  src: string;
  dst: string;
  tcp?: TcpHeader;
  icmp?: IcmpError;
}

const ETHERTYPE = { IPV4: 0x0800, IPV6: 0x86dd, VLAN: 0x8100 } as const;
const PROTOCOL = { ICMP: 1, TCP: 6, ICMPV6: 58 } as const;

/** Decodes one frame; null for anything that is not IP carrying TCP or an ICMP error. */
export function decodeFrame(t: number, data: Uint8Array, linkType: number): DecodedPacket | null {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const network = networkLayer(view, linkType);
  if (!network) return null;
  const ip = decodeIp(view, network.offset, network.etherType);
  if (!ip) return null;
  const packet: DecodedPacket = { t, src: ip.src, dst: ip.dst };
  if (ip.protocol === PROTOCOL.TCP) {
    packet.tcp = decodeTcp(view, ip.payloadOffset, ip.payloadEnd) ?? undefined;
    return packet.tcp ? packet : null;
  }
  if (ip.protocol === PROTOCOL.ICMP || ip.protocol === PROTOCOL.ICMPV6) {
    packet.icmp = decodeIcmpError(view, ip.payloadOffset, ip.protocol === PROTOCOL.ICMPV6) ?? undefined;
    return packet.icmp ? packet : null;
  }
  return null;
}

function networkLayer(view: DataView, linkType: number): { offset: number; etherType: number } | null {
  if (linkType === LINKTYPE.ETHERNET) {
    if (view.byteLength < 14) return null;
    let etherType = view.getUint16(12);
    let offset = 14;
    if (etherType === ETHERTYPE.VLAN && view.byteLength >= 18) {
      etherType = view.getUint16(16);
      offset = 18;
    }
    return { offset, etherType };
  }
  if (linkType === LINKTYPE.LINUX_SLL) return view.byteLength < 16 ? null : { offset: 16, etherType: view.getUint16(14) };
  if (linkType === LINKTYPE.LINUX_SLL2) return view.byteLength < 20 ? null : { offset: 20, etherType: view.getUint16(0) };
  throw new Error(`unsupported pcap link type ${linkType} (Ethernet and Linux cooked captures are)`);
}

interface IpHeader {
  src: string;
  dst: string;
  protocol: number;
  payloadOffset: number;
  payloadEnd: number;
}

function decodeIp(view: DataView, offset: number, etherType: number): IpHeader | null {
  if (etherType === ETHERTYPE.IPV4 && view.byteLength >= offset + 20) {
    const headerLength = (view.getUint8(offset) & 0x0f) * 4;
    const totalLength = view.getUint16(offset + 2);
    return {
      src: ipv4(view, offset + 12),
      dst: ipv4(view, offset + 16),
      protocol: view.getUint8(offset + 9),
      payloadOffset: offset + headerLength,
      payloadEnd: offset + totalLength, // the true end even when the capture was cut at the snap length
    };
  }
  if (etherType === ETHERTYPE.IPV6 && view.byteLength >= offset + 40) {
    const payloadEnd = offset + 40 + view.getUint16(offset + 4);
    const upper = skipExtensionHeaders(view, view.getUint8(offset + 6), offset + 40);
    return upper && { src: ipv6(view, offset + 8), dst: ipv6(view, offset + 24), protocol: upper.protocol, payloadOffset: upper.offset, payloadEnd };
  }
  return null;
}

/** IPv6 extension headers that may stand between the fixed header and TCP or ICMPv6, and how long each is. */
const EXTENSION_LENGTH: Record<number, (view: DataView, at: number) => number> = {
  0: (view, at) => (view.getUint8(at + 1) + 1) * 8, // hop-by-hop options
  43: (view, at) => (view.getUint8(at + 1) + 1) * 8, // routing
  44: () => 8, // fragment
  51: (view, at) => (view.getUint8(at + 1) + 2) * 4, // authentication header
  60: (view, at) => (view.getUint8(at + 1) + 1) * 8, // destination options
};

/** Follows the next-header chain to the upper-layer protocol; null when the capture was cut inside it. */
function skipExtensionHeaders(view: DataView, next: number, offset: number): { protocol: number; offset: number } | null {
  let protocol = next;
  let at = offset;
  while (protocol in EXTENSION_LENGTH) {
    if (view.byteLength < at + 8) return null;
    const length = EXTENSION_LENGTH[protocol]!(view, at);
    protocol = view.getUint8(at);
    at += length;
  }
  return { protocol, offset: at };
}

function decodeTcp(view: DataView, offset: number, end: number): TcpHeader | null {
  if (view.byteLength < offset + 20) return null;
  const dataOffset = (view.getUint8(offset + 12) >> 4) * 4;
  const flags = view.getUint8(offset + 13);
  return {
    srcPort: view.getUint16(offset),
    dstPort: view.getUint16(offset + 2),
    seq: view.getUint32(offset + 4),
    ack: view.getUint32(offset + 8),
    flags: { fin: !!(flags & 0x01), syn: !!(flags & 0x02), rst: !!(flags & 0x04), psh: !!(flags & 0x08), ack: !!(flags & 0x10) },
    window: view.getUint16(offset + 14),
    payloadLength: Math.max(0, end - offset - dataOffset),
  };
}

function decodeIcmpError(view: DataView, offset: number, v6: boolean): IcmpError | null {
  if (view.byteLength < offset + 8) return null;
  const type = view.getUint8(offset);
  const code = view.getUint8(offset + 1);
  const isError = v6 ? type < 128 : [3, 4, 5, 11, 12].includes(type);
  if (!isError) return null;
  const error: IcmpError = { kind: (v6 ? type === 1 : type === 3) ? 'unreachable' : 'other', type, code };
  const quoted = decodeIp(view, offset + 8, v6 ? ETHERTYPE.IPV6 : ETHERTYPE.IPV4);
  if (quoted && quoted.protocol === PROTOCOL.TCP && view.byteLength >= quoted.payloadOffset + 8) {
    error.about = {
      src: quoted.src,
      dst: quoted.dst,
      srcPort: view.getUint16(quoted.payloadOffset),
      dstPort: view.getUint16(quoted.payloadOffset + 2),
      seq: view.getUint32(quoted.payloadOffset + 4),
    };
  }
  return error;
}

function ipv4(view: DataView, offset: number): string {
  return [0, 1, 2, 3].map((i) => view.getUint8(offset + i)).join('.');
}

function ipv6(view: DataView, offset: number): string {
  return ipv6Text(Array.from({ length: 16 }, (_, i) => view.getUint8(offset + i)));
}
