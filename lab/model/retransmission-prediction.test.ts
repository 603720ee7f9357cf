// The retransmission timer's chain, and predicting it from the first retransmissions: against real captures of a
// busy server (HZ 250) and against chains at HZ 100, 300 and 1000 where the RTO and the phase are known.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { decodeCapture } from '../observe/decode-capture.ts';
import { analyseWire } from '../observe/wire-analysis.ts';
import { type RetransmissionJiffies, retransmissionTicks } from './retransmission-chain.ts';
import { predictRetransmission, type RetransmissionPrediction } from './retransmission-prediction.ts';
import { retransmissionTimeoutMs } from './retransmission-window.ts';

const config = (userTimeoutMs = 0): KeepaliveConfig => ({ idleS: 1, intervalS: 1, count: 3, userTimeoutMs, setOn: 'listener' });
/** A capture's retransmissions after the fault (one per tick) and the longest round trip before them. */
function wireOf(name: string) {
  const packets = decodeCapture(readFileSync(new URL(`../observe/fixtures/${name}`, import.meta.url)));
  const observer = packets.find((packet) => packet.kind === 'syn-ack')!.from;
  const firstRetransmission = packets.find((packet) => packet.kind === 'retransmission')!.t;
  const wire = analyseWire(packets, observer, firstRetransmission - 1);
  return { seen: wire.retransmittedAt, roundTripMs: wire.longestRoundTripMs };
}

function predicted(outcome: ReturnType<typeof predictRetransmission>): RetransmissionPrediction {
  if (!outcome.prediction) throw new Error(outcome.missing);
  return outcome.prediction;
}

describe('the retransmission chain (tcp_retransmit_timer)', () => {
  const hz250 = (limitMs: number, clamped = false): RetransmissionJiffies => ({ firstRto: 51, maxRto: 30_000, limitMs, clamped, hz: 250 });

  it('doubles a 204 ms RTO from each tick, rounded up on its wheel level, and gives up at the first tick past T(5) = 12.6 s', () => {
    const first = 64 * 1000 + 36; // the phase the busy-server capture shows (its fifth retransmission went out a jiffy late)
    const ticks = [...retransmissionTicks(hz250(retransmissionTimeoutMs(5)), first)];
    expect(ticks.map((tick) => [tick.at - first, tick.sent])).toEqual([
      [108, 'send'],
      [316, 'send'],
      [732, 'send'],
      [1564, 'send'],
      [3228, 'abort'],
    ]);
    expect(ticks.at(-2)!.at % 64).toBe(0); // the 3.3 s arm, filed on level 2, fires on a 64-jiffy boundary
    expect((3228 * 4) / 1000).toBeGreaterThanOrEqual(12.6); // 12.912 s after the first retransmission
  });

  it('with a user timeout, clamps the last re-arm to what is left of it: the abort comes 3.004 s after the first retransmission', () => {
    const first = 64 * 1000 + 6; // the phase the busy-user-timeout capture shows
    const ticks = [...retransmissionTicks(hz250(3_000, true), first)];
    expect(ticks.map((tick) => [tick.at - first, tick.sent])).toEqual([
      [106, 'send'],
      [314, 'send'],
      [730, 'send'],
      [751, 'abort'],
    ]);
  });
});

describe('prediction from the first retransmissions, on real captures (HZ 250)', () => {
  it("busy-server, tcp_retries2 5: from the first three, the next two where they went, and the abort among a level's worth of phases", () => {
    const { seen, roundTripMs } = wireOf('busy-retries2-5.pcap');
    expect(seen).toHaveLength(5);
    expect(roundTripMs).toBeLessThan(5); // a LAN: the RTO can only be 200 ms and a jiffy or two
    const prediction = predicted(predictRetransmission(config(), 5, [250], seen, seen[2]! + 1, roundTripMs));
    expect(prediction.sentCounts).toEqual([2]);
    seen.slice(3).forEach((t, k) => {
      expect(t).toBeGreaterThanOrEqual(prediction.sentRange[k]!.earliest - 1);
      expect(t).toBeLessThanOrEqual(prediction.sentRange[k]!.latest + 4 + 1);
    });
    // The fifth retransmission's 3.3 s arm is filed on level 2: the first three leave its 64-jiffy phase open.
    expect(prediction.latestEndAt - prediction.earliestEndAt).toBeLessThanOrEqual(64 * 4);
    const abort = seen[4]! - 4 + 6_656; // its tick (the packet went out a jiffy late), re-armed for 1,632 jiffies from a level-2 bucket: 1,664
    expect(abort).toBeGreaterThanOrEqual(prediction.earliestEndAt - 1);
    expect(abort).toBeLessThanOrEqual(prediction.latestEndAt + 4 + 1);
  });

  it("with the kernel's jiffy count the level-2 phase is known: a chain to a jiffy, the right one among the count's 64 readings", () => {
    const { seen, roundTripMs } = wireOf('busy-retries2-5.pcap');
    const abort = seen[4]! - 4 + 6_656;
    const predictions = Array.from({ length: 64 }, (_, offset) =>
      predicted(
        predictRetransmission(config(), 5, [250], seen, seen[2]! + 1, roundTripMs, {
          hz: 250,
          jiffyAt: (wallMs) => offset + Math.round(wallMs / 4),
        }),
      ),
    );
    // The first three retransmissions fix the phase on the 8-jiffy level: a reading that contradicts them fits no chain and
    // falls back to every phase; each of the 16 that agree with them leaves one chain (two: on its tick or a jiffy late).
    const sharp = predictions.filter((prediction) => prediction.latestEndAt - prediction.earliestEndAt <= 4);
    expect(sharp).toHaveLength(16);
    expect(sharp.some((prediction) => Math.abs(abort - prediction.endAt) <= 4 + 1)).toBe(true);
  });

  it('busy-server with a 3 s user timeout: the fourth retransmission and the abort, 3.004 s after the first, to a jiffy', () => {
    const { seen, roundTripMs } = wireOf('busy-user-timeout.pcap');
    const prediction = predicted(predictRetransmission(config(3_000), 15, [250], seen, seen[2]! + 1, roundTripMs));
    expect(Math.abs(prediction.sentAt[0]! - seen[3]!)).toBeLessThan(1);
    expect(prediction.endAt - seen[0]!).toBeCloseTo(3_004, 0);
    expect(prediction.latestEndAt - prediction.earliestEndAt).toBeLessThanOrEqual(4);
  });

  it('says why not before the third retransmission', () => {
    const { seen } = wireOf('busy-user-timeout.pcap');
    expect(predictRetransmission(config(3_000), 15, [250], seen, seen[1]! + 1).missing).toMatch(
      /showed 2 retransmission\(s\) before the prediction's moment, and 3 are needed/,
    );
  });
});

describe('a tail loss probe first', () => {
  it('re-arms for the RTO undoubled, and the limit counts from the retransmission after it', () => {
    const first = 64 * 1000;
    const settings: RetransmissionJiffies = { firstRto: 51, maxRto: 30_000, limitMs: 3_000, clamped: true, hz: 250 };
    const ticks = [...retransmissionTicks(settings, first, true)].map((tick) => [tick.at - first, tick.sent]);
    expect(ticks).toEqual([
      [52, 'send'],
      [160, 'send'],
      [368, 'send'],
      [784, 'send'],
      [803, 'abort'],
    ]); // 3.004 s after the one at 52
  });

  it('is recognised from the wire: a gap of one RTO, then doubling — predicted, not taken for a 26-jiffy RTO', () => {
    const first = 64 * 1000 + 5;
    const settings: RetransmissionJiffies = { firstRto: 51, maxRto: 30_000, limitMs: 3_000, clamped: true, hz: 250 };
    const ticks = [first, ...[...retransmissionTicks(settings, first, true)].map((tick) => tick.at)];
    const times = ticks.map((jiffy) => 1_000_000 + jiffy * 4 + 0.03);
    const prediction = predicted(predictRetransmission(config(3_000), 15, [250], times.slice(0, -1), times[2]! + 0.5, 0.1));
    expect(times.at(-1)!).toBeGreaterThanOrEqual(prediction.earliestEndAt - 1e-6);
    expect(times.at(-1)!).toBeLessThanOrEqual(prediction.latestEndAt + 1e-6);
    expect(prediction.endAt - times[1]!).toBeCloseTo(3_004, 0);
  });
});

describe('prediction on retransmission chains at other HZ, the RTO and phase known', () => {
  it.each([[100], [300], [1000]])(
    'at HZ %i, tcp_retries2 5: the first three retransmissions fix the abort within the phases a later level leaves open',
    (hz) => {
      const jiffyMs = 1000 / hz;
      const firstRto = Math.floor(200 / jiffyMs) + 1;
      for (const first of [8192 * 4 + 0, 8192 * 4 + 3, 8192 * 4 + 61]) {
        const settings: RetransmissionJiffies = { firstRto, maxRto: 120 * hz, limitMs: retransmissionTimeoutMs(5), clamped: false, hz };
        const ticks = [first, ...[...retransmissionTicks(settings, first)].map((tick) => tick.at)];
        const times = ticks.map((jiffy) => 1_000_000 + jiffy * jiffyMs + 0.03);
        const prediction = predicted(predictRetransmission(config(), 5, [hz], times.slice(0, -1), times[2]! + 0.5, 0.1));
        expect(times.at(-1)!).toBeGreaterThanOrEqual(prediction.earliestEndAt - 1e-6);
        expect(times.at(-1)!).toBeLessThanOrEqual(prediction.latestEndAt + 1e-6);
      }
    },
  );
});
