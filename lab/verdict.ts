// Pass or fail, from measured facts only. Pure: the run collects the facts, this judges them.
import type { KernelHz } from './model/kernel-hz.ts';
import type { ExpectedWindow } from './model/window.ts';
import type { SocketState } from './observe/socket-state.ts';
import type { WireAnalysis } from './observe/wire-analysis.ts';
import { plural, seconds } from './format/format.ts';
import type { Roles } from './roles.ts';
import type { AliveProbes, Expectation } from './scenario.ts';

/**
 * pass or fail: what the kernel did, judged; skipped: this machine cannot run the scenario (the kernel said so);
 * invalid: what was observed cannot be trusted (the capture lost packets) — neither a pass nor a fail.
 */
export type Verdict = 'pass' | 'fail' | 'skipped' | 'invalid';

export interface Judgement {
  verdict: Verdict;
  reason: string;
}

export interface Facts {
  /** Who watches (holds keepalive and must notice) and who is faulted: server and client, or the other way. */
  roles: Roles;
  /** The observer's first terminal socket event after the fault: an error code, 'end', 'close'; or 'alive'. */
  outcome: string;
  /** Fault → outcome, ms; null when nothing happened. */
  measuredMs: number | null;
  /** The window the kernel's documented rules give for the settings. */
  window: ExpectedWindow;
  /** The user's bound, ms from the fault: when given, the ending must come by then, and the rules' window is only reported. */
  withinMs?: number;
  /** Keepalive probes the observer's kernel sent from the fault on (TcpExt.TCPKeepAlive difference). */
  probesSent: number;
  /** The range of probe counts the mechanism allows, when it fixes one. */
  probesExpected?: { min: number; max: number };
  /** The observer's connection as its kernel saw it at the end, for an 'alive' expectation. */
  observerSocket?: SocketState;
  observedForMs: number;
  /** The observer's connection on the wire, when there is a capture. */
  wire?: WireAnalysis;
  /**
   * For an expected error, what the ending's rule says: why the wire does not show that ending (null when it does,
   * or without a capture), and how the connection ended, in words.
   */
  ending?: { problem: string | null; how: string };
}

/** What tcpdump counted as lost from a capture: dropped by the kernel (its buffer filled) and by the interface. */
export interface CaptureLoss {
  droppedByKernel?: number | null;
  droppedByInterface?: number | null;
}

/**
 * Captures that lost packets cannot show what happened: the run is `invalid`, neither a pass nor a fail about the
 * kernel. `cannot`: what the wire then cannot do; `rerun`: how to run it again.
 */
export function captureLossJudgement(captures: readonly CaptureLoss[], cannot: string, rerun = 'run it again on a quieter machine'): Judgement | null {
  const byKernel = captures.reduce((sum, capture) => sum + (capture.droppedByKernel ?? 0), 0);
  const byInterface = captures.reduce((sum, capture) => sum + (capture.droppedByInterface ?? 0), 0);
  if (byKernel + byInterface === 0) return null;
  const which = captures.length === 1 ? 'the capture' : 'the captures';
  return {
    verdict: 'invalid',
    reason: `${which} lost ${plural(byKernel + byInterface, 'packet')} (tcpdump: ${byKernel} dropped by kernel, ${byInterface} by interface), so the wire cannot ${cannot}: ${rerun}`,
  };
}

/** net.ipv4.tcp_invalid_ratelimit's default: one answer per 500 ms to out-of-window segments. */
const INVALID_RATELIMIT_MS = 500;

/** A jiffy at the HZ the model uses; 10 ms (HZ 100, the longest) when it is unknown. */
const jiffyMs = (hz: KernelHz) => 1000 / (hz.hz ?? 100);

export function judge(expect: Expectation, facts: Facts): Judgement {
  return expect.outcome === 'error' ? judgeError(expect.codes, facts) : judgeAlive(expect.probes, facts, expect.forMs !== undefined);
}

function judgeError(codes: readonly string[], facts: Facts): Judgement {
  const { window, measuredMs, outcome } = facts;
  const { observer } = facts.roles;
  if (measuredMs === null) {
    return fail(
      `the ${observer} saw nothing within ${seconds(facts.observedForMs)} of the fault; expected ${codes.join(' or ')} by ${seconds(window.latestMs)}`,
    );
  }
  if (!codes.includes(outcome)) {
    return fail(`the ${observer} saw ${outcome} after ${seconds(measuredMs)}; expected ${codes.join(' or ')}`);
  }
  const timeProblem = facts.withinMs === undefined ? outsideRules(outcome, measuredMs, window) : beyondBound(outcome, measuredMs, facts.withinMs);
  if (timeProblem) return fail(timeProblem);
  const wireProblem = facts.ending?.problem;
  if (wireProblem) return fail(`${outcome} came in time, but ${wireProblem}`);
  const probes = facts.probesExpected;
  if (probes && (facts.probesSent < probes.min || facts.probesSent > probes.max)) {
    const wanted = probes.min === probes.max ? `${probes.min}` : `${probes.min}–${probes.max}`;
    return fail(
      `${outcome} came in time, but the ${observer} sent ${plural(facts.probesSent, 'keepalive probe')} after the fault where ${window.mechanism} needs ${wanted}`,
    );
  }
  const inside =
    facts.withinMs === undefined
      ? `inside the kernel's window [${seconds(window.earliestMs)}, ${seconds(window.latestMs)}]`
      : `within your bound of ${seconds(facts.withinMs)} (the kernel's window: [${seconds(window.earliestMs)}, ${seconds(window.latestMs)}])`;
  return { verdict: 'pass', reason: `${outcome} ${seconds(measuredMs)} after the fault, ${inside}: ${facts.ending?.how ?? 'as expected'}` };
}

function outsideRules(outcome: string, measuredMs: number, window: ExpectedWindow): string | null {
  if (measuredMs < window.earliestMs) {
    return `${outcome} came ${seconds(measuredMs)} after the fault, ${seconds(window.earliestMs - measuredMs)} before the earliest the kernel's rules allow (${seconds(window.earliestMs)})`;
  }
  if (measuredMs > window.latestMs) {
    return `${outcome} came ${seconds(measuredMs)} after the fault, ${seconds(measuredMs - window.latestMs)} after the latest the kernel's rules allow (${seconds(window.latestMs)})`;
  }
  return null;
}

function beyondBound(outcome: string, measuredMs: number, withinMs: number): string | null {
  return measuredMs > withinMs
    ? `${outcome} came ${seconds(measuredMs)} after the fault, ${seconds(measuredMs - withinMs)} beyond your bound of ${seconds(withinMs)}`
    : null;
}

/** `watched`: the connection was watched for a set time (a server as it ships), not a multiple of a window. */
function judgeAlive(probes: AliveProbes, facts: Facts, watched: boolean): Judgement {
  const { observer } = facts.roles;
  if (facts.measuredMs !== null) {
    return fail(`the ${observer} saw ${facts.outcome} ${seconds(facts.measuredMs)} after the fault; its connection was expected to stay up`);
  }
  const socket = facts.observerSocket;
  if (socket?.state !== 'ESTAB') {
    return fail(`the ${observer}'s kernel no longer holds the connection as established (${socket?.state ?? 'gone'})`);
  }
  const multiple = (facts.observedForMs / facts.window.latestMs).toFixed(1);
  const windows = watched ? 'the time watched' : `${multiple}×`;
  if (probes === 'zero-window') {
    const zeroWindow = facts.wire?.zeroWindowProbes ?? [];
    if (zeroWindow.length === 0)
      return fail(`the ${observer} sent no zero-window probe after the fault (${facts.wire ? 'on the wire' : 'no capture to tell'})`);
    // A peer answers an out-of-window segment at most once per tcp_invalid_ratelimit (500 ms by default), which
    // its kernel counts in whole jiffies: one that came within a jiffy past 500 ms may still be inside it.
    const owedAfterMs = INVALID_RATELIMIT_MS + jiffyMs(facts.window.hz);
    const owed = zeroWindow.filter((probe) => (probe.sincePeerMs ?? Infinity) >= owedAfterMs);
    const unanswered = owed.filter((probe) => !probe.answered).length;
    if (owed.length === 0)
      return fail(
        `none of the ${observer}'s zero-window probes came ${owedAfterMs} ms after the ${facts.roles.peer}'s previous segment, so none had to be answered`,
      );
    if (unanswered > 0)
      return fail(`${unanswered} of the ${observer}'s zero-window probes went unanswered though the ${facts.roles.peer} had been silent for ${owedAfterMs} ms`);
    const limited = zeroWindow.length - owed.length;
    return {
      verdict: 'pass',
      reason: `still established ${seconds(facts.observedForMs)} after the fault (${watched ? windows : `${windows} the keepalive window`}): the ${observer}'s data waits on a closed window, and its zero-window probes were answered (${owed.length} of ${zeroWindow.length}${limited ? `; ${limited} within ${owedAfterMs} ms of the ${facts.roles.peer}'s previous segment, which tcp_invalid_ratelimit (${INVALID_RATELIMIT_MS} ms, counted in jiffies) lets it skip` : ''})`,
    };
  }
  if (probes === 'none') {
    if (facts.probesSent > 0)
      return fail(`the ${observer}'s kernel sent ${plural(facts.probesSent, 'keepalive probe')} after the fault where none were expected`);
    const timer = socket.timer ? `; ss shows its ${socket.timer.name} timer due in ${socket.timer.expiresIn}` : '';
    return {
      verdict: 'pass',
      reason: `still established ${seconds(facts.observedForMs)} after the fault (${watched ? windows : `${windows} the window the settings asked for`}), and the ${observer}'s kernel sent no keepalive probe at all${timer}`,
    };
  }
  const unanswered = facts.wire?.probes.filter((probe) => !probe.answered).length ?? 0;
  if (unanswered > 0) return fail(`${unanswered} of the ${observer}'s ${facts.probesSent} keepalive probes after the fault went unanswered on the wire`);
  if (facts.probesSent === 0) {
    return fail(`no keepalive probe was sent in ${seconds(facts.observedForMs)}, so the run proves nothing about answered probes`);
  }
  // ss is one read at the end: a read between a probe and its answer shows one outstanding. (It once seemed to show
  // no keepalive timer on PostgreSQL's socket, freeze-client at 2/3/5: that was a timer due at the moment of the
  // read, which ss prints as `timer:(keepalive,,0)` and parseSs did not read — see socket-state.ts.) With a capture
  // the wire shows each answer and decides; without one, ss is the only witness.
  const outstanding = socket.timer?.name === 'keepalive' ? socket.timer.probesUnanswered : undefined;
  const ssSays = `ss shows ${socket.timer ? `${socket.timer.name} timer, ${socket.timer.probesUnanswered} unanswered` : 'no timer'}`;
  const ssAgrees = outstanding === 0;
  if (!ssAgrees && !facts.wire) return fail(`the ${observer}'s keepalive probes were not all answered (${ssSays})`);
  return {
    verdict: 'pass',
    reason: `still established ${seconds(facts.observedForMs)} after the fault (${watched ? windows : `${windows} the keepalive window`}): the ${observer} sent ${plural(facts.probesSent, 'keepalive probe')} and every one was answered${ssAgrees ? '' : ` on the wire (at its one read at the end, ${ssSays})`}`,
  };
}

function fail(reason: string): Judgement {
  return { verdict: 'fail', reason };
}
