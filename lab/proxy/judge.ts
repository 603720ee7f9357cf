// A connection through a proxy judged: the user's question — did the proxy close the idle connection, when, and did
// keepalive keep it? — from the client's wire (the close and who sent it, the last data before it, keepalive's
// probes), the proxy's own log (why it closed the session), and the application's next request. The model's
// question — how close to the timeout — is the window: HAProxy's timer counts whole milliseconds from the last
// activity on the connection. HAProxy is a process, not a kernel timer: on a busy machine, woken at its timeout, it
// may wait for a CPU before it closes. How long some task waited for a CPU between the timeout and the close
// (/proc/pressure/cpu, "some") bounds that wait from above, and widens the window's late side by exactly that — as a
// kernel timer's measured lateness does for keepalive; on an idle machine it adds nothing.
import { OBSERVATION_ALLOWANCE_MS } from '../model/allowances.ts';
import type { KernelHz } from '../model/kernel-hz.ts';
import type { ExpectedWindow } from '../model/window.ts';
import { plural, seconds, secondsRange } from '../format/format.ts';
import type { Judgement } from '../verdict.ts';
import type { ProxyPlan } from './plan.ts';
import { isIdleTimeout, type ProxyLogRecord } from './proxy-log.ts';

/** HAProxy's ticks are whole milliseconds: its clock may read up to 1 ms behind when it arms the timer. */
export const PROXY_TICK_MS = 1;

/** The close on the client's wire: the first FIN or RST of its connection after the handshake. */
export interface CloseRecord {
  /** ms from the last data on the connection (either way) to the close; null: no close within the watch. */
  idleMs: number | null;
  by: 'proxy' | 'client' | null;
  signal: 'fin' | 'rst' | null;
  /** The client's keepalive probes before the close, and how many the proxy's kernel answered. */
  probes: { sent: number; answered: number };
}

/** The application's next request after the silence: how it ended, whether it left after the close, whether a new connection's SYN came before its end. */
export interface NextRequestRecord {
  outcome: string;
  afterTheClose: boolean;
  newConnection: boolean;
}

/** An application that sent no request after the silence. */
export const NEVER_SENT = 'never sent';

/**
 * The window the close must fall in, ms from the last data: the timeout, its tick, the capture's allowance, and
 * `cpuWaitMs`, how long some task waited for a CPU between the timeout and the close (0: none, or not known).
 */
export function closeWindow(plan: ProxyPlan, hz: KernelHz, cpuWaitMs = 0): ExpectedWindow {
  const timeoutMs = plan.timeoutS * 1000;
  return {
    mechanism: 'fin',
    reference: 'last-data',
    earliestMs: timeoutMs - PROXY_TICK_MS,
    latestMs: timeoutMs + PROXY_TICK_MS + OBSERVATION_ALLOWANCE_MS + cpuWaitMs,
    nominalEarliestMs: timeoutMs,
    nominalLatestMs: timeoutMs,
    timerRoundingMs: PROXY_TICK_MS,
    deliveryAllowanceMs: OBSERVATION_ALLOWANCE_MS,
    faultSpanMs: 0,
    hz,
    ...(cpuWaitMs > 0 ? { lateTicksMs: cpuWaitMs } : {}),
  };
}

export function judgeProxy(plan: ProxyPlan, close: CloseRecord, log: ProxyLogRecord, next: NextRequestRecord | null, window: ExpectedWindow): Judgement {
  const problem = closeProblem(plan, close, window) ?? logProblem(log) ?? probeProblem(plan, close) ?? nextProblem(next);
  if (problem) return { verdict: 'fail', reason: problem };
  return { verdict: 'pass', reason: passReason(plan, close, log, next, window) };
}

function closeProblem(plan: ProxyPlan, close: CloseRecord, window: ExpectedWindow): string | null {
  if (close.idleMs === null) return `the connection was never closed within the watch, though the proxy's timeout is ${plan.timeoutS} s`;
  if (close.by === 'client')
    return `the client closed its connection itself (${close.signal?.toUpperCase()}) ${seconds(close.idleMs)} into the silence, before the proxy could: it keeps no idle connection for ${plan.timeoutS} s`;
  if (close.signal === 'rst')
    return `the proxy reset the connection (RST) ${seconds(close.idleMs)} after its last data, where its idle timeout closes it with a FIN`;
  if (close.idleMs < window.earliestMs || close.idleMs > window.latestMs)
    return `the proxy closed the connection ${seconds(close.idleMs)} after its last data, outside ${secondsRange(window.earliestMs, window.latestMs)} (its ${plan.timeoutS} s timeout${lateText(window)})`;
  return null;
}

function logProblem(log: ProxyLogRecord): string | null {
  if (log.termination === null) return "the proxy's log has no line for the client's session: why it closed is not shown";
  return isIdleTimeout(log.termination) ? null : `the proxy's log says ${log.termination} for the session, not an idle timeout (cD or sD)`;
}

function probeProblem(plan: ProxyPlan, close: CloseRecord): string | null {
  if (!plan.probesExpected) return null;
  if (close.probes.sent === 0) return `the client's keepalive sent no probe before the close, though its idle is under the ${plan.timeoutS} s timeout`;
  return close.probes.answered < close.probes.sent
    ? `${close.probes.sent - close.probes.answered} of the client's keepalive probes went unanswered before the close`
    : null;
}

function nextProblem(next: NextRequestRecord | null): string | null {
  if (next === null || (next.outcome === 'answered' && next.afterTheClose && next.newConnection)) return null;
  if (next.outcome === NEVER_SENT) return 'the application sent no request after the silence';
  if (!next.afterTheClose) return "the application's next request went out before the proxy closed the connection: give a longer --request-after";
  if (next.outcome === 'answered') return "the application's next request was answered, but no new connection's SYN is on the client's wire";
  return `the application's next request after the close ended ${next.outcome}: it did not reconnect`;
}

/** "; some task waited 52 ms for a CPU after it" where the machine's contention widened the window. */
function lateText(window: ExpectedWindow): string {
  return window.lateTicksMs ? `; some task waited ${Math.round(window.lateTicksMs)} ms for a CPU after it` : '';
}

function passReason(plan: ProxyPlan, close: CloseRecord, log: ProxyLogRecord, next: NextRequestRecord | null, window: ExpectedWindow): string {
  const closed = `the proxy closed the connection ${seconds(close.idleMs!)} after its last data (its ${plan.timeoutS} s timeout${lateText(window)}; its log: ${log.termination}, an idle timeout)`;
  const probes =
    close.probes.sent > 0
      ? `; the client's ${plural(close.probes.sent, 'keepalive probe')} ${close.probes.sent === 1 ? 'was' : 'were'} answered by the proxy's kernel and did not keep it`
      : '';
  const nextRequest = next ? `; the application's next request was answered on a new connection` : '';
  return `${closed}${probes}${nextRequest}`;
}
