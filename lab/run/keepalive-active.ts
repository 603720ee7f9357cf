// Keepalive proven active before any fault: the observer's kernel probes and the peer's kernel answers — on the
// wire when there is a capture, else by the namespace's TcpExt.TCPKeepAlive counter. Where the run will predict
// the chain after the fault, it waits for the answered probes that fix the timer's phase (keepalive-prediction.ts):
// one is enough when every arm of the chain is filed on the level the first probe fired from, or when the host's jiffy
// count gives the coarser levels' phase; a second one is needed when the interval's arm is coarser (a 3 s interval at
// HZ 250) and the jiffy count cannot be read, and the wait stops at MAX_PROBES.
import { type Instant, now } from '../clock.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { EnvironmentError } from '../errors.ts';
import { predictKeepalive } from '../model/keepalive-prediction.ts';
import { expectedKeepaliveWindow, probePeriodMs } from '../model/keepalive-window.ts';
import { hzToTry, type KernelHz } from '../model/kernel-hz.ts';
import type { JiffyClock } from '../model/jiffy-clock.ts';
import type { FactLog } from '../observe/facts.ts';
import { type Counters, KEEPALIVE_PROBES_SENT, readCounters } from '../observe/kernel-counters.ts';
import type { PacketCapture } from '../observe/packet-capture.ts';
import { chainSeenBefore } from '../observe/wire-analysis.ts';
import type { Roles } from '../roles.ts';
import type { ObservedConnection } from './connection.ts';
import type { Topology } from './topology.ts';

export interface KeepaliveActive {
  /** When the last answered probe waited for was answered (or, without a capture, when the counter rose). */
  at: Instant;
  /** The namespace's keepalive counter then (only read without a capture, to count probes by it). */
  counters?: Counters;
  /** Answered probes before the fault (with a capture). */
  answeredProbes?: number;
}

/** The wire to wait on, and whether to wait until the probes fix the timer's phase. */
export interface ProbeWatch {
  facts: FactLog;
  wire: PacketCapture;
  fixPhase: boolean;
  /** The host's jiffy clock, where it can be read: it fixes the phase from the first probe. */
  jiffies?: JiffyClock | null;
}

/** The most answered probes waited for before the fault, fixed phase or not. */
const MAX_PROBES = 3;
/** A probe's answer comes within a round trip; this only bounds a peer that does not answer at all. */
const ANSWER_TIMEOUT_MS = 2_000;

export async function awaitKeepaliveActive(
  watch: ProbeWatch | null,
  topology: Topology,
  connection: ObservedConnection,
  config: KeepaliveConfig,
  hz: KernelHz,
  roles: Roles,
): Promise<KeepaliveActive> {
  const roundingMs = expectedKeepaliveWindow(config, { hz, faultSpanMs: 0 }).timerRoundingMs;
  if (watch) return awaitAnsweredProbes(watch, connection, config, hz, roles, roundingMs);
  const deadline = now() + config.idleS * 1000 + roundingMs + 5_000;
  for (;;) {
    const counters = await readCounters(topology.observer.sidecar);
    if ((counters.get(KEEPALIVE_PROBES_SENT) ?? 0) > 0) return { at: now(), counters };
    if (now() > deadline) throw notProbing(config, roles);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function awaitAnsweredProbes(
  watch: ProbeWatch,
  connection: ObservedConnection,
  config: KeepaliveConfig,
  hz: KernelHz,
  roles: Roles,
  roundingMs: number,
): Promise<KeepaliveActive> {
  const { facts } = watch;
  const observer = connection.observerEndpoint;
  let after = Number.NEGATIVE_INFINITY;
  for (let answered = 1; ; answered += 1) {
    const allowedMs = (answered === 1 ? config.idleS * 1000 : probePeriodMs(config)) + roundingMs + 5_000;
    const probe = await facts.waitFor(
      (fact) => fact.kind === 'probe' && fact.connection === connection.key && fact.from === observer && fact.t > after,
      allowedMs,
    );
    if (!probe) throw notProbing(config, roles);
    const answer = await facts.waitFor(
      (fact) => fact.kind === 'answered' && fact.connection === connection.key && fact.from === observer && fact.t >= probe.t,
      ANSWER_TIMEOUT_MS,
    );
    if (!answer)
      throw new EnvironmentError(
        `the ${roles.peer}'s kernel did not answer the ${roles.observer}'s keepalive probe before the fault: the connection is not healthy to begin with`,
      );
    after = answer.t;
    if (!watch.fixPhase || answered >= MAX_PROBES || phaseFixed(watch, connection, config, hz, answer.t)) return { at: answer.t, answeredProbes: answered };
  }
}

/** Whether the probes so far leave one chain after a fault that came right now (the chains that fit agree to a jiffy). */
function phaseFixed(watch: ProbeWatch, connection: ObservedConnection, config: KeepaliveConfig, hz: KernelHz, at: Instant): boolean {
  const justAfter = at + 0.001;
  const { prediction } = predictKeepalive(
    config,
    hzToTry(hz),
    chainSeenBefore(watch.wire.packetsOf(connection.key), connection.observerEndpoint, justAfter),
    justAfter,
    undefined,
    watch.jiffies,
  );
  return prediction !== undefined && prediction.latestEndAt - prediction.earliestEndAt <= prediction.jiffyMs;
}

function notProbing(config: KeepaliveConfig, { observer }: Roles): EnvironmentError {
  return new EnvironmentError(`the ${observer}'s kernel sent no keepalive probe within ${config.idleS} s of idle: keepalive is not active on its socket`);
}
