// A request through a middlebox judged: what it came to (the client application's event), what the client's wire
// shows of it (the answer, a reset, or retransmissions or keepalive probes into silence), what the router's
// conntrack table shows of the flow (kept alive by keepalive, or forgotten before it mattered), and what became of
// the server's end. The client's own keepalive may end its connection in the silence, before the request is due:
// that ending is the outcome then.
import type { EntryLife } from '../observe/conntrack.ts';
import type { SideOnWire } from '../run/flow-timeline.ts';
import type { ExpectedWindow } from '../model/window.ts';
import { seconds, secondsRange, span } from '../format/format.ts';
import type { RequestResult } from '../scenario.ts';
import type { Judgement } from '../verdict.ts';
import type { MiddleboxPlan } from './plan.ts';

/**
 * The client's request: when it went out (ms from the handshake; null: the connection ended in the silence, before
 * the request was due), how it ended, and when (ms from the request, or from when it was due: negative then).
 */
export interface RequestRecord {
  sentAtMs: number | null;
  outcome: RequestResult | string;
  atMs: number | null;
  /** What the client's wire showed after the request (or, unsent, after the handshake). */
  wire: RequestOnWire;
}

export interface RequestOnWire {
  answered: boolean;
  resetBy: 'router' | 'server' | null;
  retransmissions: number;
  /** The client's keepalive probes after the last packet it received. */
  unansweredProbes: number;
}

/** The server's end: what its application saw (an error, the end, or nothing) and when, from the request. */
export interface ServerFate {
  saw: string;
  atMs: number | null;
  /** Whether the request reached it. */
  gotRequest: boolean;
}

/** When things happened, ms since the epoch: the handshake (times in the reason count from it) and the moment the router's memory mattered. */
export interface MiddleboxMoments {
  handshakeAt: number;
  /** The request went out, or — unsent — the client's connection ended. */
  mattersAt: number;
}

/** `window`: when a request that went out should end, in ms from then. */
export function judgeRequest(plan: MiddleboxPlan, request: RequestRecord, entry: EntryLife, moments: MiddleboxMoments, window: RequestWindow): Judgement {
  if (request.outcome !== plan.expected) {
    return {
      verdict: 'fail',
      reason: `the request ${describeRequest(request)} where ${plan.mode} mode${tooSlow(plan) ? ' with keepalive not faster than the NAT timeout' : ''} should give ${plan.expected}`,
    };
  }
  const stamp = (t: number) => seconds(t - moments.handshakeAt);
  const evidence = wireProblem(request) ?? timeProblem(request, window) ?? memoryProblem(plan, entry, moments.mattersAt, stamp);
  if (evidence) return { verdict: 'fail', reason: `the request ${describeRequest(request)} as expected, but ${evidence}` };
  return { verdict: 'pass', reason: `the request ${describeRequest(request)} ${why(plan, request, entry, stamp)}` };
}

/** "was answered 2.1 ms after it was sent", "never went out: ETIMEDOUT 3.1 s before it was due". */
export function describeRequest(request: RequestRecord): string {
  if (request.sentAtMs === null) {
    const when = request.atMs === null ? '' : ` ${span(-request.atMs)} before it was due`;
    return `never went out: the client's connection ended ${request.outcome}${when}`;
  }
  const when = request.atMs === null ? '' : ` ${span(request.atMs)} after it was sent`;
  return request.outcome === 'answered' ? `was answered${when}` : `ended ${request.outcome}${when}`;
}

const tooSlow = (plan: MiddleboxPlan) => plan.marginS !== null && plan.marginS <= 0;

/** The wire must show what the application saw. */
function wireProblem({ sentAtMs, outcome, wire }: RequestRecord): string | null {
  if (outcome === 'answered' && !wire.answered) return "the client's wire shows no answer";
  if (outcome === 'ECONNRESET' && !wire.resetBy) return "the client's wire shows no RST";
  // Unsent, the wire from the handshake on holds the greeting's answer: only the probes left unanswered count.
  if (outcome === 'ETIMEDOUT' && ((sentAtMs !== null && wire.answered) || wire.retransmissions + wire.unansweredProbes === 0)) {
    return "the client's wire shows no retransmission or keepalive probe into silence";
  }
  return null;
}

export type RequestWindow = Pick<ExpectedWindow, 'earliestMs' | 'latestMs' | 'reference'>;

/** A request that went out must end inside its window: at once, or at the client's retransmission limit. */
function timeProblem({ sentAtMs, atMs }: RequestRecord, window: RequestWindow): string | null {
  if (sentAtMs === null || atMs === null || (atMs >= window.earliestMs && atMs <= window.latestMs)) return null;
  const from = window.reference === 'first-retransmission' ? ' (the retransmission limit, counted from the first retransmission)' : '';
  return `outside the window it should end in, ${secondsRange(window.earliestMs, window.latestMs)} after it was sent${from}`;
}

/** The router's table must show the flow kept (keepalive faster than the NAT timeout) or forgotten before it mattered. */
function memoryProblem(plan: MiddleboxPlan, entry: EntryLife, mattersAt: number, stamp: (t: number) => string): string | null {
  if (entry.seenFrom === null) return "the router's conntrack table never showed the flow";
  const kept = plan.marginS !== null && plan.marginS > 0;
  const forgotten = entry.goneBy !== null && entry.goneBy <= mattersAt;
  if (kept && forgotten) return `the router forgot the flow (gone by ${stamp(entry.goneBy!)} after the handshake) though keepalive should have kept it`;
  if (!kept && !forgotten) return 'the router still held the flow when it mattered: the silence was shorter than its memory';
  return null;
}

function why(plan: MiddleboxPlan, request: RequestRecord, entry: EntryLife, stamp: (t: number) => string): string {
  const silence = `${request.sentAtMs === null ? 'due' : 'sent'} after ${plan.requestAfterS} s of silence`;
  const sides = `the ${plan.keepaliveOn} side${plan.keepaliveOn === 'both' ? 's' : ''}`;
  if (plan.marginS !== null && plan.marginS > 0) {
    return `— ${silence}: keepalive on ${sides}, idle ${plan.natTimeoutS - plan.marginS} s, ${plan.marginS} s under the router's ${plan.natTimeoutS} s NAT timeout, refreshed its entry ${entry.refreshes.length} times`;
  }
  const expired = entry.expired ? `expired ${stamp(entry.expired.earliest)} … ${stamp(entry.expired.latest)} after the handshake` : 'was gone';
  const keepalive =
    plan.marginS === null
      ? 'keepalive off'
      : `keepalive on ${sides}, idle ${plan.natTimeoutS - plan.marginS} s, not under the ${plan.natTimeoutS} s NAT timeout`;
  return `— ${silence} (${keepalive}): the router's entry for the flow ${expired}, before it mattered (${plan.mode} mode)`;
}

/**
 * What the wire shows from `from` on: on the client's side the answer, an RST, retransmissions or keepalive probes
 * left unanswered; an RST comes from the router's address either way, so the server's side says whether the server
 * sent it.
 */
export function requestOnWire(client: SideOnWire, server: SideOnWire, from: number): RequestOnWire {
  const after = client.packets.filter((packet) => packet.t >= from);
  const toClient = after.filter((packet) => packet.to === client.endpoint);
  const lastReceived = toClient.at(-1)?.t ?? -Infinity;
  const reset = toClient.some((packet) => packet.kind === 'rst');
  const serverReset = server.packets.some((packet) => packet.t >= from && packet.from === server.endpoint && packet.kind === 'rst');
  const sent = after.filter((packet) => packet.from === client.endpoint);
  return {
    answered: toClient.some((packet) => (packet.length ?? 0) > 0 && packet.kind !== 'rst'),
    resetBy: reset ? (serverReset ? 'server' : 'router') : null,
    retransmissions: sent.filter((packet) => packet.kind === 'retransmission').length,
    unansweredProbes: sent.filter((packet) => packet.kind === 'keepalive-probe' && packet.t > lastReceived).length,
  };
}
