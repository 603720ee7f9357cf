import type { Verdict } from '../verdict.ts';

/**
 * 0 pass, 1 fail, 2 bad usage or broken environment, 3 skipped (the scenario cannot run on this machine), 4 invalid
 * (the observation cannot be trusted, e.g. the capture lost packets: run it again).
 */
export const EXIT = { pass: 0, fail: 1, usage: 2, skipped: 3, invalid: 4 } as const;

export const exitCodeOf = (verdict: Verdict): number => EXIT[verdict];
