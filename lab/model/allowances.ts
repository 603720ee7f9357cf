// Allowances the model states rather than derives: each is a bound on something outside the kernel's timers.

/** Kernel sets sk_err → epoll wakes the agent → libuv → JS callback takes its timestamp. Stated, not measured. */
export const EVENT_DELIVERY_ALLOWANCE_MS = 25;

/** Stated: how long a frozen reader's window takes to close and the first zero-window probe to go out. */
export const ZERO_WINDOW_ALLOWANCE_MS = 5000;

/** "At once": the peer's kernel sends FIN or RST as the fault strikes; stated, not derived from a timer. */
export const IMMEDIATE_ALLOWANCE_MS = 1000;
