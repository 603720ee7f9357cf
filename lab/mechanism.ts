// How a connection ends, in one vocabulary for what the scenarios expect, what the model predicts and what the
// wire shows.

/**
 * What ended the connection (or will, by the model): the observer's kernel giving up after unanswered keepalive
 * probes, at its TCP_USER_TIMEOUT, or at its retransmission limit (tcp_retries2); the peer's RST or FIN; the
 * observer's own application closing it; or nothing at all.
 */
export type Mechanism = 'keepalive' | 'user-timeout' | 'retransmission' | 'reset' | 'fin' | 'close' | 'none';

/**
 * The rule that says when a connection ends, named by what it waits for — a scenario's `expect.by`:
 * `keepalive`: count unanswered probes (or the user timeout) after the last segment received;
 * `next-probe`: the peer's RST answers the observer's next probe;
 * `immediate`: the peer's kernel sends FIN or RST as the fault strikes;
 * `retransmission`: data in flight, the retransmission limit (or the user timeout) from the first retransmission;
 * `zero-window`: data waits on a closed window, the user timeout from the first zero-window probe.
 */
export type Ending = 'keepalive' | 'next-probe' | 'immediate' | 'retransmission' | 'zero-window';
