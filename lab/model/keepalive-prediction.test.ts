// Predicting the chain after the fault from the probes before it: against real captures (HZ 250) and against
// chains at HZ 100, 300 and 1000 where the true phase is known.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { decodeCapture } from '../observe/decode-capture.ts';
import { chainSeenBefore } from '../observe/wire-analysis.ts';
import { COMMON_HZ } from './kernel-hz.ts';
import { keepaliveJiffies, sendingTicks } from './keepalive-chain.ts';
import { type KeepalivePrediction, predictKeepalive } from './keepalive-prediction.ts';
import { rearmedExpiry } from './timer-wheel.ts';

const config = (idleS: number, intervalS: number, count: number, userTimeoutMs = 0): KeepaliveConfig => ({
  idleS,
  intervalS,
  count,
  userTimeoutMs,
  setOn: 'listener',
});

/** A fixture's server-side packets: the observer is the server on port 7000. */
function fixture(name: string) {
  const packets = decodeCapture(readFileSync(new URL(`../observe/fixtures/${name}`, import.meta.url)));
  const observer = packets.find((packet) => packet.kind === 'syn-ack')!.from;
  const probes = packets.filter((packet) => packet.from === observer && packet.kind === 'keepalive-probe').map((packet) => packet.t);
  const rst = packets.find((packet) => packet.kind === 'rst')?.t;
  return { packets, observer, probes, rst };
}

function predicted(outcome: ReturnType<typeof predictKeepalive>): KeepalivePrediction {
  if (!outcome.prediction) throw new Error(outcome.missing);
  return outcome.prediction;
}

describe('prediction from the probes before the fault, on real captures (HZ 250)', () => {
  it("the article's 1/3/10 with two probes before the fault: every later probe and the RST within a jiffy", () => {
    const { packets, observer, probes, rst } = fixture('vm-pause-1-3-10.pcap');
    // The fault struck between the first two probes; predicting as if it came just after the second, which
    // went out unanswered all the same, leaves nine probes and the abort to predict.
    const faultAt = probes[1]! + 50;
    const prediction = predicted(predictKeepalive(config(1, 3, 10), [250], chainSeenBefore(packets, observer, faultAt), faultAt));
    expect(prediction.lateTicks).toBe(0);
    expect(prediction.latestEndAt - prediction.earliestEndAt).toBeLessThanOrEqual(4); // the chains that fit agree to a jiffy
    expect(prediction.sentAt).toHaveLength(9);
    for (const [k, at] of prediction.sentAt.entries()) expect(Math.abs(probes[k + 2]! - at)).toBeLessThanOrEqual(4.5);
    expect(Math.abs(rst! - prediction.endAt)).toBeLessThan(1);
  });

  it("after a lone first probe, the kernel's jiffy count leaves one phase: a chain to a jiffy, the right one among the count's 64 readings", () => {
    const { packets, observer, probes, rst } = fixture('vm-pause-1-3-10.pcap');
    const faultAt = probes[0]! + 50;
    const seen = chainSeenBefore(packets, observer, faultAt);
    const predictions = Array.from({ length: 64 }, (_, offset) =>
      predicted(
        predictKeepalive(config(1, 3, 10), [250], seen, faultAt, undefined, {
          hz: 250,
          jiffyAt: (wallMs) => offset + Math.round(wallMs / 4),
        }),
      ),
    );
    expect(predictions.every((prediction) => prediction.phaseFrom === 'kernel-jiffies')).toBe(true);
    // The first probe on its tick or a jiffy late: a jiffy apart, but where that jiffy crosses a 64-jiffy bucket of
    // the interval's arm, the two chains part by a bucket (one jiffy count in 64 does that).
    const spreads = predictions.map((prediction) => prediction.latestEndAt - prediction.earliestEndAt);
    expect(spreads.filter((spread) => spread > 4)).toHaveLength(1);
    expect(predictions.filter((prediction) => Math.abs(rst! - prediction.endAt) < 1).length).toBeGreaterThanOrEqual(1);
  });

  it("a peer's own probe does not restart the silence: Redis at 8/2/3 kept its schedule through redis-cli's probe", () => {
    const { packets, observer, probes, rst } = fixture('redis-idle8-peer-probe.pcap');
    const faultAt = 1796403099139 + 6; // the vm-pause took effect 5.1 ms after its injection began
    const peerProbe = packets.find((packet) => packet.to === observer && packet.kind === 'keepalive-probe' && packet.t < faultAt);
    expect(peerProbe, 'the client probed the server before the fault').toBeDefined();
    const prediction = predicted(predictKeepalive(config(8, 2, 3), [250], chainSeenBefore(packets, observer, faultAt), faultAt));
    expect(prediction.sentAt).toHaveLength(3);
    for (const [k, at] of prediction.sentAt.entries()) expect(Math.abs(probes.filter((t) => t > faultAt)[k]! - at)).toBeLessThanOrEqual(4.5);
    expect(Math.abs(rst! - prediction.endAt)).toBeLessThan(1);
  });

  it("after a lone first probe, a level's worth of phases fit: the prediction is spread, and the truth inside", () => {
    const { packets, observer, probes, rst } = fixture('vm-pause-1-3-10.pcap');
    const faultAt = probes[0]! + 50;
    const prediction = predicted(predictKeepalive(config(1, 3, 10), [250], chainSeenBefore(packets, observer, faultAt), faultAt));
    expect(prediction.chains).toBe(128); // 64 phases, the probe on its tick or a jiffy late
    expect(prediction.latestEndAt - prediction.earliestEndAt).toBeCloseTo(64 * 4, 0); // a 3 s arm on level 2: 64 jiffies open
    expect(rst!).toBeGreaterThanOrEqual(prediction.earliestEndAt);
    expect(rst!).toBeLessThanOrEqual(prediction.latestEndAt + 1);
  });

  it("tells HZ apart: of the common values only 250 puts 1/3/10's second probe 3.232 s after the first", () => {
    const { packets, observer, probes } = fixture('vm-pause-1-3-10.pcap');
    const faultAt = probes[1]! + 50;
    expect(predicted(predictKeepalive(config(1, 3, 10), COMMON_HZ, chainSeenBefore(packets, observer, faultAt), faultAt)).hz).toBe(250);
  });

  it('1/1/3 from the vm-pause capture: the three probes and the RST, 1.024 s apart, within a millisecond', () => {
    const { packets, observer, probes, rst } = fixture('vm-pause.pcap');
    const faultAt = probes[1]! + 50; // as if the second probe had been the last before the fault
    const prediction = predicted(predictKeepalive(config(1, 1, 3), [250], chainSeenBefore(packets, observer, faultAt), faultAt));
    expect(prediction.lateTicks).toBe(0);
    expect(prediction.latestEndAt - prediction.earliestEndAt).toBeLessThanOrEqual(4);
    for (const [k, at] of prediction.sentAt.entries()) expect(Math.abs(probes[k + 2]! - at)).toBeLessThan(1);
    expect(Math.abs(rst! - prediction.endAt)).toBeLessThan(1);
  });

  it('a first probe off the 8-jiffy grid (freeze capture: 1.020 s to the second) is fitted, not assumed', () => {
    const { packets, observer, probes } = fixture('freeze.pcap');
    const faultAt = probes[1]! + 50;
    const prediction = predicted(predictKeepalive(config(1, 1, 10), [250], chainSeenBefore(packets, observer, faultAt), faultAt));
    expect(prediction.lateTicks).toBe(0);
    // The client stayed answering (a freeze leaves its kernel up), and with interval ≥ idle the probes keep the
    // same ticks answered or not: the predicted ones are the ones on the wire.
    const later = probes.slice(2, 2 + prediction.sentAt.length);
    for (const [k, t] of later.entries()) expect(Math.abs(t - prediction.sentAt[k]!)).toBeLessThan(1);
  });

  it('a probe before the fault that went out a jiffy late (user-timeout-late-tick: 1.028 s, then 1.020 s) widens the chains by a jiffy, and the truth is among them', () => {
    const { packets, observer, probes, rst } = fixture('user-timeout-late-tick.pcap');
    const faultAt = probes[1]! + 50; // as in the run: the fault right after the second probe's answer
    const prediction = predicted(predictKeepalive(config(1, 1, 3, 5_100), [250], chainSeenBefore(packets, observer, faultAt), faultAt));
    expect(prediction.sentCounts).toEqual([4]); // the user timeout, not the count: 4 probes, not 5
    expect(prediction.latestEndAt - prediction.earliestEndAt).toBeCloseTo(4, 1);
    probes.slice(2).forEach((t, k) => {
      expect(t).toBeGreaterThanOrEqual(prediction.sentRange[k]!.earliest - 1);
      expect(t).toBeLessThanOrEqual(prediction.sentRange[k]!.latest + 1);
    });
    expect(rst!).toBeGreaterThanOrEqual(prediction.earliestEndAt - 1);
    expect(rst!).toBeLessThanOrEqual(prediction.latestEndAt + 4 + 1); // here the abort's tick ran a jiffy late too
    expect(rst! - probes[1]!).toBeCloseTo(5_120, 0); // 5 ticks of 1.024 s after the last answer: past 5,100 ms
  });

  it('says why not when no probe went out before the fault', () => {
    const { packets, observer } = fixture('vm-pause.pcap');
    const faultAt = packets[4]!.t + 10;
    expect(predictKeepalive(config(1, 1, 3), [250], chainSeenBefore(packets, observer, faultAt), faultAt).missing).toMatch(
      /no keepalive probe went out before the fault/,
    );
  });
});

/** A chain the kernel would run from a first probe at `firstJiffy`, answered until `answeredProbes` probes, as capture times. */
function syntheticWire(settings: ReturnType<typeof keepaliveJiffies>, hz: number, firstJiffy: number, answeredProbes: number) {
  const jiffyMs = 1000 / hz;
  const t = (jiffy: number, within = 0.03) => 1_000_000 + jiffy * jiffyMs + within; // 30 µs after the tick
  const probes = [firstJiffy];
  const answers = [firstJiffy + 0.05];
  const start = { firesAt: rearmedExpiry(firstJiffy, settings.interval), lastReceived: firstJiffy - settings.idle, probesOut: 1 };
  let end = 0;
  const answeredJiffies: number[] = [answers[0]!];
  for (const tick of sendingTicks(settings, start, answeredJiffies)) {
    if (tick.sent === 'abort') {
      end = tick.at;
      break;
    }
    probes.push(tick.at);
    if (probes.length <= answeredProbes) answeredJiffies.push(tick.at + 0.05);
  }
  return { probes: probes.map((j) => t(j)), received: answeredJiffies.map((j) => t(Math.floor(j), 0.03 + (j % 1) * jiffyMs)), end: t(end) };
}

describe('prediction on chains at other HZ, the phase known', () => {
  it.each([
    [100, config(1, 3, 10)],
    [300, config(1, 3, 10)],
    [1000, config(1, 3, 10)],
    [100, config(2, 1, 4)],
    [300, config(2, 1, 4)],
    [1000, config(2, 1, 4)],
    [1000, config(1, 1, 3, 5_100)],
    [300, config(1, 1, 3, 5_100)],
  ])('at HZ %i, %o: two answered probes fix the chain; every phase of the first probe is recovered', (hz, keepalive) => {
    const settings = keepaliveJiffies(keepalive, hz);
    for (const firstJiffy of [4096 * 64 + 0, 4096 * 64 + 5, 4096 * 64 + 37, 4096 * 64 + 63]) {
      // The sender's chain is sent with its own answers only for the first two probes (jiffies are kept in the receipts).
      const wire = syntheticWire(settings, hz, firstJiffy, 2);
      const faultAt = wire.probes[1]! + 1; // just after the second probe and its answer
      const prediction = predicted(predictKeepalive(keepalive, [hz], { probes: wire.probes.slice(0, 2), received: wire.received }, faultAt));
      expect(prediction.sentAt.map((at) => at - wire.probes[2]!)[0]).toBeCloseTo(0, 6);
      expect(prediction.endAt).toBeCloseTo(wire.end, 6);
      expect(prediction.latestEndAt).toBeCloseTo(wire.end, 6);
    }
  });
});
