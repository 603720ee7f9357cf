// Allowances the model states rather than derives: each is a bound on something outside the kernel's timers.

/**
 * From the timer's tick to the moment the lab records: the timer's softirq can run a few milliseconds late on a
 * busy machine before its RST reaches the capture (and an application's event comes later still, when no capture
 * is there to time it). Stated, not measured.
 */
export const OBSERVATION_ALLOWANCE_MS = 25;

/** Stated: how long a frozen reader's window takes to close and the first zero-window probe to go out. */
export const ZERO_WINDOW_ALLOWANCE_MS = 5000;

/** "At once": the peer's kernel sends FIN or RST as the fault strikes; stated, not derived from a timer. */
export const IMMEDIATE_ALLOWANCE_MS = 1000;
