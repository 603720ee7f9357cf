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
