// The prediction, stated when the fault takes effect: from the packets captured before it, and nothing after.
import { type Instant, now } from '../clock.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { hzToTry, type KernelHz } from '../model/kernel-hz.ts';
import { predictKeepalive, type StatedPrediction } from '../model/keepalive-prediction.ts';
import { chainSeenBefore } from '../observe/wire-analysis.ts';
import { signedSeconds } from '../report/format.ts';
import type { ObservedConnection } from './connection.ts';
import type { KeepaliveActive, ProbeWatch } from './keepalive-active.ts';

/** How long a probe the observer sent before the fault may take to reach the lab through the capture's stream. */
const CAPTURE_DELIVERY_MS = 1_000;

/**
 * Predicts from what the capture holds before `faultAt`. The run injects the fault right after the answer it
 * waited for; only an injection longer than the shortest gap between ticks can have let another probe out before
 * the fault took effect, and then the lab waits for the capture to deliver it first.
 */
export async function predictAtFault(watch: ProbeWatch, connection: ObservedConnection, config: KeepaliveConfig, hz: KernelHz, baseline: KeepaliveActive, faultAt: Instant): Promise<StatedPrediction> {
  if (faultAt - baseline.at >= Math.min(config.idleS, config.intervalS) * 1000) {
    await watch.facts.waitFor((fact) => fact.kind === 'probe' && fact.connection === connection.key && fact.t > baseline.at && fact.t < faultAt, CAPTURE_DELIVERY_MS);
  }
  const seen = chainSeenBefore(watch.wire.packetsOf(connection.key), connection.observerEndpoint, faultAt);
  return { outcome: predictKeepalive(config, hzToTry(hz), seen, faultAt), madeAt: now() };
}

/** "predicts ETIMEDOUT at +4.096 s (3 probes from +1.024 s, HZ 250, phase fixed by 2 probes)", for the progress line. */
export function describePrediction({ outcome }: StatedPrediction, faultAt: Instant): string {
  if (!outcome.prediction) return `no prediction (${outcome.missing}): the window comes from the model's bounds`;
  const p = outcome.prediction;
  const spread = p.latestEndAt - p.earliestEndAt > p.jiffyMs ? ` (or up to ${signedSeconds(p.latestEndAt - faultAt)}: ${p.chains} timer chains fit)` : '';
  const probes = p.sentAt.length === 0 ? 'no probe' : `${p.sentAt.length} probe${p.sentAt.length === 1 ? '' : 's'} from ${signedSeconds(p.sentAt[0]! - faultAt)}`;
  return `predicts ETIMEDOUT at ${signedSeconds(p.endAt - faultAt)}${spread} (${probes}; HZ ${p.hz}, from ${p.fittedTo} probe${p.fittedTo === 1 ? '' : 's'} before the fault)`;
}
