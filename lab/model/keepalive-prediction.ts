// Predicting the keepalive chain after a fault from the probes seen before it.
//
// The chain is fixed by the jiffy of one tick — but the wire shows only when a probe went out, not which jiffy
// that was on the wheel's coarser grids: a probe fired from a level-1 bucket lies on an 8-jiffy boundary, while a
// 3 s interval is filed on level 2 and rounded to 64-jiffy boundaries (256 ms at HZ 250). So the lab tries every
// phase of the first probe modulo the coarsest granularity the chain's arms use, simulates the chain from it
// (keepalive-chain.ts), and keeps the phases whose chain puts every probe seen before the fault where it was
// seen — on its tick or one jiffy after it: a tick's softirq now and then runs on the next tick (measured here:
// one probe in a few, one jiffy late; the chain's later ticks stay on their grid). A second probe before the
// fault, fired from an interval arm, leaves chains at most a jiffy apart; after a lone first probe a level's
// worth of phases fit and the prediction stays spread. The run waits for the probes that fix it before
// injecting the fault (run/keepalive-active.ts). The prediction is the chain that needs the fewest late ticks;
// the window covers every chain that fits.
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { type ChainState, keepaliveJiffies, type KeepaliveJiffies, sendingTicks } from './keepalive-chain.ts';
import { levelGranularityJiffies, rearmedExpiry } from './timer-wheel.ts';

/** What the wire showed of the observer's connection before the fault (capture times, ms). */
export interface ChainSeen {
  /** The observer's keepalive probes, ascending. */
  probes: number[];
  /** The segments the observer received, ascending. */
  received: number[];
}

export interface KeepalivePrediction {
  mechanism: 'keepalive' | 'user-timeout';
  /** The most likely chain (the fewest late ticks before the fault): each probe after the fault and the abort, absolute ms. */
  probesAt: number[];
  endAt: number;
  /** Over every chain that fits: the earliest and latest each probe and the abort can come on time. */
  probesRange: { earliest: number; latest: number }[];
  earliestEndAt: number;
  latestEndAt: number;
  /** How many probes the fitting chains send after the fault (one value unless a user timeout splits them). */
  probeCounts: number[];
  hz: number;
  /** A jiffy at that HZ, ms. */
  jiffyMs: number;
  /** How many chains fit, the probes before the fault they were fitted to, and the ticks the likeliest took as late. */
  chains: number;
  fromProbes: number;
  lateTicks: number;
}

export type PredictionOutcome = { prediction: KeepalivePrediction; missing?: undefined } | { prediction?: undefined; missing: string };

/** A prediction as the run states it, with the moment it was made (ms since the epoch, the Docker host's clock). */
export interface StatedPrediction {
  outcome: PredictionOutcome;
  madeAt: number;
}

/** The most phases tried: arms on wheel levels up to 4 (4,096-jiffy steps: an interval up to ~16 min at HZ 250). */
const MAX_PHASES = 4096;
/** Between a tick and its packet in the capture: the softirq's start and the capture's timestamp (measured: tens of µs). */
export const TICK_SLACK_MS = 1;

/** The chain after the fault as the probes before it fix it, or why it cannot be predicted. */
export function predictKeepalive(config: KeepaliveConfig, hzValues: readonly number[], seen: ChainSeen, faultAt: number): PredictionOutcome {
  if (seen.probes.length === 0) return { missing: 'no keepalive probe went out before the fault, so the timer\'s phase is unknown' };
  if (hzValues.length === 0) return { missing: 'the kernel\'s HZ is unknown' };
  const fits: Fit[] = [];
  for (const hz of hzValues) {
    const settings = keepaliveJiffies(config, hz);
    const phases = phaseModulus(settings);
    if (phases > MAX_PHASES) return { missing: `the timer's arms are filed on wheel levels coarser than ${MAX_PHASES} jiffies at HZ ${hz}: too many phases to try` };
    for (let residue = 0; residue < phases; residue += 1) {
      for (const firstLate of [0, 1]) {
        const fit = fitChain(settings, hz, seen, faultAt, { jiffy: phases * 1024 + residue, late: firstLate });
        if (fit) fits.push(fit);
      }
    }
  }
  if (fits.length === 0) {
    return { missing: `no chain of the keepalive timer at HZ ${hzValues.join(' or ')} puts the ${seen.probes.length} probe(s) seen before the fault where they were seen` };
  }
  return { prediction: summarize(config, fits, seen.probes.length) };
}

function summarize(config: KeepaliveConfig, fits: Fit[], fromProbes: number): KeepalivePrediction {
  const likeliest = fits.reduce((best, fit) => (fit.lateTicks < best.lateTicks || (fit.lateTicks === best.lateTicks && fit.endAt < best.endAt) ? fit : best));
  const ofHz = fits.filter((fit) => fit.hz === likeliest.hz);
  const longest = Math.max(...ofHz.map((fit) => fit.probesAt.length));
  return {
    mechanism: config.userTimeoutMs > 0 ? 'user-timeout' : 'keepalive',
    probesAt: likeliest.probesAt, endAt: likeliest.endAt,
    probesRange: Array.from({ length: longest }, (_, k) => {
      const times = ofHz.flatMap((fit) => (k < fit.probesAt.length ? [fit.probesAt[k]!] : []));
      return { earliest: Math.min(...times), latest: Math.max(...times) };
    }),
    earliestEndAt: Math.min(...ofHz.map((fit) => fit.endAt)), latestEndAt: Math.max(...ofHz.map((fit) => fit.endAt)),
    probeCounts: [...new Set(ofHz.map((fit) => fit.probesAt.length))].sort((a, b) => a - b),
    hz: likeliest.hz, jiffyMs: 1000 / likeliest.hz, chains: ofHz.length, fromProbes, lateTicks: likeliest.lateTicks,
  };
}

/** The coarsest granularity any arm of the chain is filed at: the phases that can lead to different chains. */
export function phaseModulus(settings: KeepaliveJiffies): number {
  return Math.max(levelGranularityJiffies(settings.interval - 1), levelGranularityJiffies(settings.idle - 1));
}

interface Fit {
  hz: number;
  lateTicks: number;
  probesAt: number[];
  endAt: number;
}

/**
 * The chain if the first probe seen went out on the tick of jiffy `first.jiffy`, `first.late` jiffies late:
 * null when it cannot place a probe seen before the fault on its tick or a jiffy after, predicts one the wire
 * would have shown before the fault, or ends before the fault.
 */
function fitChain(settings: KeepaliveJiffies, hz: number, seen: ChainSeen, faultAt: number, first: { jiffy: number; late: number }): Fit | null {
  const jiffyMs = 1000 / hz;
  const firstTick = seen.probes[0]! - first.late * jiffyMs;
  const toJiffy = (t: number) => first.jiffy + (t - firstTick) / jiffyMs;
  const toTime = (jiffy: number) => firstTick + (jiffy - first.jiffy) * jiffyMs;
  const receipts = seen.received.filter((t) => t < faultAt).map(toJiffy);
  const before = receipts.filter((jiffy) => jiffy < first.jiffy).at(-1);
  const start: ChainState = {
    firesAt: rearmedExpiry(first.jiffy, settings.interval),
    lastReceived: before === undefined ? first.jiffy - settings.idle : Math.floor(before),
    probesOut: 1,
  };
  let matched = 1;
  let lateTicks = first.late;
  const probesAt: number[] = [];
  for (const tick of sendingTicks(settings, start, receipts.filter((jiffy) => jiffy > first.jiffy))) {
    const at = toTime(tick.at);
    if (tick.sent === 'abort') return at < faultAt ? null : { hz, lateTicks, probesAt, endAt: at };
    if (matched < seen.probes.length) {
      const lateness = seen.probes[matched]! - at;
      if (lateness < -TICK_SLACK_MS || lateness > jiffyMs + TICK_SLACK_MS) return null;
      if (lateness > jiffyMs / 2) lateTicks += 1;
      matched += 1;
    } else if (at < faultAt - jiffyMs - TICK_SLACK_MS) {
      return null; // a probe the wire would have shown before the fault
    } else {
      probesAt.push(at);
    }
  }
  return null;
}
