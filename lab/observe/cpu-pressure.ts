// How contended the machine's CPUs were while a run watched: the share of that time in which some runnable task
// waited for a CPU (/proc/pressure/cpu, "some" total, µs). The lab runs on the Docker host, whose pressure this is;
// a kernel without PSI has no such file, and the figure is then unknown.
import { readFile } from 'node:fs/promises';
import { type Instant, now } from '../clock.ts';

export interface PressureMark {
  t: Instant;
  stalledUs: number;
}

/** The CPU's "some" stall total now; null where the kernel keeps no pressure figures. */
export async function markCpuPressure(path = '/proc/pressure/cpu'): Promise<PressureMark | null> {
  const text = await readFile(path, 'utf8').catch(() => null);
  const total = text?.match(/^some .*\btotal=(\d+)/m)?.[1];
  return total === undefined ? null : { t: now(), stalledUs: Number(total) };
}

/** The percentage of the time between two marks in which some task waited for a CPU; null without both. */
export function cpuPressurePct(from: PressureMark | null, to: PressureMark | null): number | null {
  if (!from || !to || to.t <= from.t) return null;
  const pct = ((to.stalledUs - from.stalledUs) / 1000 / (to.t - from.t)) * 100;
  return Math.round(Math.min(100, Math.max(0, pct)) * 10) / 10;
}
