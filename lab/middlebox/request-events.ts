// The client's request after the silence as its program reports it: the lab's agent (its request-sent, answered
// and error events), or an application's lines — its first request goes out as it connects, the second after the
// silence (its requests are spaced by --request-after), and that one is judged.
import type { Instant } from '../clock.ts';
import { type AgentEvent, type AgentEventLog, outcomeOf } from '../observe/agent-events.ts';
import type { ApplicationLine, ApplicationLog } from '../observe/application-log.ts';

/** How the request (or, before it, the connection) ended: 'answered', an error's code, 'end' or 'close'. */
export interface RequestEnding {
  t: Instant;
  outcome: string;
}

export interface RequestEvents {
  /** The request went out (its moment), or the connection ended in the silence before it did (`ending`); null: nothing within the wait. */
  sent(after: Instant, timeoutMs: number): Promise<{ sentAt: Instant } | { ending: RequestEnding } | null>;
  /** How the request that went out at `sentAt` ended; null: nothing within the wait. */
  ended(sentAt: Instant, timeoutMs: number): Promise<RequestEnding | null>;
  /** From when the request's own packet is looked for on the client's wire. */
  packetFrom(sentAt: Instant, handshakeAt: Instant): Instant;
}

const AGENT_ENDINGS = ['error', 'end', 'close'];

export function agentRequests(log: AgentEventLog): RequestEvents {
  const client = (names: string[], after: Instant) => (event: AgentEvent) => event.role === 'client' && names.includes(event.event) && event.t >= after;
  const ending = (event: AgentEvent): RequestEnding => ({ t: event.t, outcome: event.event === 'answered' ? 'answered' : outcomeOf(event) });
  return {
    async sent(after, timeoutMs) {
      const event = await log.waitFor(client(['request-sent', ...AGENT_ENDINGS], after), timeoutMs);
      if (!event) return null;
      return event.event === 'request-sent' ? { sentAt: event.t } : { ending: ending(event) };
    },
    async ended(sentAt, timeoutMs) {
      const event = await log.waitFor(client(['answered', ...AGENT_ENDINGS], sentAt), timeoutMs);
      return event && ending(event);
    },
    // The agent sends one request, and says so after its packet left (by up to 100 ms under load): its first data.
    packetFrom: (_sentAt, handshakeAt) => handshakeAt,
  };
}

/** The application's request judged: its second (the first goes out as it connects). */
export const JUDGED_REQUEST = 2;

export function applicationRequests(log: ApplicationLog): RequestEvents {
  const ending = (line: ApplicationLine): RequestEnding => ({ t: line.t, outcome: line.event === 'answer' ? 'answered' : (line.code ?? line.event) });
  return {
    async sent(after, timeoutMs) {
      const line = await log.waitFor(
        (candidate) => candidate.t >= after && ((candidate.event === 'request' && candidate.id === JUDGED_REQUEST) || candidate.event === 'error'),
        timeoutMs,
      );
      if (!line) return null;
      return line.event === 'request' ? { sentAt: line.t } : { ending: ending(line) };
    },
    async ended(sentAt, timeoutMs) {
      const line = await log.waitFor(
        (candidate) => candidate.t >= sentAt && candidate.id === JUDGED_REQUEST && (candidate.event === 'answer' || candidate.event === 'failed'),
        timeoutMs,
      );
      return line && ending(line);
    },
    // The application writes its line before its request (its clock counts whole ms): the first data after it.
    packetFrom: (sentAt) => sentAt - 1,
  };
}
