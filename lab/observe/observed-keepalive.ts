// The observer's keepalive settings as its kernel applied them, read off the wire — whatever program set them.
//   idle:     from the last segment it received (the data exchange or the handshake) to its first probe;
//   interval: the spacing of its unanswered probes after the fault;
//   count:    its unanswered probes before it gave up with its own RST.
// Each is turned back into the whole seconds the kernel counts in: a timer never fires early and runs late by at
// most its wheel level's step, so only settings that could have produced the measured time are candidates.
import { type KernelHz, COMMON_HZ } from '../model/kernel-hz.ts';
import { worstLateness } from '../model/timer-wheel.ts';
import type { ClassifiedPacket } from './tcp-classifier.ts';
import type { WireAnalysis } from './wire-analysis.ts';

export interface ObservedKeepalive {
  idleS: number | null;
  intervalS: number | null;
  count: number | null;
}

/** Why a setting is null: what the wire could not show. */
export type ObservedKeepaliveReason = Partial<Record<keyof ObservedKeepalive, string>>;

const MAX_SECONDS = 32767;

/** `packets`: the connection's; `wire`: its analysis around the fault. */
export function observeKeepalive(
  packets: ClassifiedPacket[],
  observerEndpoint: string,
  faultStart: number,
  wire: WireAnalysis,
  hz: KernelHz,
): { observed: ObservedKeepalive; reason: ObservedKeepaliveReason } {
  const observed: ObservedKeepalive = { idleS: null, intervalS: null, count: null };
  const reason: ObservedKeepaliveReason = {};
  const settle = (name: keyof ObservedKeepalive, result: number | string) => {
    if (typeof result === 'number') observed[name] = result;
    else reason[name] = result;
  };
  settle('idleS', idleOf(packets, observerEndpoint, faultStart, hz));
  settle('intervalS', intervalOf(wire, hz));
  settle('count', countOf(wire));
  return { observed, reason };
}

function idleOf(packets: ClassifiedPacket[], observerEndpoint: string, faultStart: number, hz: KernelHz): number | string {
  const probe = packets.find((packet) => packet.kind === 'keepalive-probe' && packet.from === observerEndpoint);
  if (!probe || probe.t >= faultStart) return 'no keepalive probe before the fault';
  const received = packets.filter((packet) => packet.t < probe.t && packet.to === observerEndpoint).at(-1);
  if (!received) return 'no segment received before the first probe';
  const candidates = secondsFitting(probe.t - received.t, hz);
  return chosen(candidates, `the first probe came ${(probe.t - received.t).toFixed(1)} ms after the last segment received`);
}

function intervalOf(wire: WireAnalysis, hz: KernelHz): number | string {
  const unanswered = wire.probes.filter((probe) => !probe.answered);
  if (unanswered.length < 2) {
    return wire.probes.length > 0
      ? 'fewer than two unanswered probes after the fault: answered probes come max(idle, interval) apart'
      : 'no keepalive probe after the fault';
  }
  // Each probe re-arms the timer for the interval: every spacing is one timer arm, late by up to its step.
  const spacings = unanswered
    .slice(1)
    .map((probe, k) => probe.t - unanswered[k]!.t)
    .sort((a, b) => a - b);
  const median = spacings[Math.floor((spacings.length - 1) / 2)]!;
  return chosen(secondsFitting(median, hz), `unanswered probes came ${median.toFixed(1)} ms apart`);
}

function countOf(wire: WireAnalysis): number | string {
  const ending = wire.ending;
  if (!ending) return 'nothing ended the connection on the wire';
  if (ending.by === 'peer') return `the peer's ${ending.kind.toUpperCase()} ended the connection before keepalive could`;
  if (ending.kind !== 'rst') return 'the observer closed the connection itself';
  if (wire.retransmissions > 0 || wire.zeroWindowProbes.length > 0 || wire.probes.length === 0)
    return 'keepalive did not end it: no unanswered probes before the RST';
  let count = 0;
  for (const probe of wire.probes.toReversed()) {
    if (probe.answered) break;
    count += 1;
  }
  return count;
}

/**
 * Whole seconds s whose timer could fire `ms` after it was armed: s·1000 − a jiffy ≤ ms ≤ s·1000 + its lateness +
 * a jiffy (the kernel counts elapsed time in jiffies, and consecutive probes were seen a jiffy either side of
 * the wheel's steady spacing).
 */
export function secondsFitting(ms: number, hz: KernelHz): number[] {
  const jiffyMs = 1000 / (hz.hz ?? Math.min(...(hz.candidates ?? COMMON_HZ)));
  const candidates: number[] = [];
  for (let seconds = Math.max(1, Math.floor(ms / 1200)); seconds <= MAX_SECONDS && seconds * 1000 - jiffyMs <= ms; seconds += 1) {
    if (ms <= seconds * 1000 + worstLateness(seconds * 1000, hz) + jiffyMs) candidates.push(seconds);
  }
  return candidates;
}

function chosen(candidates: number[], measured: string): number | string {
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) return `${measured}, which no whole-second setting gives`;
  return `${measured}, which settings ${candidates[0]}–${candidates.at(-1)} s all give (the timer wheel's steps are that coarse there)`;
}
