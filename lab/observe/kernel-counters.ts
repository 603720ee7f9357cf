// Per-namespace TCP counters from /proc/net/netstat. TcpExt.TCPKeepAlive counts keepalive probes sent, and a
// lab peer's namespace holds one connection, so its difference over the fault is the probes that connection sent.
import type { Sidecar } from '../runtime/sidecar.ts';

export type Counters = ReadonlyMap<string, number>;

/** Parses /proc/net/netstat: pairs of lines "Prefix: Name…" then "Prefix: value…" → "Prefix.Name" → value. */
export function parseNetstat(text: string): Counters {
  const counters = new Map<string, number>();
  const lines = text.trim().split('\n');
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const [prefix = '', ...names] = (lines[i] ?? '').trim().split(/\s+/);
    const values = (lines[i + 1] ?? '').trim().split(/\s+/).slice(1);
    for (const [index, name] of names.entries()) counters.set(`${prefix.replace(/:$/, '')}.${name}`, Number(values[index]));
  }
  return counters;
}

export const KEEPALIVE_PROBES_SENT = 'TcpExt.TCPKeepAlive';

export async function readCounters(sidecar: Sidecar): Promise<Counters> {
  return parseNetstat(await sidecar.sh('cat /proc/net/netstat'));
}
