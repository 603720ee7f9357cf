// Pass or fail, from measured facts only. Pure: the run collects the facts, this judges them.
import type { ExpectedWindow } from './model/keepalive-window.ts';
import type { SocketState } from './observe/socket-state.ts';
import type { Expectation } from './scenario.ts';

export type Verdict = 'pass' | 'fail' | 'skipped';

export interface Judgement {
  verdict: Verdict;
  reason: string;
}

export interface Facts {
  /** The server's first terminal socket event after the fault: an error code, 'end', 'close'; or 'alive'. */
  outcome: string;
  /** Fault → outcome, ms; null when nothing happened. */
  measuredMs: number | null;
  window: ExpectedWindow;
  /** Keepalive probes the server's kernel sent from the fault on (TcpExt.TCPKeepAlive difference). */
  probesSent: number;
  /** The range of probe counts the mechanism allows, when it fixes one. */
  probesExpected?: { min: number; max: number };
  /** The server's connection as its kernel saw it at the end, for an 'alive' expectation. */
  serverSocket?: SocketState;
  observedForMs: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

export function judge(expect: Expectation, facts: Facts): Judgement {
  return expect.outcome === 'error' ? judgeError(expect.codes, facts) : judgeAlive(facts);
}

function judgeError(codes: readonly string[], facts: Facts): Judgement {
  const { window, measuredMs, outcome } = facts;
  if (measuredMs === null) {
    return fail(`the server saw nothing within ${seconds(facts.observedForMs)} of the fault; expected ${codes.join(' or ')} by ${seconds(window.latestMs)}`);
  }
  if (!codes.includes(outcome)) {
    return fail(`the server saw ${outcome} after ${seconds(measuredMs)}; expected ${codes.join(' or ')}`);
  }
  if (measuredMs < window.earliestMs) {
    return fail(`${outcome} came ${seconds(measuredMs)} after the fault, ${seconds(window.earliestMs - measuredMs)} before the earliest the kernel allows (${seconds(window.earliestMs)})`);
  }
  if (measuredMs > window.latestMs) {
    return fail(`${outcome} came ${seconds(measuredMs)} after the fault, ${seconds(measuredMs - window.latestMs)} after the latest the model allows (${seconds(window.latestMs)})`);
  }
  const probes = facts.probesExpected;
  if (probes && (facts.probesSent < probes.min || facts.probesSent > probes.max)) {
    const wanted = probes.min === probes.max ? `${probes.min}` : `${probes.min}–${probes.max}`;
    return fail(`${outcome} came in time, but the server sent ${facts.probesSent} keepalive probes after the fault where ${window.mechanism} needs ${wanted}`);
  }
  return {
    verdict: 'pass',
    reason: `${outcome} ${seconds(measuredMs)} after the fault, inside [${seconds(window.earliestMs)}, ${seconds(window.latestMs)}], after ${facts.probesSent} unanswered keepalive probes`,
  };
}

function judgeAlive(facts: Facts): Judgement {
  if (facts.measuredMs !== null) {
    return fail(`the server saw ${facts.outcome} ${seconds(facts.measuredMs)} after the fault; its connection was expected to stay up`);
  }
  const socket = facts.serverSocket;
  if (!socket || socket.state !== 'ESTAB') {
    return fail(`the server's kernel no longer holds the connection as established (${socket?.state ?? 'gone'})`);
  }
  if (facts.probesSent === 0) {
    return fail(`no keepalive probe was sent in ${seconds(facts.observedForMs)}, so the run proves nothing about answered probes`);
  }
  const unanswered = socket.timer?.name === 'keepalive' ? socket.timer.probesUnanswered : undefined;
  if (unanswered === undefined || unanswered > 0) {
    return fail(`the server's keepalive probes were not all answered (ss shows ${socket.timer ? `${socket.timer.name} timer, ${socket.timer.probesUnanswered} unanswered` : 'no timer'})`);
  }
  const windows = (facts.observedForMs / facts.window.latestMs).toFixed(1);
  return {
    verdict: 'pass',
    reason: `still established ${seconds(facts.observedForMs)} after the fault (${windows}× the keepalive window): the server sent ${facts.probesSent} keepalive probes and every one was answered`,
  };
}

function fail(reason: string): Judgement {
  return { verdict: 'fail', reason };
}
