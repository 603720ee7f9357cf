import { describe, expect, it } from 'vitest';
import { expectedKeepaliveWindow } from './model/keepalive-window.ts';
import { type Facts, judge } from './verdict.ts';

const window = expectedKeepaliveWindow(
  { idleS: 1, intervalS: 1, count: 3, userTimeoutMs: 0, setOn: 'listener' },
  { hz: { hz: 250, source: 'kernel-config' }, faultSpanMs: 5 },
); // [3.000 s, 4.210 s]: counted from the injection's start, its 5 ms span on the latest
const error = { outcome: 'error', codes: ['ETIMEDOUT'], by: 'keepalive' } as const;
const alive = { outcome: 'alive', windows: 2, probes: 'answered' } as const;
const timedOut: Facts = {
  roles: { observer: 'server', peer: 'client' },
  outcome: 'ETIMEDOUT',
  measuredMs: 3_982,
  window,
  probesSent: 3,
  probesExpected: { min: 3, max: 3 },
  observedForMs: 11_000,
};
const established = {
  state: 'ESTAB',
  local: 'a:7000',
  remote: 'b:1',
  timer: { name: 'keepalive', expiresIn: '500ms', probesUnanswered: 0 },
};

describe('verdict for an expected error', () => {
  it('passes the right code inside the window with the right number of probes', () => {
    expect(judge(error, { ...timedOut, ending: { problem: null, how: 'after 3 unanswered keepalive probes' } })).toEqual({
      verdict: 'pass',
      reason: "ETIMEDOUT 3.982 s after the fault, inside the kernel's window [3.000 s, 4.210 s]: after 3 unanswered keepalive probes",
    });
  });

  it.each([
    [{ measuredMs: 2_000 }, "ETIMEDOUT came 2.000 s after the fault, 1.000 s before the earliest the kernel's rules allow (3.000 s)"],
    [{ measuredMs: 5_000 }, "ETIMEDOUT came 5.000 s after the fault, 0.790 s after the latest the kernel's rules allow (4.210 s)"],
    [{ outcome: 'ECONNRESET' }, 'the server saw ECONNRESET after 3.982 s; expected ETIMEDOUT'],
    [{ outcome: 'alive', measuredMs: null }, 'the server saw nothing within 11.000 s of the fault; expected ETIMEDOUT by 4.210 s'],
    [{ withinMs: 3_500 }, 'ETIMEDOUT came 3.982 s after the fault, 0.482 s beyond your bound of 3.500 s'],
    [{ probesSent: 9 }, 'ETIMEDOUT came in time, but the server sent 9 keepalive probes after the fault where keepalive needs 3'],
  ])('fails %o with a reason that names the difference', (change, reason) => {
    expect(judge(error, { ...timedOut, ...change })).toEqual({ verdict: 'fail', reason });
  });
});

describe('verdict for an ending the wire contradicts', () => {
  it('fails a right time with the problem the ending rule found on the wire', () => {
    const ending = { problem: "the connection ended with RST by the server, not the client's RST to a probe", how: '' };
    expect(judge(error, { ...timedOut, ending })).toEqual({
      verdict: 'fail',
      reason: "ETIMEDOUT came in time, but the connection ended with RST by the server, not the client's RST to a probe",
    });
  });

  it("passes with the rule's words for how it ended", () => {
    expect(judge(error, { ...timedOut, ending: { problem: null, how: 'after 3 unanswered keepalive probes' } }).reason).toBe(
      "ETIMEDOUT 3.982 s after the fault, inside the kernel's window [3.000 s, 4.210 s]: after 3 unanswered keepalive probes",
    );
  });
});

describe('verdict for a connection stuck on a closed window', () => {
  const zeroWindow = { outcome: 'alive', windows: 2, probes: 'zero-window' } as const;
  const onTheWire = (probes: { answered: boolean; sincePeerMs: number }[]) => ({
    probes: [],
    answersToPeer: [],
    retransmissions: 0,
    retransmittedAt: [],
    icmpErrors: [],
    packets: 10,
    zeroWindowProbes: probes.map((probe, k) => ({ t: k * 1000, ...probe })),
  });
  const facts = (probes: { answered: boolean; sincePeerMs: number }[]): Facts => ({
    ...timedOut,
    outcome: 'alive',
    measuredMs: null,
    observedForMs: 8_410,
    wire: onTheWire(probes),
    observerSocket: { state: 'ESTAB', local: 'a:7000', remote: 'b:1' },
  });

  it('passes when every probe the peer owed an answer (500 ms after its previous segment) was answered', () => {
    const judged = judge(
      zeroWindow,
      facts([
        { answered: false, sincePeerMs: 456 },
        { answered: true, sincePeerMs: 896 },
        { answered: true, sincePeerMs: 1792 },
      ]),
    );
    expect(judged.verdict).toBe('pass');
    expect(judged.reason).toContain(
      "answered (2 of 3; 1 within 504 ms of the client's previous segment, which tcp_invalid_ratelimit (500 ms, counted in jiffies) lets it skip)",
    );
  });

  it('lets a probe a jiffy past 500 ms go unanswered: the peer counts the limit in whole jiffies (a CI run failed on one that went unanswered just past 500 ms)', () => {
    expect(
      judge(
        zeroWindow,
        facts([
          { answered: false, sincePeerMs: 502 },
          { answered: true, sincePeerMs: 896 },
        ]),
      ).verdict,
    ).toBe('pass');
  });

  it('fails an owed probe left unanswered, and a run with no zero-window probe at all', () => {
    expect(judge(zeroWindow, facts([{ answered: false, sincePeerMs: 900 }])).reason).toBe(
      "1 of the server's zero-window probes went unanswered though the client had been silent for 504 ms",
    );
    expect(judge(zeroWindow, facts([])).reason).toBe('the server sent no zero-window probe after the fault (on the wire)');
  });
});

describe('verdict for a connection expected to stay up', () => {
  const up: Facts = { roles: timedOut.roles, outcome: 'alive', measuredMs: null, window, probesSent: 8, observerSocket: established, observedForMs: 8_410 };

  it('passes when established, probed and every probe answered', () => {
    expect(judge(alive, up).verdict).toBe('pass');
    expect(judge(alive, up).reason).toContain('the server sent 8 keepalive probes and every one was answered');
  });

  it.each([
    [{ outcome: 'ETIMEDOUT', measuredMs: 4_000 }, 'the server saw ETIMEDOUT 4.000 s after the fault; its connection was expected to stay up'],
    [{ probesSent: 0 }, 'no keepalive probe was sent in 8.410 s, so the run proves nothing about answered probes'],
    [{ observerSocket: undefined }, "the server's kernel no longer holds the connection as established (gone)"],
    [
      { observerSocket: { ...established, timer: { name: 'keepalive', expiresIn: '1s', probesUnanswered: 2 } } },
      "the server's keepalive probes were not all answered (ss shows keepalive timer, 2 unanswered)",
    ],
  ])('fails %o', (change, reason) => {
    expect(judge(alive, { ...up, ...change })).toEqual({ verdict: 'fail', reason });
  });

  it('lets the wire decide where ss, read once at the end, shows no timer or a probe still out (the wire shows each answer)', () => {
    const onTheWire = { ...up, wire: { probes: [] } as unknown as Facts['wire'] };
    const noTimer = judge(alive, { ...onTheWire, observerSocket: { ...established, timer: undefined } });
    expect(noTimer.verdict).toBe('pass');
    expect(noTimer.reason).toContain('every one was answered on the wire (at its one read at the end, ss shows no timer)');
  });
});
