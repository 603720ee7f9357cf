// The prediction, stated while the run goes on, before the outcome: the keepalive chain when the fault takes
// effect, from the packets captured before it; a busy observer's retransmission chain from its first
// retransmissions, the moment the last of them is seen.
import { type Instant, now } from '../clock.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { hzToTry, type KernelHz } from '../model/kernel-hz.ts';
import type { StatedPrediction } from '../model/chain-fit.ts';
import type { TimerPrediction } from '../model/prediction-window.ts';
import { type KeepalivePrediction, predictKeepalive } from '../model/keepalive-prediction.ts';
import { type RetransmissionPrediction, predictRetransmission, RETRANSMISSIONS_TO_FIT } from '../model/retransmission-prediction.ts';
import { analyseWire, chainSeenBefore } from '../observe/wire-analysis.ts';
import { signedSeconds } from '../format/format.ts';
import type { ObservedConnection } from './connection.ts';
import type { KeepaliveActive, ProbeWatch } from './keepalive-active.ts';

/** How long a probe the observer sent before the fault may take to reach the lab through the capture's stream. */
const CAPTURE_DELIVERY_MS = 1_000;

/**
 * Predicts from what the capture holds before `faultAt`. The run injects the fault right after the answer it
 * waited for; only an injection longer than the shortest gap between ticks can have let another probe out before
 * the fault took effect, and then the lab waits for the capture to deliver it first.
 */
export async function predictAtFault(
  watch: ProbeWatch,
  connection: ObservedConnection,
  config: KeepaliveConfig,
  hz: KernelHz,
  baseline: KeepaliveActive,
  faultAt: Instant,
): Promise<StatedPrediction<KeepalivePrediction>> {
  if (faultAt - baseline.at >= Math.min(config.idleS, config.intervalS) * 1000) {
    await watch.facts.waitFor(
      (fact) => fact.kind === 'probe' && fact.connection === connection.key && fact.t > baseline.at && fact.t < faultAt,
      CAPTURE_DELIVERY_MS,
    );
  }
  const seen = chainSeenBefore(watch.wire.packetsOf(connection.key), connection.observerEndpoint, faultAt);
  return { outcome: predictKeepalive(config, hzToTry(hz), seen, faultAt, undefined, watch.jiffies), madeAt: now() };
}

/**
 * For an observer with data in flight: waits for its first retransmissions after `faultStart` (one per tick), and
 * predicts the rest of the chain from them the moment the last needed one is seen — or says why not, if the
 * connection ended first (`stop` aborts) or they did not come within `withinMs`.
 */
export async function predictFromRetransmissions(
  watch: ProbeWatch,
  connection: ObservedConnection,
  config: KeepaliveConfig,
  retries2: number,
  hz: KernelHz,
  faultStart: Instant,
  withinMs: number,
  stop: AbortSignal,
): Promise<StatedPrediction<RetransmissionPrediction>> {
  const observer = connection.observerEndpoint;
  let last = faultStart - 1;
  for (let seen = 0; seen < RETRANSMISSIONS_TO_FIT; seen += 1) {
    const after = last + 1; // a tick's segments go out within a millisecond
    const fact = await watch.facts.waitFor(
      (f) => f.kind === 'retransmitted' && f.connection === connection.key && f.from === observer && f.t > after,
      withinMs,
      stop,
    );
    if (!fact)
      return {
        outcome: {
          missing: `the ${stop.aborted ? 'connection ended' : 'wait ended'} before the ${RETRANSMISSIONS_TO_FIT} retransmissions the prediction is fitted to`,
        },
        madeAt: now(),
      };
    last = fact.t;
  }
  const horizon = last + 1;
  const seen = analyseWire(
    watch.wire.packetsOf(connection.key).filter((p) => p.t < horizon),
    observer,
    faultStart,
  );
  return {
    outcome: predictRetransmission(config, retries2, hzToTry(hz), seen.retransmittedAt, horizon, seen.longestRoundTripMs, watch.jiffies),
    madeAt: now(),
  };
}

/** "predicts ETIMEDOUT at +4.096 s (3 probes from +1.024 s; HZ 250, from 2 probes before the fault)", for the progress line. */
export function describePrediction({ outcome }: StatedPrediction<TimerPrediction>, faultAt: Instant): string {
  if (!outcome.prediction) return `makes no prediction (${outcome.missing})`;
  const p = outcome.prediction;
  const at = (t: number) => signedSeconds(t - faultAt);
  const [what, basis] =
    p.timer === 'keepalive'
      ? [
          'probe',
          `from ${p.fittedTo} probe${p.fittedTo === 1 ? '' : 's'} before the fault${p.phaseFrom === 'kernel-jiffies' ? " and the kernel's jiffy count" : ''}`,
        ]
      : ['retransmission', `from the first ${p.fittedTo} retransmissions`];
  const spread = p.latestEndAt - p.earliestEndAt > p.jiffyMs ? ` (or up to ${at(p.latestEndAt)}: ${p.chains} timer chains fit)` : '';
  const sends = p.sentAt.length === 0 ? `no ${what}` : `${p.sentAt.length} ${what}${p.sentAt.length === 1 ? '' : 's'} from ${at(p.sentAt[0]!)}`;
  return `predicts ETIMEDOUT at ${at(p.endAt)}${spread} (${p.timer === 'keepalive' ? '' : 'then '}${sends}; HZ ${p.hz}, ${basis})`;
}
