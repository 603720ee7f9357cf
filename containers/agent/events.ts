// One JSON line per event on stdout. `t` is ms since the epoch with sub-ms precision; the container's clock
// is the Docker host's clock (containers share the host kernel), so the lab compares it with its own times.
import { performance } from 'node:perf_hooks';

export type Role = 'server' | 'client';

export function now(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000) / 1000;
}

export function emit(role: Role, event: string, data: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ t: now(), role, event, ...data })}\n`);
}
