// A middlebox run's settings, checked before anything starts: the router's NAT timeout and mode, whose keepalive
// is on, when the client speaks again, and what the request must come to — answered while keepalive refreshes the
// router's memory of the flow faster than it forgets, else what the router does with a packet of a forgotten flow.
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { UsageError } from '../errors.ts';
import { KEEPALIVE_SIDES, type KeepaliveSide, type MiddleboxScenario, NAT_MODES, type NatMode, type RequestResult } from '../scenario.ts';

/** The client's tcp_retries2: a request dropped by the router fails in seconds (T(3) = 3 s after the first retransmission), not 15 minutes. */
export const CLIENT_RETRIES2 = 3;

export type { MiddleboxChoice } from '../run/run-options.ts';
import type { MiddleboxChoice } from '../run/run-options.ts';

export interface MiddleboxPlan {
  natTimeoutS: number;
  mode: NatMode;
  keepaliveOn: KeepaliveSide;
  /** The silence before the client's request (default 3 × the NAT timeout). */
  requestAfterS: number;
  /** The NAT timeout minus keepalive's idle: how much sooner keepalive speaks than the router forgets (null: keepalive off). */
  marginS: number | null;
  /** What the request must come to. */
  expected: RequestResult;
}

export function planMiddlebox(scenario: MiddleboxScenario, config: KeepaliveConfig, choice: MiddleboxChoice = {}): MiddleboxPlan {
  if (choice.proxyTimeoutS !== undefined)
    throw new UsageError(`--proxy-timeout applies to proxy-closes-idle: ${scenario.name} has a NAT router, give --nat-timeout`);
  const natTimeoutS = choice.natTimeoutS ?? scenario.middlebox.natTimeoutS;
  if (!Number.isInteger(natTimeoutS) || natTimeoutS < 1)
    throw new UsageError(`--nat-timeout must be a whole number of seconds, at least 1, got '${natTimeoutS}'`);
  const mode = choice.mode ?? scenario.middlebox.mode;
  if (!NAT_MODES.includes(mode)) throw new UsageError(`--nat-mode must be one of ${NAT_MODES.join(', ')}, got '${mode}'`);
  const keepaliveOn = choice.keepaliveOn ?? scenario.middlebox.keepaliveOn;
  if (!KEEPALIVE_SIDES.includes(keepaliveOn)) throw new UsageError(`--keepalive-on must be one of ${KEEPALIVE_SIDES.join(', ')}, got '${keepaliveOn}'`);
  if ((keepaliveOn === 'none') !== (scenario.middlebox.keepaliveOn === 'none')) {
    throw new UsageError(
      scenario.middlebox.keepaliveOn === 'none'
        ? `${scenario.name} runs with keepalive off: for keepalive on the ${keepaliveOn} side, run nat-keepalive-holds --keepalive-on ${keepaliveOn}`
        : `${scenario.name} runs with keepalive on: for keepalive off, run nat-forgets-idle`,
    );
  }
  const requestAfterS = choice.requestAfterS ?? 3 * natTimeoutS;
  if (!(requestAfterS > 0) || !Number.isFinite(requestAfterS))
    throw new UsageError(`--request-after must be a number of seconds above 0, got '${requestAfterS}'`);
  const marginS = keepaliveOn === 'none' ? null : natTimeoutS - config.idleS;
  return { natTimeoutS, mode, keepaliveOn, requestAfterS, marginS, expected: expectedResult(scenario, mode, keepaliveOn, marginS) };
}

/** While keepalive is faster than the router forgets, the scenario's result; else what the side that probes meets. */
function expectedResult(scenario: MiddleboxScenario, mode: NatMode, keepaliveOn: KeepaliveSide, marginS: number | null): RequestResult {
  const tooSlow = scenario.expect.whenTooSlow;
  if (marginS === null || marginS > 0 || !tooSlow) return scenario.expect.result[mode];
  if (keepaliveOn === 'both') {
    throw new UsageError(
      `with keepalive on both sides and idle not under the NAT timeout, whichever side probes first decides what the request meets — a race the lab does not judge: use --keepalive-on server or client`,
    );
  }
  return tooSlow[keepaliveOn as 'server' | 'client'][mode];
}
