// What ended the observed connection, and how its application would see it, read from the sources: the packet
// on the wire that ended it, or — where the kernel drops a connection without a packet (the retransmission limit,
// a user timeout on a closed window) — the abort its namespace counted. Named as Node names them:
// ETIMEDOUT (or the soft error an ICMP left), ECONNRESET, 'end' for the peer's FIN, 'close' for the observer's own
// FIN, 'alive' when nothing ended it.
import type { Instant } from '../clock.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { Mechanism } from '../mechanism.ts';
import { type AgentEvent, outcomeOf } from './agent-events.ts';
import type { SourceName } from './facts.ts';
import type { AbortTrace } from './counter-sampler.ts';
import type { IcmpArrival, WireAnalysis } from './wire-analysis.ts';

export interface ObservedOutcome {
  /** An error code, 'end', 'close', or 'alive'. */
  outcome: string;
  /** When, in the Docker host's clock; null when alive. */
  at: Instant | null;
  /** What showed it; null when alive. */
  seenBy: SourceName | null;
  /** How closely `at` is known: 0 for a packet, the sampling gap for the counters. */
  uncertaintyMs: number;
  mechanism: Mechanism;
}

const ALIVE: ObservedOutcome = { outcome: 'alive', at: null, seenBy: null, uncertaintyMs: 0, mechanism: 'none' };

/** From the wire, and the namespace's abort count for endings without a packet. `since`: the start of the fault. */
export function outcomeOnTheWire(wire: WireAnalysis, abort: AbortTrace | undefined, config: KeepaliveConfig, since: Instant): ObservedOutcome {
  const gaveUp = givingUp(wire, config);
  const timedOut = (by: Instant) => softError(wire.icmpErrors.filter((error) => error.t < by)) ?? 'ETIMEDOUT';
  if (wire.ending) {
    const { t, kind, by } = wire.ending;
    if (by === 'peer')
      return { outcome: kind === 'rst' ? 'ECONNRESET' : 'end', at: t, seenBy: 'wire', uncertaintyMs: 0, mechanism: kind === 'rst' ? 'reset' : 'fin' };
    if (kind === 'rst' && gaveUp !== 'none') return { outcome: timedOut(t), at: t, seenBy: 'wire', uncertaintyMs: 0, mechanism: gaveUp };
    return { outcome: 'close', at: t, seenBy: 'wire', uncertaintyMs: 0, mechanism: 'close' }; // its application closed it
  }
  if (abort && abort.at >= since) {
    return {
      outcome: timedOut(abort.at - abort.gapMs),
      at: abort.at,
      seenBy: 'counters',
      uncertaintyMs: abort.gapMs,
      mechanism: gaveUp === 'none' ? 'keepalive' : gaveUp,
    };
  }
  return ALIVE;
}

/** From the application's own terminal event, when there is no capture to read (the lab's agent). */
export function outcomeOfAgentEvent(event: AgentEvent | null, config: KeepaliveConfig): ObservedOutcome {
  if (!event) return ALIVE;
  const outcome = outcomeOf(event);
  const timedOut: Mechanism = config.userTimeoutMs > 0 ? 'user-timeout' : 'keepalive';
  const mechanism: Mechanism = outcome === 'ECONNRESET' ? 'reset' : outcome === 'end' ? 'fin' : outcome === 'close' ? 'close' : timedOut;
  return { outcome, at: event.t, seenBy: 'agent', uncertaintyMs: 0, mechanism };
}

/**
 * Why the observer's kernel would give up, from what it sent after the fault: data in flight → the retransmission
 * limit, or the user timeout the timer is clamped to; data waiting on a closed window → only the user timeout;
 * unanswered keepalive probes → keepalive, or the user timeout that overrides the count.
 */
function givingUp(wire: WireAnalysis, config: KeepaliveConfig): Mechanism {
  const userTimeout = config.userTimeoutMs > 0;
  if (wire.retransmissions > 0) return userTimeout ? 'user-timeout' : 'retransmission';
  if (wire.zeroWindowProbes.length > 0) return 'user-timeout';
  if (wire.probes.length > 0) return userTimeout ? 'user-timeout' : 'keepalive';
  return 'none';
}

// icmp_err_convert (net/ipv4/icmp.c) for destination unreachable, and icmpv6_err_convert (net/ipv6/icmp.c).
const UNREACHABLE_V4 = [
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENOPROTOOPT',
  'ECONNREFUSED',
  'EMSGSIZE',
  'EOPNOTSUPP',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENONET',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EHOSTUNREACH',
  'EHOSTUNREACH',
  'EHOSTUNREACH',
];
const UNREACHABLE_V6 = ['ENETUNREACH', 'EACCES', 'EHOSTUNREACH', 'EHOSTUNREACH', 'ECONNREFUSED', 'EACCES', 'EACCES'];

/**
 * The soft error an ICMP unreachable leaves on the socket (tcp_v4_err): the kernel then fails with it instead of
 * ETIMEDOUT — but only for an error about a segment inside the window, never one about a keepalive probe, and
 * only one that came before the abort (the observer's RST draws one too).
 */
function softError(errors: IcmpArrival[]): string | undefined {
  const last = errors.filter((error) => error.inWindow && error.type === (error.v6 ? 1 : 3)).at(-1);
  return last && (last.v6 ? UNREACHABLE_V6 : UNREACHABLE_V4)[last.code];
}
