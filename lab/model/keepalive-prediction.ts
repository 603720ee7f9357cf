// Predicting the keepalive chain after a fault from the probes seen before it.
//
// The chain is fixed by the jiffy of one tick — but the wire shows only when a probe went out, not which jiffy
// that was on the wheel's coarser grids: a probe fired from a level-1 bucket lies on an 8-jiffy boundary, while a
// 3 s interval is filed on level 2 and rounded to 64-jiffy boundaries (256 ms at HZ 250). So the lab tries every
// phase of the first probe modulo the coarsest granularity the chain's arms use, simulates the chain from it
// (keepalive-chain.ts), and keeps the chains that put every probe seen before the fault where it was seen
// (chain-fit.ts: on its tick or a jiffy late; the first probe too may have gone out a jiffy late). A second
// probe before the fault, fired from an interval arm, leaves chains at most a jiffy apart; after a lone first
// probe a level's worth of phases fit and the prediction stays spread. The run waits for the probes that fix
// it before injecting the fault (run/keepalive-active.ts).
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import {
  type ChainFit,
  type ChainPrediction,
  fitTicks,
  MAX_PHASES,
  type PredictionOutcome,
  summarizeFits,
  tickAtOrBefore,
  type TickGrid,
  tickGridOf,
} from './chain-fit.ts';
import { type ChainState, keepaliveJiffies, type KeepaliveJiffies, sendingTicks } from './keepalive-chain.ts';
import { levelGranularityJiffies, rearmedExpiry } from './timer-wheel.ts';
import { type JiffyClock, phaseAt } from './jiffy-clock.ts';

/** What the wire showed of the observer's connection before the fault (capture times, ms). */
export interface ChainSeen {
  /** The observer's keepalive probes, ascending. */
  probes: number[];
  /** The segments the observer received, ascending. */
  received: number[];
}

/** The chain's sends are its probes; it ends in the keepalive abort, or at the user timeout. */
export interface KeepalivePrediction extends ChainPrediction {
  timer: 'keepalive';
  mechanism: 'keepalive' | 'user-timeout';
  /** Where the chain's phase on the wheel's coarse levels came from: the kernel's jiffy count, or the probes alone. */
  phaseFrom: 'kernel-jiffies' | 'probes';
}

/**
 * The chain after the fault as the probes before it fix it, or why it cannot be predicted. `grid`: the jiffy grid
 * where it is known better than this connection's few probes show it (a crowd's thousands of probes).
 */
export function predictKeepalive(
  config: KeepaliveConfig,
  hzValues: readonly number[],
  seen: ChainSeen,
  faultAt: number,
  grid?: TickGrid,
  jiffies?: JiffyClock | null,
): PredictionOutcome<KeepalivePrediction> {
  if (seen.probes.length === 0) return { missing: "no keepalive probe went out before the fault, so the timer's phase is unknown" };
  if (hzValues.length === 0) return { missing: "the kernel's HZ is unknown" };
  const fits: ChainFit[] = [];
  let sendSpreadMs = 0;
  let phaseFrom: KeepalivePrediction['phaseFrom'] = 'probes';
  for (const hz of hzValues) {
    const settings = keepaliveJiffies(config, hz);
    const phases = phaseModulus(settings);
    if (phases > MAX_PHASES)
      return { missing: `the timer's arms are filed on wheel levels coarser than ${MAX_PHASES} jiffies at HZ ${hz}: too many phases to try` };
    const ticks = grid?.jiffyMs === 1000 / hz ? grid : tickGridOf(seen.probes, 1000 / hz);
    sendSpreadMs = Math.max(sendSpreadMs, ticks.spreadMs);
    const known = jiffies?.hz === hz ? knownPhaseFits(settings, ticks, seen, faultAt, jiffies) : [];
    if (known.length > 0) phaseFrom = 'kernel-jiffies';
    fits.push(...(known.length > 0 ? known : everyPhaseFits(settings, ticks, seen, faultAt)));
  }
  if (fits.length === 0) {
    return {
      missing: `no chain of the keepalive timer at HZ ${hzValues.join(' or ')} puts the ${seen.probes.length} probe(s) seen before the fault where they were seen`,
    };
  }
  return {
    prediction: {
      timer: 'keepalive',
      mechanism: config.userTimeoutMs > 0 ? 'user-timeout' : 'keepalive',
      phaseFrom,
      ...summarizeFits(fits, seen.probes.length, sendSpreadMs),
    },
  };
}

/** Every phase the wheel's coarsest level leaves open, the first probe on its tick or a jiffy late. */
function everyPhaseFits(settings: KeepaliveJiffies, ticks: TickGrid, seen: ChainSeen, faultAt: number): ChainFit[] {
  const phases = phaseModulus(settings);
  const fits: ChainFit[] = [];
  for (let residue = 0; residue < phases; residue += 1) {
    for (const late of [0, 1]) {
      const fit = fitChain(settings, ticks, seen, faultAt, { jiffy: phases * 1024 + residue, late });
      if (fit) fits.push(fit);
    }
  }
  return fits;
}

/** The phase the kernel's own jiffy count gives the first probe's tick (on its tick, or a jiffy late). */
function knownPhaseFits(settings: KeepaliveJiffies, ticks: TickGrid, seen: ChainSeen, faultAt: number, jiffies: JiffyClock): ChainFit[] {
  const phases = phaseModulus(settings);
  return [0, 1].flatMap((late) => {
    const phase = phaseAt(jiffies, tickAtOrBefore(ticks, seen.probes[0]!) - late * ticks.jiffyMs, phases);
    const fit = fitChain(settings, ticks, seen, faultAt, { jiffy: phases * 1024 + phase, late });
    return fit ? [fit] : [];
  });
}

/** The coarsest granularity any arm of the chain is filed at: the phases that can lead to different chains. */
export function phaseModulus(settings: KeepaliveJiffies): number {
  return Math.max(levelGranularityJiffies(settings.interval - 1), levelGranularityJiffies(settings.idle - 1));
}

/** The chain if the first probe seen went out for the tick of jiffy `first.jiffy`, `first.late` jiffies late. */
function fitChain(settings: KeepaliveJiffies, grid: TickGrid, seen: ChainSeen, faultAt: number, first: { jiffy: number; late: number }): ChainFit | null {
  const { jiffyMs } = grid;
  const firstTick = tickAtOrBefore(grid, seen.probes[0]!) - first.late * jiffyMs;
  const toJiffy = (t: number) => first.jiffy + (t - firstTick) / jiffyMs;
  const toTime = (jiffy: number) => firstTick + (jiffy - first.jiffy) * jiffyMs;
  const receipts = seen.received.filter((t) => t < faultAt).map(toJiffy);
  const before = receipts.filter((jiffy) => jiffy < first.jiffy).at(-1);
  const start: ChainState = {
    firesAt: rearmedExpiry(first.jiffy, settings.interval),
    lastReceived: before === undefined ? first.jiffy - settings.idle : Math.floor(before),
    probesOut: 1,
  };
  const ticks = sendingTicks(
    settings,
    start,
    receipts.filter((jiffy) => jiffy > first.jiffy),
  );
  const fit = fitTicks(ticks, toTime, seen.probes.slice(1), faultAt, grid);
  return fit && { ...fit, lateTicks: fit.lateTicks + first.late };
}
