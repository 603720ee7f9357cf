// The whole judgement, from real observations: the lab's own captures and the agent's event times of those runs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assess, type Observations } from './assess.ts';
import { predictKeepalive } from './model/keepalive-prediction.ts';
import { predictRetransmission } from './model/retransmission-prediction.ts';
import { decodeCapture } from './observe/decode-capture.ts';
import { analyseWire, chainSeenBefore } from './observe/wire-analysis.ts';

const pcap = (name: string) => readFileSync(new URL(`observe/fixtures/${name}`, import.meta.url));
const wireOf = (name: string, observerEndpoint: string) => ({ packets: decodeCapture(pcap(name)), observerEndpoint });
const fast = { idleS: 1, intervalS: 1, count: 3, userTimeoutMs: 0, setOn: 'listener' } as const;
const hz = { hz: 250, source: 'kernel-config' } as const;
const VM_PAUSE_FAULT = 1795505976506;

const vmPause: Observations = {
  roles: { observer: 'server', peer: 'client' },
  config: fast,
  expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'keepalive' },
  faultAt: VM_PAUSE_FAULT,
  faultSpanMs: 5.6,
  hz,
  agent: { t: VM_PAUSE_FAULT + 3966.434, role: 'server', event: 'error', code: 'ETIMEDOUT' },
  observedForMs: 11_000,
  probesCounted: 3,
  wire: wireOf('vm-pause.pcap', '192.168.144.2:7000'),
};

describe('assessing a vm-pause run from its capture', () => {
  const result = assess(vmPause);

  it('counts from the last segment received, 130 ms before the fault', () => {
    expect(result.referenceMs).toBeCloseTo(-129.712, 3);
    expect(result.expected.reference).toBe('last-received');
    expect(result.expected.earliestMs).toBeCloseTo(3870.288 - 4, 3); // reference + 1 s + 3 × 1 s, less the jiffy the kernel stamps the reference with
  });

  it("passes: ETIMEDOUT inside the exact window, by keepalive, 3 unanswered probes, the server's RST", () => {
    expect(result.verdict).toBe('pass');
    expect(result.mechanism).toBe('keepalive');
    expect(result.probes.map((probe) => [Math.round(probe.atMs), Math.round(probe.expectedAtMs!), probe.answered])).toEqual([
      [894, 870, false],
      [1918, 1870, false],
      [2942, 2870, false],
    ]);
  });

  it("measures at the RST on the wire, and splits the lateness: the kernel's (RST vs model) and the agent's (event vs RST)", () => {
    expect(result.measuredMs).toBeCloseTo(3966.227, 3);
    expect(result.outcomeSeenBy).toBe('wire');
    expect(result.errorVsModelMs).toBeCloseTo(95.939, 3);
    expect(result.eventLatencyMs).toBeCloseTo(0.207, 3);
  });

  it('with a prediction from its lone probe before the fault: a spread one (8 phases of a level-1 arm), which the RST agrees with', () => {
    const seen = chainSeenBefore(vmPause.wire!.packets, vmPause.wire!.observerEndpoint, VM_PAUSE_FAULT);
    const predicted = assess({ ...vmPause, prediction: { outcome: predictKeepalive(fast, [250], seen, VM_PAUSE_FAULT), madeAt: VM_PAUSE_FAULT + 9 } });
    expect(predicted.verdict, predicted.reason).toBe('pass');
    expect(predicted.expected.reference).toBe('last-received'); // the verdict's window is the kernel's rules', the prediction a measurement beside it
    expect(predicted.prediction).toMatchObject({ madeAtMs: 9, hz: 250, fittedTo: 1, spreadMs: 32, agrees: true, noiseMs: 0 });
    expect(predicted.errorVsModelMs).toBeCloseTo(95.939, 3); // today's model, beside it
  });

  it("without a prediction says why, and keeps the model's window", () => {
    const missing = assess({ ...vmPause, prediction: { outcome: { missing: 'no capture' }, madeAt: VM_PAUSE_FAULT } });
    expect([missing.expected.reference, missing.predictedMs, missing.predictionMissing]).toEqual(['last-received', null, 'no capture']);
  });

  it('reads the keepalive settings the kernel applied off the wire', () => {
    expect(result.observedKeepalive).toEqual({ idleS: 1, intervalS: 1, count: 3 });
    expect(result.observedKeepaliveReason).toEqual({});
  });

  it('fails when the application saw something else than the wire shows', () => {
    const reset = assess({ ...vmPause, agent: { ...vmPause.agent!, code: 'ECONNRESET' } });
    expect(reset.verdict).toBe('fail');
    expect(reset.reason).toBe("the server's application saw ECONNRESET at 3.966 s where the wire shows ETIMEDOUT at 3.966 s: the two sources disagree");
    expect(reset.agentOutcome).toBe('ECONNRESET');
    expect(assess({ ...vmPause, agent: null }).reason).toMatch(/^the server's application saw nothing where the wire shows ETIMEDOUT/);
  });

  it('judges by the wire alone when the agent is not a source', () => {
    const { agent: _, ...wireOnly } = vmPause;
    const judged = assess(wireOnly);
    expect([judged.verdict, judged.outcome, judged.eventLatencyMs, judged.agentOutcome]).toEqual(['pass', 'ETIMEDOUT', null, undefined]);
  });

  it('keeps the kernel config HZ and notes that the 1 s spacing fits HZ 250 or 1000', () => {
    expect(result.hz).toEqual(hz);
    expect(result.wire?.spacingMs).toEqual([1023.988, 1023.994]);
    expect(result.wire?.hzFromSpacing).toEqual([250, 1000]);
  });

  it('without the kernel config, takes the worst of the HZ values the spacing allows', () => {
    const unknown = assess({ ...vmPause, hz: { hz: null, source: 'unknown' } });
    expect(unknown.hz).toEqual({ hz: null, source: 'probe-spacing', candidates: [250, 1000] });
    expect(unknown.verdict).toBe('pass');
  });

  it('fails a time the settings, or the expected ending, cannot give', () => {
    const wrong = assess({ ...vmPause, config: { ...fast, count: 4 } });
    expect(wrong.verdict).toBe('fail');
    expect(wrong.reason).toMatch(/^ETIMEDOUT came \d/); // with count 4 the time itself is early
    const reset = assess({ ...vmPause, expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'next-probe' } });
    expect(reset.reason).toBe("ETIMEDOUT came 3.966 s after the fault, 3.035 s after the latest the kernel's rules allow (0.931 s)"); // a reset would answer the first probe
  });

  it('fails a run whose accepted socket did not hold the configured options, naming them', () => {
    const held = { keepalive: true, idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0 }; // what libuv would leave
    const result = assess({ ...vmPause, heldOptions: held });
    expect(result.verdict).toBe('fail');
    expect(result.reason).toBe("the server's socket did not hold the configured keepalive options (getsockopt: count 10 instead of 3)");
    expect(assess({ ...vmPause, heldOptions: { ...held, count: 3 } }).verdict).toBe('pass');
  });

  it('falls back to the fault-based window without a capture', () => {
    const blind = assess({ ...vmPause, wire: undefined, probesCountedExpected: { min: 3, max: 3 } });
    expect(blind.expected.reference).toBe('fault');
    expect(blind.referenceMs).toBeNull();
    expect(blind.verdict).toBe('pass');
    expect(blind.probes).toEqual([]);
    expect([blind.outcomeSeenBy, blind.measuredMs, blind.observedKeepalive]).toEqual(['agent', 3966.434, null]);
  });
});

describe('assessing other endings', () => {
  it('busy server with a 3 s user timeout: the limit counts from its first retransmission, not from the fault', () => {
    const faultAt = 1795509045049;
    const result = assess({
      ...vmPause,
      config: { ...fast, userTimeoutMs: 3_000 },
      expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'retransmission' },
      faultAt,
      faultSpanMs: 3.409,
      busy: { retries2: 5, writeEveryMs: 200 },
      probesCounted: 0,
      agent: { t: faultAt + 3475.722, role: 'server', event: 'error', code: 'ETIMEDOUT' },
      wire: wireOf('busy-user-timeout.pcap', '172.20.0.2:7000'),
      // No packet ends it: the namespace counted the timeout abort in a sample that ended 4.3 ms after the agent's event.
      counters: { abort: { at: faultAt + 3480, gapMs: 21.5, keepaliveProbes: 0 }, stats: { samples: 400, maxGapMs: 21.5 } },
    });
    expect(result.verdict, result.reason).toBe('pass');
    expect([result.outcome, result.outcomeSeenBy, result.measuredMs]).toEqual(['ETIMEDOUT', 'counters', 3480]);
    expect(result.expected.deliveryAllowanceMs).toBeCloseTo(25 + 21.5, 6); // the sampling gap widens the window
    expect(result.mechanism).toBe('user-timeout'); // it bounded the retransmissions
    expect(result.probes).toEqual([]); // keepalive never probed: data was in flight
    expect(result.expected.reference).toBe('first-retransmission');
    expect(result.expected.earliestMs).toBeCloseTo(3471.238, 3); // first retransmission (+471 ms) + 3 s
    expect(result.errorVsModelMs).toBeCloseTo(8.762, 3); // by the counters: late by up to the sampling gap
    expect(result.observedKeepalive).toEqual({ idleS: null, intervalS: null, count: null }); // data in flight: no probe
    expect(result.reason).toContain('the server gave up after 4 retransmissions, without a keepalive probe');
  });

  /** The busy server of busy-user-timeout.pcap, its abort seen by the counters `abortMs` after the fault, sampled `gapMs` apart. */
  const busyUserTimeout = (abortMs: number, gapMs: number, strict = false) => {
    const faultAt = 1795509045049;
    const observed: Observations = {
      ...vmPause,
      config: { ...fast, userTimeoutMs: 3_000 },
      expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'retransmission' },
      faultAt,
      faultSpanMs: 3.409,
      busy: { retries2: 5, writeEveryMs: 200 },
      probesCounted: 0,
      agent: undefined,
      wire: wireOf('busy-user-timeout.pcap', '172.20.0.2:7000'),
      counters: { abort: { at: faultAt + abortMs, gapMs, keepaliveProbes: 0 }, stats: { samples: 400, maxGapMs: gapMs } },
      strict,
    };
    const { retransmittedAt: retransmitted, longestRoundTripMs } = analyseWire(observed.wire!.packets, observed.wire!.observerEndpoint, faultAt);
    const outcome = predictRetransmission(observed.config, 5, [250], retransmitted, retransmitted[2]! + 1, longestRoundTripMs);
    return { result: assess({ ...observed, prediction: { outcome, madeAt: retransmitted[2]! + 2 } }), retransmitted, faultAt };
  };

  it('busy server with a 3 s user timeout, predicted from its first three retransmissions: the fourth and the abort where the chain puts them', () => {
    const { result, retransmitted, faultAt } = busyUserTimeout(3480, 21.5);
    expect(result.verdict, result.reason).toBe('pass');
    expect(result.expected.reference).toBe('first-retransmission');
    expect(result.prediction).toMatchObject({ timer: 'retransmission', fittedTo: 3, hz: 250, agrees: true });
    expect(result.predictedRetransmissionsMs).toHaveLength(1);
    expect(result.predictedMs! - (retransmitted[0]! - faultAt)).toBeCloseTo(3_004, 0); // the clamped tick, 3.004 s after the first retransmission
    expect(result.errorVsPredictionMs).toBeCloseTo(3480 - result.predictedMs!, 3); // the counters saw it within their 21.5 ms sampling gap
  });

  it('an abort the counters saw only after a long gap agrees where any moment in the gap does (seen in CI: 176 ms between samples)', () => {
    const late = busyUserTimeout(3480 + 170, 180, true).result;
    expect(late.prediction).toMatchObject({ agrees: true });
    expect(late.verdict, late.reason).toBe('pass');
    const exact = busyUserTimeout(3480 + 170, 21.5, true).result;
    expect(exact.prediction?.agrees).toBe(false);
    expect(exact.prediction?.disagreement).toMatch(/\(seen in counters sampled 21\.5 ms apart\), outside its /);
    expect(exact.verdict).toBe('fail'); // strict: the model's disagreement fails the lab's own runs
  });

  it('freeze: alive, every probe after the fault answered on the wire', () => {
    const result = assess({
      ...vmPause,
      expect: { outcome: 'alive', windows: 2, probes: 'answered' },
      faultAt: 1795505988512,
      agent: null,
      observedForMs: 8410,
      probesCounted: 8,
      observerSocket: { state: 'ESTAB', local: 'a', remote: 'b', timer: { name: 'keepalive', expiresIn: '1s', probesUnanswered: 0 } },
      wire: wireOf('freeze.pcap', '192.168.160.2:7000'),
    });
    expect(result.verdict).toBe('pass');
    expect(result.mechanism).toBe('none');
    expect(result.probes.length).toBeGreaterThanOrEqual(8);
    expect(result.probes.every((probe) => probe.answered)).toBe(true);
  });

  it("reset: the client kernel's RST is the mechanism, and an alive expectation fails", () => {
    const result = assess({
      ...vmPause,
      expect: { outcome: 'alive', windows: 2, probes: 'answered' },
      faultAt: 1795505999900,
      probesCounted: 2,
      agent: { t: 1795505999900 + 1980.96, role: 'server', event: 'error', code: 'ECONNRESET' },
      wire: wireOf('reset.pcap', '192.168.176.2:7000'),
    });
    expect(result.mechanism).toBe('reset');
    expect(result.outcome).toBe('ECONNRESET');
    expect(result.verdict).toBe('fail');
    expect(result.eventLatencyMs).toBeCloseTo(0.618, 3); // measured against the client's RST on the wire
  });
});

describe('verdicts that cannot pass for a wrong reason', () => {
  it('a capture that lost packets makes the run invalid, neither a pass nor a fail', () => {
    const lossy = assess({ ...vmPause, wire: { ...vmPause.wire!, droppedByKernel: 3, droppedByInterface: 0 } });
    expect(lossy.verdict).toBe('invalid');
    expect(lossy.reason).toBe(
      'the capture lost 3 packets (tcpdump: 3 dropped by kernel, 0 by interface), so the wire cannot show what happened: run it again on a quieter machine',
    );
  });

  it('a run that must show ICMP errors fails when none reached the observer', () => {
    const claims = { outcome: 'error', codes: ['ETIMEDOUT'], by: 'keepalive', wireShows: 'icmp-errors' } as const;
    const none = assess({ ...vmPause, expect: claims });
    expect(none.verdict).toBe('fail');
    expect(none.reason).toMatch(/^no ICMP error reached the server after the fault/);
    expect(none.wire?.icmpErrors).toBe(0);
  });
});

// A run of the lab's own flow: two probes answered before the fault (the second a jiffy late), then the fault.
describe('assessing a run against the prediction stated at the fault', () => {
  const FAULT = 1795661737633;
  const userTimeout = { ...fast, userTimeoutMs: 5_100 };
  const observed: Observations = {
    ...vmPause,
    config: userTimeout,
    faultAt: FAULT,
    faultSpanMs: 6.5,
    agent: undefined,
    probesCounted: 4,
    wire: wireOf('user-timeout-late-tick.pcap', '192.168.48.2:7000'),
  };
  const seen = chainSeenBefore(observed.wire!.packets, observed.wire!.observerEndpoint, FAULT);
  const stated = { outcome: predictKeepalive(userTimeout, [250], seen, FAULT), madeAt: FAULT + 10 };
  const result = assess({ ...observed, prediction: stated });

  it("passes inside the kernel's window, from the user timeout's deadline on; the prediction agrees within a tolerance well under 100 ms", () => {
    expect(result.verdict, result.reason).toBe('pass');
    expect(result.mechanism).toBe('user-timeout');
    expect(result.expected.reference).toBe('last-received');
    expect(result.expected.earliestMs).toBeCloseTo(result.referenceMs! + 5_100 - 4, 3); // late ticks may reach the deadline a tick sooner than nominal ones; the reference is stamped with its jiffy
    const { earlyMs, lateMs } = result.prediction!.toleranceMs;
    expect(earlyMs + lateMs).toBeCloseTo(1 + 4 + 4 + 25, 0); // slack, 2 chains a jiffy apart, a late tick, observation
    expect(result.prediction).toMatchObject({ fittedTo: 2, hz: 250, spreadMs: 4, agrees: true, noiseMs: 0 });
  });

  it("puts every probe and the abort where the kernel sent them: 4 probes, not the nominal model's 5", () => {
    expect(result.predictedProbesMs).toHaveLength(4);
    // The likeliest chain (no late tick) took the second probe's jiffy-late tick for a phase: it puts the probes a
    // jiffy after they went, the other chain that fits puts them exactly, and the abort's own tick ran a jiffy late.
    expect(result.probes.map((probe) => Math.round(probe.atMs - probe.predictedAtMs!))).toEqual([-4, -4, -4, -4]);
    expect(result.errorVsPredictionMs).toBeCloseTo(0, 1);
    expect(result.errorVsModelMs).toBeLessThan(-800); // the nominal model expected the abort at 6 s, on its 5th probe's next tick
  });

  it('says where probes left the prediction beside a passing verdict, and fails only a strict run', () => {
    const prediction = stated.outcome.prediction!;
    const shifted = {
      ...prediction,
      sentRange: prediction.sentRange.map((range, k) => (k === 1 ? { earliest: range.earliest + 100, latest: range.latest + 100 } : range)),
    };
    const judged = assess({ ...observed, prediction: { outcome: { prediction: shifted }, madeAt: FAULT } });
    expect(judged.verdict).toBe('pass');
    expect(judged.prediction).toMatchObject({ agrees: false, disagreement: "probe 2 after it went out at +1.971 s, before the earliest chain's +2.071 s" });
    expect(judged.reason).toMatch(/ — the model disagrees: probe 2 after it went out at \+1\.971 s, before the earliest chain's \+2\.071 s$/);
    const strict = assess({ ...observed, strict: true, prediction: { outcome: { prediction: shifted }, madeAt: FAULT } });
    expect(strict.verdict).toBe('fail');
    expect(strict.reason).toMatch(/but the model disagrees \(strict\): probe 2 after it went out/);
  });

  it("measures the noise as how late this run's own probes went beyond a tick, and lets the ending be as late", () => {
    const prediction = stated.outcome.prediction!;
    const early = (ms: number) => ({
      ...prediction,
      sentRange: prediction.sentRange.map((range) => ({ earliest: range.earliest - ms, latest: range.latest - ms })),
      earliestEndAt: prediction.earliestEndAt - ms,
      latestEndAt: prediction.latestEndAt - ms,
      endAt: prediction.endAt - ms,
    });
    const late30 = assess({ ...observed, strict: true, prediction: { outcome: { prediction: early(30) }, madeAt: FAULT } });
    expect(late30.prediction?.noiseMs).toBeGreaterThan(20); // every probe 30 ms past its tick: the run showed that much lateness
    expect([late30.verdict, late30.prediction?.agrees]).toEqual(['pass', true]);
    const late60 = assess({
      ...observed,
      strict: false,
      prediction: { outcome: { prediction: { ...early(0), latestEndAt: prediction.latestEndAt - 60, endAt: prediction.endAt - 60 } }, madeAt: FAULT },
    });
    expect([late60.verdict, late60.prediction?.agrees, late60.prediction?.noiseMs]).toEqual(['pass', false, 0]);
  });

  it("holds the ending to the user's bound when one is given", () => {
    expect(assess({ ...observed, withinMs: 6_000 }).reason).toMatch(
      /^ETIMEDOUT 5\.047 s after the fault, within your bound of 6\.000 s \(the kernel's window: \[/,
    );
    expect(assess({ ...observed, withinMs: 5_000 }).reason).toBe('ETIMEDOUT came 5.047 s after the fault, 0.047 s beyond your bound of 5.000 s');
  });
});
