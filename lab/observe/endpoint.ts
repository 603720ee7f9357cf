// One way to write an endpoint and a connection, whatever reported them (a packet, an agent, the socket table):
// "10.0.0.2:7000", "[fd00::2]:7000"; a connection is its two endpoints, in a fixed order.

/** "address:port", with an IPv6 address in brackets and an IPv4-mapped one as plain IPv4. */
export function endpoint(address: string, port: number | string): string {
  const plain = address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
  return plain.includes(':') ? `[${plain}]:${port}` : `${plain}:${port}`;
}

/** The address part of an endpoint ("[fd00::2]:7000" → "fd00::2"). */
export function addressOf(text: string): string {
  const bracketed = /^\[(.*)\]:\d+$/.exec(text);
  return bracketed ? bracketed[1]! : text.replace(/:\d+$/, '');
}

/** The port of an endpoint. */
export function portOf(text: string): number {
  return Number(/:(\d+)$/.exec(text)?.[1] ?? Number.NaN);
}

/** A connection's key: its two endpoints in sorted order, so both directions of it give the same key. */
export function connectionKey(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

/** An IPv6 address's 16 bytes as text, as Node and RFC 5952 write it: the longest run of zero groups as '::'. */
export function ipv6Text(bytes: ArrayLike<number>): string {
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return `::ffff:${[12, 13, 14, 15].map((i) => bytes[i]).join('.')}`;
  }
  let best = { start: -1, length: 0 };
  for (let start = 0; start < 8; ) {
    let end = start;
    while (end < 8 && groups[end] === 0) end += 1;
    if (end - start > best.length) best = { start, length: end - start };
    start = end === start ? start + 1 : end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (best.length < 2) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}
