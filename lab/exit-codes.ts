// The process's exit codes, one table for every command and error: 0 pass, 1 fail, 2 bad usage or broken
// environment, 3 skipped (the scenario cannot run on this machine), 4 invalid (the observation cannot be trusted,
// e.g. the capture lost packets: run it again).
export const EXIT = { pass: 0, fail: 1, usage: 2, skipped: 3, invalid: 4 } as const;

/** A verdict's exit code (verdict.ts's Verdict is these names but `usage`). */
export const exitCodeOf = (verdict: Exclude<keyof typeof EXIT, 'usage'>): number => EXIT[verdict];
