// A server as it ships (--server-defaults): the lab sets no keepalive, watches for a while, and states what the
// server's own defaults imply — with the evidence: the probes on the wire if any come, else the keepalive timer the
// observer's kernel holds (ss: when it is due, and how long since the last segment received).
import type { KeepaliveConfig } from './config/keepalive-config.ts';
import { ENDING_RULES } from './endings/index.ts';
import type { RuleContext } from './endings/rule.ts';
import { parseSsDuration, type SocketState } from './observe/socket-state.ts';
import { duration } from './format/format.ts';
import { endingOf, type Expectation, type FaultScenario } from './scenario.ts';
import type { Role } from './roles.ts';
import { type KeepaliveHolder, shippedKeepalive } from './servers/server-profile.ts';

/** How closely ss's due time plus the time since the last segment gives idle: the connection's setup may precede it. */
const TIMER_SLACK_MS = 2_000;

export interface AsShipped {
  /** What the kernel holds as the server ships; null when keepalive is off. */
  applied: KeepaliveConfig | null;
  /** How long after a client's last segment a vanished client is found, as those settings imply; null: never. */
  detectionMs: number | null;
  /** How that was derived, in words. */
  derivation: string;
}

/** `peer`: the side whose vanishing the holder's keepalive must find. */
export function asShipped(profile: KeepaliveHolder, base: KeepaliveConfig, peer: Role = 'client'): AsShipped {
  const applied = shippedKeepalive(profile, base);
  if (!applied) {
    return {
      applied,
      detectionMs: null,
      derivation: `${profile.name} leaves keepalive off as it ships (${profile.keepalive.how}): keepalive never finds a ${peer} that vanished`,
    };
  }
  const detectionMs = (applied.idleS + applied.count * applied.intervalS) * 1000;
  const settings = `idle ${applied.idleS} s, interval ${applied.intervalS} s, count ${applied.count}`;
  return {
    applied,
    detectionMs,
    derivation: `${profile.keepalive.how}. As shipped the socket holds ${settings}, so a ${peer} that vanishes is found idle + count × interval = ${applied.idleS} + ${applied.count} × ${applied.intervalS} s = ${duration(detectionMs)} after its last segment`,
  };
}

/**
 * What to expect as shipped within `watchMs` of the fault: the scenario's own ending where the shipped settings
 * bring it inside the watch; else a connection still established, with no keepalive probe yet.
 */
export function expectationAsShipped(scenario: FaultScenario, shipped: AsShipped, context: RuleContext, watchMs: number): Expectation {
  const pending: Expectation = { outcome: 'alive', windows: 1, forMs: watchMs, probes: 'none' };
  if (!shipped.applied) return scenario.expect.outcome === 'error' && scenario.expect.by === 'immediate' ? scenario.expect : pending;
  if (scenario.expect.outcome === 'alive') return shipped.applied.idleS * 1000 < watchMs ? { ...scenario.expect, forMs: watchMs } : pending;
  const window = ENDING_RULES[endingOf(scenario.expect)].fromFault({ ...context, config: shipped.applied });
  return window.latestMs <= watchMs ? scenario.expect : pending;
}

export interface TimerSeen {
  /** The keepalive timer's due time as ss printed it, and how coarsely. */
  dueInMs: number;
  granularityMs: number;
  lastReceivedMsAgo: number;
}

/** Why the observer's keepalive timer (ss) contradicts the shipped settings; null when it agrees. */
export function shippedTimerProblem(socket: SocketState | undefined, shipped: AsShipped, observer: string): string | null {
  const timer = socket?.timer?.name === 'keepalive' ? socket.timer : undefined;
  if (!shipped.applied)
    return timer ? `the ${observer}'s socket holds a keepalive timer (due in ${timer.expiresIn}), though the profile says keepalive is off as it ships` : null;
  const seen = timerSeen(socket);
  if (!seen)
    return `the ${observer}'s socket holds no keepalive timer (ss: ${socket?.timer ? `${socket.timer.name} timer` : 'none'}), though the profile says it ships keepalive on`;
  const impliedMs = seen.dueInMs + seen.lastReceivedMsAgo;
  const idleMs = shipped.applied.idleS * 1000;
  if (Math.abs(impliedMs - idleMs) <= seen.granularityMs + TIMER_SLACK_MS) return null;
  return `ss shows the ${observer}'s keepalive timer due in ${duration(seen.dueInMs)}, ${duration(seen.lastReceivedMsAgo)} after the last segment received: idle ≈ ${duration(impliedMs)}, not the ${shipped.applied.idleS} s the profile says it ships`;
}

export function timerSeen(socket: SocketState | undefined): TimerSeen | null {
  const due = socket?.timer?.name === 'keepalive' ? parseSsDuration(socket.timer.expiresIn) : null;
  if (!due || socket?.lastReceivedMsAgo === undefined) return null;
  return { dueInMs: due.ms, granularityMs: due.granularityMs, lastReceivedMsAgo: socket.lastReceivedMsAgo };
}
