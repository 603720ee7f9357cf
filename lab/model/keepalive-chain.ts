// The keepalive timer as the kernel runs it, tick by tick, in jiffies (tcp_keepalive_timer, net/ipv4/tcp_timer.c).
// At each tick the timer looks at how long ago the socket last received anything:
//   - less than idle: re-arm for the rest of idle;
//   - else, abort (RST, ETIMEDOUT) when `count` probes are out unanswered — or, with TCP_USER_TIMEOUT, when the
//     silence has lasted the user timeout and at least one probe is out; otherwise send a probe and re-arm for
//     the interval.
// Every re-arm happens in the timer's own callback, so each next tick is fixed by the timer wheel
// (rearmedExpiry): the whole chain follows from one tick's jiffy — to the granularity of the wheel levels its arms
// are filed in (see keepalive-phase.ts for how the lab learns it).
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { Tick } from './chain-fit.ts';
import { msToJiffies, rearmedExpiry } from './timer-wheel.ts';

/** The keepalive settings in jiffies, as the kernel holds them (TCP_KEEPIDLE/KEEPINTVL × HZ, the user timeout rounded up). */
export interface KeepaliveJiffies {
  idle: number;
  interval: number;
  count: number;
  /** 0: none. */
  userTimeout: number;
}

export function keepaliveJiffies(config: KeepaliveConfig, hz: number): KeepaliveJiffies {
  return { idle: config.idleS * hz, interval: config.intervalS * hz, count: config.count, userTimeout: msToJiffies(config.userTimeoutMs, hz) };
}

export interface ChainState {
  /** The jiffy the timer fires at next. */
  firesAt: number;
  /** The jiffy of the last segment received (rcv_tstamp). */
  lastReceived: number;
  /** Probes sent since then (icsk_probes_out; any segment received resets it). */
  probesOut: number;
}

/** A timer that re-armed this many times in a row without sending is not a keepalive chain. */
const MAX_QUIET_TICKS = 64;

/**
 * The ticks that send something — each probe (a 'send'), then the abort — from `start`. `receipts`: jiffies (fractional:
 * where within the jiffy) at which the socket received a segment, ascending; each counts from the first tick
 * after it, resetting the silence and the probes out.
 */
export function* sendingTicks(settings: KeepaliveJiffies, start: ChainState, receipts: readonly number[] = []): Generator<Tick> {
  let state = start;
  let next = 0;
  for (let quiet = 0; quiet < MAX_QUIET_TICKS; ) {
    for (; next < receipts.length && receipts[next]! < state.firesAt; next += 1) state = { ...state, lastReceived: Math.floor(receipts[next]!), probesOut: 0 };
    const at = state.firesAt;
    const elapsed = at - state.lastReceived;
    if (elapsed < settings.idle) {
      state = { ...state, firesAt: rearmedExpiry(at, settings.idle - elapsed) };
      quiet += 1;
    } else if (aborts(settings, state.probesOut, elapsed)) {
      yield { at, sent: 'abort' };
      return;
    } else {
      yield { at, sent: 'send' };
      state = { ...state, firesAt: rearmedExpiry(at, settings.interval), probesOut: state.probesOut + 1 };
      quiet = 0;
    }
  }
  throw new Error(`the keepalive timer re-armed ${MAX_QUIET_TICKS} times without sending: not a keepalive chain`);
}

function aborts(settings: KeepaliveJiffies, probesOut: number, elapsed: number): boolean {
  return settings.userTimeout > 0 ? elapsed >= settings.userTimeout && probesOut > 0 : probesOut >= settings.count;
}

/** From a state with nothing more received: every probe until the abort, and the abort. */
export function unansweredChain(settings: KeepaliveJiffies, state: ChainState): { probes: number[]; abortAt: number } {
  const probes: number[] = [];
  for (const tick of sendingTicks(settings, state)) {
    if (tick.sent === 'abort') return { probes, abortAt: tick.at };
    probes.push(tick.at);
  }
  throw new Error('unreachable: a chain with nothing received always ends in an abort');
}
