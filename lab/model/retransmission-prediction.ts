// Predicting when a busy observer gives up, from its first retransmissions on the wire. The chain after the first
// retransmission is fixed by two unknowns: the RTO its timer ran with — the kernel's 200 ms floor plus the
// smoothed round trip, in whole jiffies, so never exactly 200 ms (51 jiffies at HZ 250 on a LAN) — and the first
// retransmission's jiffy on the wheel's grids. The next two retransmissions, re-armed for twice and four times
// that RTO, fix both to the granularity of the arms so far; arms that come later (an RTO of 3.2 s and more is
// filed on level 2 at HZ 250: 64 jiffies) may leave phases open — unless the kernel's jiffy count gives the phase
// (jiffy-clock.ts) — and the prediction says how far apart their aborts lie. The first retransmission on the wire may be a tail loss probe instead (the last segment sent again
// when the probe timer, capped at the RTO, finds no new data to send): then the next comes one RTO later, not two.
// A gap can be one RTO or two only if the RTO can be that long: it is the smoothed round trip plus 200 ms, so the
// longest round trip seen before the fault bounds it.
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import {
  type ChainFit,
  type ChainPrediction,
  fitTicks,
  MAX_PHASES,
  type PredictionOutcome,
  summarizeFits,
  type TickGrid,
  tickAtOrBefore,
  tickGridOf,
} from './chain-fit.ts';
import { type JiffyClock, phaseAt } from './jiffy-clock.ts';
import { type RetransmissionJiffies, retransmissionTicks } from './retransmission-chain.ts';
import { retransmissionTimeoutMs, TCP_RTO_MAX_MS, TCP_RTO_MIN_MS } from './retransmission-window.ts';
import { levelGranularityJiffies, msToJiffies } from './timer-wheel.ts';

/** The chain's sends are retransmissions; it ends at the retransmission limit, or at the user timeout. */
export interface RetransmissionPrediction extends ChainPrediction {
  timer: 'retransmission';
  mechanism: 'retransmission' | 'user-timeout';
}

/** How many retransmissions the prediction is fitted to: the first, and two that show the RTO doubled. */
export const RETRANSMISSIONS_TO_FIT = 3;

/**
 * The rest of the chain from the observer's first retransmissions (capture times, one per tick, ascending), with
 * nothing after `horizon` looked at; or why it cannot be predicted.
 */
export function predictRetransmission(
  config: KeepaliveConfig,
  retries2: number,
  hzValues: readonly number[],
  retransmissions: readonly number[],
  horizon: number,
  longestRoundTripMs?: number,
  jiffies?: JiffyClock | null,
): PredictionOutcome<RetransmissionPrediction> {
  const seen = retransmissions.filter((t) => t < horizon);
  if (seen.length < RETRANSMISSIONS_TO_FIT) {
    return {
      missing: `the wire showed ${seen.length} retransmission(s) before the prediction's moment, and ${RETRANSMISSIONS_TO_FIT} are needed to show the RTO`,
    };
  }
  const limitMs = config.userTimeoutMs > 0 ? config.userTimeoutMs : retransmissionTimeoutMs(retries2);
  const fits: ChainFit[] = [];
  let sendSpreadMs = 0;
  for (const hz of hzValues) {
    const phases = levelGranularityJiffies(Math.min(msToJiffies(TCP_RTO_MAX_MS, hz), msToJiffies(limitMs, hz)));
    if (phases > MAX_PHASES)
      return { missing: `the retransmission timer's arms reach wheel levels coarser than ${MAX_PHASES} jiffies at HZ ${hz}: too many phases to try` };
    const grid = tickGridOf(seen, 1000 / hz);
    sendSpreadMs = Math.max(sendSpreadMs, grid.spreadMs);
    const chain = { config, limitMs, hz, phases, grid, seen, horizon, longestRoundTripMs };
    const known = jiffies?.hz === hz ? chainFits(chain, jiffies) : [];
    fits.push(...(known.length > 0 ? known : chainFits(chain)));
  }
  if (fits.length === 0)
    return { missing: `no chain of the retransmission timer at HZ ${hzValues.join(' or ')} fits the first ${seen.length} retransmissions` };
  return {
    prediction: {
      timer: 'retransmission',
      mechanism: config.userTimeoutMs > 0 ? 'user-timeout' : 'retransmission',
      ...summarizeFits(fits, seen.length, sendSpreadMs),
    },
  };
}

interface ChainToFit {
  config: KeepaliveConfig;
  limitMs: number;
  hz: number;
  /** The coarsest granularity the chain's arms are filed at: the phases that can lead to different chains. */
  phases: number;
  grid: TickGrid;
  seen: readonly number[];
  horizon: number;
  longestRoundTripMs?: number;
}

/**
 * Every chain that fits: each first RTO the gaps allow, the first retransmission on its tick or a jiffy late, after a
 * loss probe or not, and each phase the wheel's coarsest level leaves open — or, with the kernel's jiffy count, the one it gives.
 */
function chainFits({ config, limitMs, hz, phases, grid, seen, horizon, longestRoundTripMs }: ChainToFit, jiffies?: JiffyClock): ChainFit[] {
  const { jiffyMs } = grid;
  const gap = (seen[1]! - seen[0]!) / jiffyMs; // twice the first RTO (once after a loss probe), rounded up on its level
  // 200 ms plus the smoothed round trip (more than nothing, at most the longest seen), in whole jiffies rounded up.
  const rtoFrom = Math.floor(TCP_RTO_MIN_MS / jiffyMs) + 1;
  const rtoTo = longestRoundTripMs === undefined ? Math.ceil(gap) : Math.ceil((TCP_RTO_MIN_MS + longestRoundTripMs) / jiffyMs);
  const fits: ChainFit[] = [];
  for (let firstRto = Math.max(rtoFrom, Math.floor(gap / 2) - phases); firstRto <= Math.min(rtoTo, Math.ceil(gap)); firstRto += 1) {
    const settings: RetransmissionJiffies = { firstRto, maxRto: msToJiffies(TCP_RTO_MAX_MS, hz), limitMs, clamped: config.userTimeoutMs > 0, hz };
    for (const firstLate of [0, 1]) {
      const firstTick = tickAtOrBefore(grid, seen[0]!) - firstLate * jiffyMs;
      const residues = jiffies ? [phaseAt(jiffies, firstTick, phases)] : Array.from({ length: phases }, (_, residue) => residue);
      for (const residue of residues) {
        for (const afterLossProbe of [false, true]) {
          const first = phases * 1024 + residue;
          const fit = fitTicks(
            retransmissionTicks(settings, first, afterLossProbe),
            (jiffy) => firstTick + (jiffy - first) * jiffyMs,
            seen.slice(1),
            horizon,
            grid,
          );
          if (fit) fits.push({ ...fit, lateTicks: fit.lateTicks + firstLate });
        }
      }
    }
  }
  return fits;
}
