// The application's questions, answered from its lines: when it first saw an error after the fault and which,
// whether a request hung (no answer `requestTimeoutMs` after it was sent) and for how long, when it recovered (its
// first answer after the heal), and how its requests fared. Times are ms from the fault.
import { type Instant, toMicroseconds } from '../clock.ts';
import type { ApplicationLine } from '../observe/application-log.ts';

export interface ApplicationSummary {
  /** The first request rejected or `error` event the library surfaced after the fault; null when it surfaced none. */
  firstErrorMs: number | null;
  error: { code: string; message: string; surfacedAs: 'a failed request' | 'an error event' } | null;
  /** The longest a request sent after the fault waited, where it waited longer than the request timeout; null: none hung. */
  hungMs: number | null;
  /** When the lab healed the fault, and the application's first answer after it; null: not healed, or no answer came. */
  healedAtMs: number | null;
  recoveredMs: number | null;
  /** The requests sent from the fault on: answered, failed (rejected), hung (unanswered after the request timeout). */
  requests: { sent: number; ok: number; failed: number; hung: number };
  requestTimeoutMs: number;
}

export interface SummaryTimes {
  faultAt: Instant;
  healedAt: Instant | null;
  /** When watching the application stopped: a request still unanswered then waited at least until then. */
  endAt: Instant;
  requestTimeoutMs: number;
}

export function summarizeApplication(lines: readonly ApplicationLine[], times: SummaryTimes): ApplicationSummary {
  const fromFault = (t: Instant) => toMicroseconds(t - times.faultAt);
  const after = lines.filter((line) => line.t >= times.faultAt);
  const firstError = after.find((line) => line.event === 'failed' || line.event === 'error');
  const waits = requestsSent(after).map((sent) => waitOf(sent, lines, times));
  const hung = waits.filter((wait) => wait.ms > times.requestTimeoutMs);
  const recovered = times.healedAt === null ? undefined : after.find((line) => line.event === 'answer' && line.t >= times.healedAt!);
  return {
    firstErrorMs: firstError ? fromFault(firstError.t) : null,
    error: firstError
      ? {
          code: firstError.code ?? 'unknown',
          message: firstError.message ?? '',
          surfacedAs: firstError.event === 'failed' ? 'a failed request' : 'an error event',
        }
      : null,
    hungMs: hung.length === 0 ? null : toMicroseconds(Math.max(...hung.map((wait) => wait.ms))),
    healedAtMs: times.healedAt === null ? null : fromFault(times.healedAt),
    recoveredMs: recovered ? fromFault(recovered.t) : null,
    requests: {
      sent: waits.length,
      ok: waits.filter((wait) => wait.end === 'answer').length,
      failed: waits.filter((wait) => wait.end === 'failed').length,
      hung: hung.length,
    },
    requestTimeoutMs: times.requestTimeoutMs,
  };
}

function requestsSent(lines: readonly ApplicationLine[]): ApplicationLine[] {
  return lines.filter((line) => line.event === 'request' && line.id !== undefined);
}

/** How long a request waited, and how it ended ('none': not by the end of the watch). */
function waitOf(sent: ApplicationLine, lines: readonly ApplicationLine[], times: SummaryTimes): { ms: number; end: 'answer' | 'failed' | 'none' } {
  const ended = lines.find((line) => line.id === sent.id && (line.event === 'answer' || line.event === 'failed'));
  return ended ? { ms: ended.t - sent.t, end: ended.event as 'answer' | 'failed' } : { ms: times.endAt - sent.t, end: 'none' };
}
