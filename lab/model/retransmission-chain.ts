// The retransmission timer as the kernel runs it, tick by tick in jiffies, from the first retransmission
// (tcp_retransmit_timer and tcp_write_timeout, net/ipv4/tcp_timer.c). At each tick it gives up (ETIMEDOUT, no RST)
// when the time since the first retransmission (retrans_stamp) has reached the limit — TCP_USER_TIMEOUT when set,
// else T(tcp_retries2) — and otherwise retransmits, doubles the RTO (up to TCP_RTO_MAX) and re-arms from its own
// callback; with a user timeout the re-arm is clamped to what is left of it (tcp_clamp_rto_to_user_timeout), so a
// tick falls right after it runs out.
import type { Tick } from './chain-fit.ts';
import { msToJiffies, rearmedExpiry } from './timer-wheel.ts';

export interface RetransmissionJiffies {
  /** The RTO the first retransmission's timer ran with, in jiffies (doubled after every retransmission). */
  firstRto: number;
  maxRto: number;
  /** When it gives up, in ms since the first retransmission: the user timeout, or T(tcp_retries2). */
  limitMs: number;
  /** Re-arms are clamped to what is left of the limit (a user timeout). */
  clamped: boolean;
  hz: number;
}

/** A timer that keeps retransmitting this many times has no limit worth simulating. */
const MAX_TICKS = 64;

/**
 * The ticks after the first retransmission on the wire (at jiffy `first`): each retransmission (a 'send'), then the
 * abort. `afterLossProbe`: that first one was a tail loss probe (tcp_send_loss_probe), which re-transmits the last
 * segment when no new data is queued but leaves retrans_stamp alone and re-arms the timer for the RTO undoubled:
 * the first retransmission proper comes an RTO later, and the limit counts from it.
 */
export function* retransmissionTicks(settings: RetransmissionJiffies, first: number, afterLossProbe = false): Generator<Tick> {
  const jiffyMs = 1000 / settings.hz;
  let rto = settings.firstRto;
  let at = first;
  let origin = first; // retrans_stamp
  if (afterLossProbe) {
    at = rearmedExpiry(first, rto);
    origin = at;
    yield { at, sent: 'send' };
  }
  for (let tick = 0; tick < MAX_TICKS; tick += 1) {
    rto = Math.min(2 * rto, settings.maxRto);
    at = rearmedExpiry(at, delay(settings, rto, (at - origin) * jiffyMs));
    if ((at - origin) * jiffyMs >= settings.limitMs) {
      yield { at, sent: 'abort' };
      return;
    }
    yield { at, sent: 'send' };
  }
  throw new Error(`the retransmission timer ticked ${MAX_TICKS} times without reaching its limit`);
}

/** The re-arm: the RTO, or with a user timeout whatever is left of it if less (at least a jiffy). */
function delay(settings: RetransmissionJiffies, rto: number, elapsedMs: number): number {
  if (!settings.clamped) return rto;
  const remainingMs = settings.limitMs - elapsedMs;
  return remainingMs <= 0 ? 1 : Math.min(rto, msToJiffies(remainingMs, settings.hz));
}
