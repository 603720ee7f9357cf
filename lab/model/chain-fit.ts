// Fitting a kernel timer's chain to the wire, and predicting the rest of it — for any timer that re-arms from its
// own callback (the keepalive timer, the retransmission timer). A candidate chain is a sequence of ticks in jiffies
// that send something (a probe, a retransmission) and finally abort; the wire shows when the sends went out. The
// ticks sit on the kernel's jiffy grid, whose phase the sends show (TickGrid). A candidate fits when every send
// seen lies on its tick — within the spread a tick's batch of timers takes to go out — or one jiffy after it (a
// tick's softirq now and then runs on the next tick: measured here, one send in a few); the ticks after the
// horizon (what the wire had shown when the prediction was made) are the prediction.

/** A tick of the chain, in jiffies: one that sends, or the last one, that aborts. */
export type Tick = { at: number; sent: 'send' | 'abort' };

/** The most phases tried: arms on wheel levels up to 4 (4,096-jiffy steps: an interval up to ~16 min at HZ 250). */
export const MAX_PHASES = 4096;

/** Between a tick and its packet in the capture: the softirq's start and the capture's timestamp (measured: tens of µs). */
export const TICK_SLACK_MS = 1;

/**
 * The jiffy grid sends sit on: ticks at `originMs` + k × `jiffyMs`, each send going out up to `spreadMs` after its
 * tick (every timer due on a tick fires in one batch: with 10,000 connections a level-1 bucket holds hundreds).
 */
export interface TickGrid {
  originMs: number;
  jiffyMs: number;
  spreadMs: number;
}

/**
 * The grid the sends show: their phases within a jiffy cluster just after the tick, so the tick is where the
 * cluster begins — after the widest gap between the phases, taken round the jiffy — and the spread is how far the
 * cluster reaches. From one connection's few sends the spread is microseconds; from a crowd's thousands, the batch.
 */
export function tickGridOf(sends: readonly number[], jiffyMs: number): TickGrid {
  const reference = sends[0]!;
  const phases = sends.map((t) => (((t - reference) % jiffyMs) + jiffyMs) % jiffyMs).sort((a, b) => a - b);
  let start = phases[0]!;
  let widest = phases[0]! + jiffyMs - phases.at(-1)!;
  for (let k = 1; k < phases.length; k += 1) {
    const gap = phases[k]! - phases[k - 1]!;
    if (gap > widest) {
      widest = gap;
      start = phases[k]!;
    }
  }
  return { originMs: reference + start, jiffyMs, spreadMs: jiffyMs - widest };
}

/** The grid's tick at or before `t`. */
export function tickAtOrBefore(grid: TickGrid, t: number): number {
  return grid.originMs + Math.floor((t - grid.originMs + 1e-6) / grid.jiffyMs) * grid.jiffyMs;
}

/** One candidate chain that fits, as times (ms): its sends after the horizon and its abort. */
export interface ChainFit {
  hz: number;
  /** Sends seen that this chain takes as a jiffy late (fewer: likelier). */
  lateTicks: number;
  sentAt: number[];
  endAt: number;
}

/**
 * Follows `ticks` (jiffies, turned into times by `toTime`, on the grid's ticks): the first `seen.length` sends must
 * lie where they were seen; sends after `horizon` are predicted. null when a seen send does not fit, a send the wire
 * would have shown before the horizon is missing, or the chain ends before it.
 */
export function fitTicks(ticks: Iterable<Tick>, toTime: (jiffy: number) => number, seen: readonly number[], horizon: number, grid: TickGrid): ChainFit | null {
  const { jiffyMs, spreadMs } = grid;
  const hz = Math.round(1000 / jiffyMs);
  let matched = 0;
  let lateTicks = 0;
  const sentAt: number[] = [];
  for (const tick of ticks) {
    const at = toTime(tick.at);
    if (tick.sent === 'abort') return at < horizon ? null : { hz, lateTicks, sentAt, endAt: at };
    if (matched < seen.length) {
      const lateness = seen[matched]! - at;
      if (lateness < -TICK_SLACK_MS || lateness > jiffyMs + spreadMs + TICK_SLACK_MS) return null;
      if (lateness > (jiffyMs + spreadMs) / 2) lateTicks += 1;
      matched += 1;
    } else if (at < horizon - jiffyMs - TICK_SLACK_MS) {
      return null; // a send the wire would have shown before the horizon
    } else {
      sentAt.push(at);
    }
  }
  return null;
}

/**
 * The chain that takes the fewest sends as late; among equally likely ones, the middle one by its abort (the
 * lower of two), so that phases the wire leaves open are split, not all taken as early.
 */
function likeliestOf(fits: readonly ChainFit[]): ChainFit {
  const fewest = fits.reduce((least, fit) => Math.min(least, fit.lateTicks), Number.POSITIVE_INFINITY);
  const tied = fits.filter((fit) => fit.lateTicks === fewest).sort((a, b) => a.endAt - b.endAt);
  return tied[Math.floor((tied.length - 1) / 2)]!;
}

/** What the chains that fit predict: the likeliest one, and the spread of them all. */
export interface ChainPrediction {
  /** The likeliest chain (likeliestOf): each send after the horizon, and the abort (absolute ms). */
  sentAt: number[];
  endAt: number;
  /** Over every chain that fits: the earliest and latest each send and the abort can come on time. */
  sentRange: { earliest: number; latest: number }[];
  earliestEndAt: number;
  latestEndAt: number;
  /** How many sends the fitting chains make after the horizon (one value unless a limit splits them). */
  sentCounts: number[];
  hz: number;
  /** A jiffy at that HZ, ms. */
  jiffyMs: number;
  /** How many chains fit, how many sends they were fitted to, and the ticks the likeliest took as late. */
  chains: number;
  fittedTo: number;
  lateTicks: number;
  /** How long after its tick a send may go out here (the batch of timers that fire together). */
  sendSpreadMs: number;
}

export function summarizeFits(fits: readonly ChainFit[], fittedTo: number, sendSpreadMs: number): ChainPrediction {
  const likeliest = likeliestOf(fits);
  const ofHz = fits.filter((fit) => fit.hz === likeliest.hz);
  const longest = ofHz.reduce((most, fit) => Math.max(most, fit.sentAt.length), 0);
  return {
    sentAt: likeliest.sentAt,
    endAt: likeliest.endAt,
    sentRange: Array.from({ length: longest }, (_, k) => {
      const times = ofHz.flatMap((fit) => (k < fit.sentAt.length ? [fit.sentAt[k]!] : []));
      return { earliest: times.reduce((a, b) => Math.min(a, b)), latest: times.reduce((a, b) => Math.max(a, b)) };
    }),
    earliestEndAt: ofHz.reduce((least, fit) => Math.min(least, fit.endAt), Number.POSITIVE_INFINITY),
    latestEndAt: ofHz.reduce((most, fit) => Math.max(most, fit.endAt), Number.NEGATIVE_INFINITY),
    sentCounts: [...new Set(ofHz.map((fit) => fit.sentAt.length))].sort((a, b) => a - b),
    hz: likeliest.hz,
    jiffyMs: 1000 / likeliest.hz,
    chains: ofHz.length,
    fittedTo,
    lateTicks: likeliest.lateTicks,
    sendSpreadMs,
  };
}

export type PredictionOutcome<P> = { prediction: P; missing?: undefined } | { prediction?: undefined; missing: string };

/** A prediction as the run states it, with the moment it was made (ms since the epoch, the Docker host's clock). */
export interface StatedPrediction<P> {
  outcome: PredictionOutcome<P>;
  madeAt: number;
}
