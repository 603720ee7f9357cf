// The observer kernel's neighbour entry for its peer (ARP, or IPv6 neighbour discovery), read with `ip neigh` in its
// namespace at the end of a run. A peer whose link is gone, or whose replies a blackhole swallows, answers no ARP:
// once the entry fails, what the kernel still sends the peer — the keepalive abort's RST among it — dies in the
// neighbour queue and never reaches the wire (found by bench robustness: disconnect-client at 9/5/8, 50 s of silence).
import type { Sidecar } from '../runtime/sidecar.ts';

/** REACHABLE, STALE, DELAY, PROBE, FAILED, INCOMPLETE, … as `ip neigh` prints it; 'none' without an entry. */
export type NeighbourState = string;

/** The state word of `ip neigh show <address>`: the last word of its line. */
export function parseNeighbour(text: string): NeighbourState {
  const line = text.split('\n').find((candidate) => candidate.trim() !== '');
  return line ? line.trim().split(/\s+/).at(-1)! : 'none';
}

/** Whether the kernel could no longer resolve the peer: what it sent then never left the host. */
export const neighbourFailed = (state: NeighbourState | undefined) => state === 'FAILED' || state === 'INCOMPLETE';

export async function readNeighbour(sidecar: Sidecar, address: string): Promise<NeighbourState> {
  return parseNeighbour(await sidecar.sh(`ip neigh show ${address}`).catch(() => ''));
}
