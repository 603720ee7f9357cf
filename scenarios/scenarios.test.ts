// Every scenario on real containers, with fast keepalive settings, run concurrently. Each assertion is on a
// measured value; bounds come from the kernel's timer model at the machine's own HZ, never from numbers
// written for one HZ.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KeepaliveConfig } from '../lab/config/keepalive-config.ts';
import { ENDING_RULES } from '../lab/endings/index.ts';
import { keepaliveJiffies, unansweredChain } from '../lab/model/keepalive-chain.ts';
import { expectedKeepaliveWindow } from '../lab/model/keepalive-window.ts';
import { steadyProbeSpacingMs } from '../lab/model/probe-spacing.ts';
import { rearmedExpiry } from '../lab/model/timer-wheel.ts';
import type { RunResult } from '../lab/run/result.ts';
import { SCENARIOS } from '../lab/catalogue/index.ts';
import { leftovers, startLab } from './lab-process.ts';
import { recordRuns, runAndRecord } from './record-run.ts';

const fast = { idleS: 1, intervalS: 1, count: 3 } as const;
/** A reboot's blackout and restart took up to 3.2 s in CI: a chain that outlasts it, so the RST can come first. */
const outlastingReboot = { ...fast, count: 10 } as const;
const settings = (config: Partial<KeepaliveConfig>): KeepaliveConfig => ({ idleS: 1, intervalS: 1, count: 3, userTimeoutMs: 0, setOn: 'listener', ...config });

/** The machine's HZ as the run read it from the kernel config (these tests need it known). */
function machineHz(result: RunResult): number {
  expect(result.hz.hz, 'the kernel config names its HZ').not.toBeNull();
  return result.hz.hz!;
}

/** The unanswered probes a chain sends from an answered probe on every bucket boundary, at the machine's HZ. */
function chainProbes(config: KeepaliveConfig, hz: number): number {
  const jiffies = keepaliveJiffies(config, hz);
  return unansweredChain(jiffies, { firesAt: rearmedExpiry(0, jiffies.interval), lastReceived: 0, probesOut: 0 }).probes.length;
}

/**
 * The scenarios once more with the wire alone as the observer (--observe wire): the outcome and mechanism it finds,
 * and the keepalive settings it reads off the wire — each the kernel's own (null where the wire cannot show it; left
 * out where a run may or may not show it). One scenario for each way the wire alone judges: each ending, the roles
 * reversed, ICMP errors beside the probes, a reset after a restart, no keepalive at all; the other faults whose
 * connection times out by keepalive (drop, tc, disconnect, another setting) are judged by the same path as
 * pause-client, and run with the agent too in their own tests.
 */
const ON_THE_WIRE: [
  name: string,
  config: Partial<KeepaliveConfig> | undefined,
  outcome: string,
  mechanism: string,
  keepalive: Record<string, number | null>,
][] = [
  ['pause-client', fast, 'ETIMEDOUT', 'keepalive', { idleS: 1, intervalS: 1, count: 3 }],
  ['freeze-client', fast, 'alive', 'none', { idleS: 1, intervalS: null, count: null }],
  ['icmp-unreachable-client', fast, 'ETIMEDOUT', 'keepalive', { idleS: 1, intervalS: 1, count: 3 }],
  ['kill-client', fast, 'end', 'fin', { idleS: 1, intervalS: null, count: null }],
  // A reboot takes up to 3 s here under load: a chain of 3 probes may run out before the client is back (the run is
  // then invalid, not a pass); 10 give it time. Probes lost in the blackout may show the interval.
  ['reboot-client', outlastingReboot, 'ECONNRESET', 'reset', { idleS: 1, count: null }],
  ['user-timeout-overrides-count', undefined, 'ETIMEDOUT', 'user-timeout', { idleS: 1, intervalS: 1 }], // the user timeout, not the count, decides
  ['node-default-keepalive-no-delay', undefined, 'alive', 'none', { idleS: null, intervalS: null, count: null }],
  ['pause-server', fast, 'ETIMEDOUT', 'keepalive', { idleS: 1, intervalS: 1, count: 3 }],
  ['busy-server', undefined, 'ETIMEDOUT', 'retransmission', { idleS: null, intervalS: null, count: null }],
  ['frozen-zero-window', undefined, 'alive', 'none', { idleS: null, intervalS: null, count: null }],
  ['frozen-zero-window-user-timeout', undefined, 'ETIMEDOUT', 'user-timeout', { idleS: null, intervalS: null, count: null }],
];

describe.concurrent('scenarios on real containers', () => {
  it('pause-client: ETIMEDOUT where the prediction stated at the fault put it, after exactly 3 unanswered probes', async (context) => {
    const result = await runAndRecord(context, SCENARIOS.get('pause-client')!, { config: fast });
    const hz = machineHz(result);

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.outcome).toBe('ETIMEDOUT');
    const fromFault = expectedKeepaliveWindow(settings(fast), { hz: result.hz, faultSpanMs: result.fault.spanMs });
    expect(result.measuredMs).toBeGreaterThanOrEqual(fromFault.earliestMs);
    expect(result.measuredMs).toBeLessThanOrEqual(fromFault.latestMs);
    expect(result.observerSocketOptions).toMatchObject({ keepalive: true, idleS: 1, intervalS: 1, count: 3 });

    // The verdict's window counts from the last segment received; beside it, the prediction made when the fault took
    // effect, from the probes answered before it, which the ending agreed with (the run is strict).
    expect(result.expected.reference).toBe('last-received');
    expect(result.prediction?.fittedTo).toBeGreaterThanOrEqual(1);
    expect(result.prediction?.madeAtMs).toBeGreaterThanOrEqual(0);
    expect(result.prediction?.agrees, result.prediction?.disagreement).toBe(true);
    // The probes still to come when the fault took effect: a slow injection (367 ms once in CI) lets the first out before.
    const outBefore = result.probes.filter((probe) => probe.atMs < result.fault.spanMs).length;
    expect(result.predictedProbesMs).toHaveLength(3 - outBefore);
    // A timer never fires early: not before the earliest chain that fits (1 ms: where in its tick a packet goes out).
    expect(result.measuredMs).toBeGreaterThanOrEqual(result.predictedMs! - result.prediction!.toleranceMs.earlyMs);

    // On the wire: exactly 3 unanswered probes, as far apart as a 1 s interval is on the wheel at this HZ, give or take a late tick.
    expect(result.mechanism).toBe('keepalive');
    expect(result.probes.map((probe) => probe.answered)).toEqual([false, false, false]);
    const spacings = result.probes.slice(1).map((probe, k) => probe.atMs - result.probes[k]!.atMs);
    for (const spacing of spacings) {
      expect(Math.abs(spacing - steadyProbeSpacingMs(1_000, hz))).toBeLessThanOrEqual(1_000 / hz + 1);
    }
    expect(result.referenceMs).toBeLessThan(0);
    expect(result.errorVsModelMs).toBeGreaterThanOrEqual(0); // the nominal model's time is never late
    // Measured at the server's RST on the wire; the agent saw the same, a little later.
    expect([result.outcomeSeenBy, result.agentOutcome, result.observedBy]).toEqual(['wire', 'ETIMEDOUT', ['wire', 'counters', 'agent']]);
    expect(result.eventLatencyMs).toBeGreaterThanOrEqual(0);
    expect(result.observedKeepalive).toEqual({ idleS: 1, intervalS: 1, count: 3 });
    expect(result.fault.evidence['packets dropped coming in']).toBeGreaterThanOrEqual(3); // the probes, dropped
    expect(await leftovers(result.runId)).toEqual({ containers: 0, networks: 0 });
  });

  it('freeze-client: still established after twice the window, every probe answered by the host kernel', async (context) => {
    const result = await runAndRecord(context, SCENARIOS.get('freeze-client')!, { config: fast });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.outcome).toBe('alive');
    expect(result.measuredMs).toBeNull();
    expect(result.observedForMs).toBeGreaterThanOrEqual(2 * 4_000);
    expect(result.probesSent).toBeGreaterThanOrEqual(6); // one per second of the observation
    expect(result.probes.every((probe) => probe.answered)).toBe(true); // on the wire, by the frozen client's kernel
    expect(result.mechanism).toBe('none');
    expect(result.observerSocket).toMatchObject({ state: 'ESTAB', timer: { name: 'keepalive', probesUnanswered: 0 } });
    expect(await leftovers(result.runId)).toEqual({ containers: 0, networks: 0 });
  });

  // Every silent loss ends the same way: unanswered probes, then the server's own RST and ETIMEDOUT.
  it.for(['drop-client', 'drop-client-egress', 'tc-blackhole-client', 'disconnect-client', 'icmp-unreachable-client'])(
    '%s: ETIMEDOUT by keepalive after exactly 3 unanswered probes',
    async (name, context) => {
      const result = await runAndRecord(context, SCENARIOS.get(name)!, { config: fast });

      expect(result.verdict, result.reason).toBe('pass');
      expect(result.outcome).toBe('ETIMEDOUT');
      expect(result.mechanism).toBe('keepalive');
      expect(result.probes.map((probe) => probe.answered)).toEqual([false, false, false]);
      expect(result.wire?.ending).toMatchObject({ kind: 'rst', by: 'observer' });
      expect(result.measuredMs).toBeLessThanOrEqual(result.expected.latestMs);
      // Only the REJECT answers: the server's wire shows its ICMP errors arriving, one per segment refused.
      if (name === 'icmp-unreachable-client') expect(result.wire?.icmpErrors).toBeGreaterThanOrEqual(3);
      else expect(result.wire?.icmpErrors).toBe(0);
    },
  );

  it("drop-client with the nftables backend: the lab's table drops both ways, counted, ETIMEDOUT by keepalive", async (context) => {
    const result = await runAndRecord(context, SCENARIOS.get('drop-client')!, { config: fast, faultOptions: { backend: 'nftables' } });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.fault.options).toMatchObject({ backend: 'nftables', direction: 'both' });
    expect(result.fault.evidence['packets dropped coming in']).toBeGreaterThanOrEqual(3);
  });

  it.for([
    ['reject-client', 'a firewall RST'],
    ['reboot-client', 'a kernel that forgot the connection'],
  ] as const)('%s: ECONNRESET at the next probe, answered by %s', async ([name], context) => {
    const config = name === 'reboot-client' ? outlastingReboot : fast;
    const result = await runAndRecord(context, SCENARIOS.get(name)!, { config });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.outcome).toBe('ECONNRESET');
    expect(result.mechanism).toBe('reset');
    // A reboot's blackout may swallow probes; once the peer is surely back the first probe is the one reset.
    expect(result.probes.filter((probe) => probe.atMs >= result.fault.spanMs).length).toBeLessThanOrEqual(1);
    expect(result.wire?.ending).toMatchObject({ kind: 'rst', by: 'peer' });
    // Within one probe period of the fault and its timer rounding at this HZ.
    const nextProbe = ENDING_RULES['next-probe'].fromFault({
      config: settings(config),
      hz: result.hz,
      faultAt: 0,
      faultSpanMs: result.fault.spanMs,
      roles: result.roles,
    });
    expect(result.measuredMs).toBeLessThanOrEqual(nextProbe.latestMs);
  });

  // The fast settings above have idle = interval; users' have either longer. With idle > interval a healthy connection
  // is probed every idle (each answer restarts the silence), with idle < interval every interval: the verdict's
  // window, the progress line's and the prediction must follow both.
  it.for(
    ['pause-client', 'reject-client', 'reboot-client'].flatMap(
      (name) =>
        [
          // count 4 for the reboot: its chain must outlast the restart (see outlastingReboot)
          [name, 'idle < interval', { idleS: 1, intervalS: 2, count: name === 'reboot-client' ? 4 : 2 }],
          [name, 'idle > interval', { idleS: 3, intervalS: 1, count: name === 'reboot-client' ? 4 : 2 }],
        ] as const,
    ),
  )("%s with %s: inside the window the kernel's rules give, counted from the wire", async ([name, , config], context) => {
    const scenario = SCENARIOS.get(name)!;
    const result = await runAndRecord(context, scenario, { config });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.expected.reference).toBe('last-received');
    expect(result.measuredMs).toBeGreaterThanOrEqual(result.expected.earliestMs);
    expect(result.measuredMs).toBeLessThanOrEqual(result.expected.latestMs);
    const fromFault = ENDING_RULES[result.mechanism === 'keepalive' ? 'keepalive' : 'next-probe'].fromFault({
      config: settings(config),
      hz: result.hz,
      faultAt: 0,
      faultSpanMs: result.fault.spanMs,
      roles: result.roles,
    });
    expect(result.measuredMs).toBeLessThanOrEqual(fromFault.latestMs); // and inside the bounds from the fault alone
    if (result.mechanism === 'keepalive') {
      expect(result.probes.map((probe) => probe.answered)).toEqual([false, false]);
      expect(result.prediction?.agrees, result.prediction?.disagreement).toBe(true);
    } else {
      expect([result.outcome, result.mechanism]).toEqual(['ECONNRESET', 'reset']);
    }
  });

  it("kill-client: end-of-stream at once, from the client kernel's FIN, before any probe", async (context) => {
    const result = await runAndRecord(context, SCENARIOS.get('kill-client')!, { config: fast });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.outcome).toBe('end');
    expect(result.mechanism).toBe('fin');
    expect(result.probes).toEqual([]);
    expect(result.wire?.ending).toMatchObject({ kind: 'fin', by: 'peer' });
    expect(result.measuredMs).toBeLessThan(1_000);
  });

  it("listener-inheritance: the accepted socket holds the listener's 2/1/4, and 4 probes go out before ETIMEDOUT", async (context) => {
    const result = await runAndRecord(context, SCENARIOS.get('listener-inheritance')!);

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.config.setOn).toBe('listener');
    expect(result.observerSocketOptions).toMatchObject({ keepalive: true, idleS: 2, intervalS: 1, count: 4 });
    expect(result.probes).toHaveLength(4);
  });

  it('user-timeout-overrides-count: a 6 s user timeout outlasts count 3, so more probes go out and it ends past 6 s', async (context) => {
    const result = await runAndRecord(context, SCENARIOS.get('user-timeout-overrides-count')!);

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.mechanism).toBe('user-timeout');
    expect(result.probes.length).toBeGreaterThan(3);
    expect(result.measuredMs! - result.referenceMs!).toBeGreaterThanOrEqual(6_000); // counted from the last segment received
  });

  it('user-timeout-between-ticks: the user timeout meets the real ticks, so as many probes as the chain at this HZ sends (4 at HZ 250, not the nominal 5)', async (context) => {
    const result = await runAndRecord(context, SCENARIOS.get('user-timeout-between-ticks')!);
    const config = settings({ userTimeoutMs: 5_100 });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.mechanism).toBe('user-timeout');
    expect(result.expected.reference).toBe('last-received');
    expect(result.prediction?.agrees, result.prediction?.disagreement).toBe(true);
    expect(result.probes).toHaveLength(chainProbes(config, machineHz(result)));
    expect(result.predictedProbesMs).toHaveLength(result.probes.length);
    expect(result.measuredMs! - result.referenceMs!).toBeGreaterThanOrEqual(5_100); // counted from the last segment received
  });

  it("node-default-keepalive: setKeepAlive(true, 1000) alone holds libuv's interval 1 s and count 10: 10 probes", async (context) => {
    const result = await runAndRecord(context, SCENARIOS.get('node-default-keepalive')!, { config: { count: 10, intervalS: 1 } });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.observerSocketOptions).toMatchObject({ keepalive: true, idleS: 1, intervalS: 1, count: 10 });
    expect(result.probes).toHaveLength(10);
  });

  it('node-default-keepalive-no-delay: setKeepAlive(true) keeps the 7200 s default, so no probe and no error', async (context) => {
    const result = await runAndRecord(context, SCENARIOS.get('node-default-keepalive-no-delay')!);

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.outcome).toBe('alive');
    expect(result.observerSocketOptions).toMatchObject({ keepalive: true, idleS: 7200, intervalS: 75, count: 9 });
    expect(result.probesSent).toBe(0);
    expect(result.observedForMs).toBeGreaterThanOrEqual(2 * 11_000);
  });

  it('pause-server: the client holds keepalive and gets ETIMEDOUT after 3 unanswered probes of its own', async (context) => {
    const result = await runAndRecord(context, SCENARIOS.get('pause-server')!, { config: fast });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.roles).toEqual({ observer: 'client', peer: 'server' });
    expect(result.observerSocketOptions).toMatchObject({ keepalive: true, idleS: 1, intervalS: 1, count: 3 });
    expect(result.probes.map((probe) => probe.answered)).toEqual([false, false, false]);
    expect(result.wire?.ending).toMatchObject({ kind: 'rst', by: 'observer' });
  });

  it.for([
    [0, 'tcp_retries2 = 5'],
    [3_000, 'a 3 s user timeout'],
  ] as const)('busy-server (user timeout %i): no keepalive probe while data is in flight; ETIMEDOUT by %s', async ([userTimeoutMs], context) => {
    const result = await runAndRecord(context, SCENARIOS.get('busy-server')!, { config: { userTimeoutMs } });

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.mechanism).toBe(userTimeoutMs ? 'user-timeout' : 'retransmission');
    expect(result.probes).toEqual([]);
    expect(result.wire?.retransmissions).toBeGreaterThanOrEqual(userTimeoutMs ? 1 : 5);
    // The verdict's window counts from the first retransmission; the chain predicted from the first three, while the
    // run went on, agreed with the ending.
    expect(result.expected.reference).toBe('first-retransmission');
    expect(result.prediction).toMatchObject({ timer: 'retransmission', fittedTo: 3, agrees: true });
    // No packet ends it: the server's namespace counted the timeout abort, and its application saw ETIMEDOUT too.
    expect([result.outcomeSeenBy, result.agentOutcome]).toEqual(['counters', 'ETIMEDOUT']);
    expect(result.wire?.counterGapMs).toBeLessThan(result.expected.latestMs - result.expected.earliestMs);
  });

  it('frozen-zero-window: the frozen client keeps answering zero-window probes, so the server never gives up', async (context) => {
    const result = await runAndRecord(context, SCENARIOS.get('frozen-zero-window')!);

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.outcome).toBe('alive');
    expect(result.probes).toEqual([]); // no keepalive probe: data is queued
    expect(result.reason).toContain('zero-window probes were answered');
  });

  it('frozen-zero-window-user-timeout: ETIMEDOUT 3 s after the first zero-window probe, though all were answered', async (context) => {
    const result = await runAndRecord(context, SCENARIOS.get('frozen-zero-window-user-timeout')!);

    expect(result.verdict, result.reason).toBe('pass');
    expect(result.expected.reference).toBe('first-zero-window-probe');
    expect(result.mechanism).toBe('user-timeout');
    expect(result.errorVsModelMs).toBeGreaterThanOrEqual(0);
    expect(result.errorVsModelMs).toBeLessThanOrEqual(result.expected.latestMs - result.expected.nominalEarliestMs);
  });

  it.for(ON_THE_WIRE)(
    "%s with --observe wire: the same outcome from the wire alone, and the kernel's settings read off it",
    async ([name, config, outcome, mechanism, keepalive], context) => {
      const result = await runAndRecord(context, SCENARIOS.get(name)!, { config, observe: 'wire' });

      expect(result.verdict, result.reason).toBe('pass');
      expect(result.observedBy).toEqual(['wire', 'counters']);
      expect([result.outcome, result.mechanism, result.agentOutcome, result.eventLatencyMs]).toEqual([outcome, mechanism, undefined, null]);
      expect(result.observedKeepalive).toMatchObject(keepalive);
      expect(result.timeline.filter((entry) => entry.source === 'server' || entry.source === 'client')).toEqual([]); // the agents' events were ignored
    },
  );

  it.for([
    ['pause-client', 'ETIMEDOUT', 'keepalive'],
    ['drop-client', 'ETIMEDOUT', 'keepalive'],
    ['reject-client', 'ECONNRESET', 'reset'],
    ['kill-client', 'end', 'fin'],
  ] as const)('%s over IPv6: the same verdict as over IPv4, on addresses written as Node writes them', async ([name, outcome, mechanism], context) => {
    const result = await runAndRecord(context, SCENARIOS.get(name)!, { config: fast, ipVersion: 6 });

    expect(result.verdict, result.reason).toBe('pass');
    expect([result.ipVersion, result.outcome, result.mechanism, result.agentOutcome]).toEqual([6, outcome, mechanism, outcome]);
    expect(result.connection?.server).toMatch(/^\[fd00:6b61:[0-9a-f]{1,4}::[0-9a-f]{1,4}\]:7000$/); // the two sides start at once: either may get ::2
  });

  it('netem-loss-client: passes where the kernel has sch_netem; the lab skips it with that reason where not', async (context) => {
    const result = await runAndRecord(context, SCENARIOS.get('netem-loss-client')!, { config: fast });
    if (result.verdict === 'skipped') {
      expect(result.reason).toBe('this kernel has no sch_netem (Error: Specified qdisc kind is unknown)'); // the kernel's own answer
      expect(result.probes).toEqual([]);
      context.skip(`the lab skipped it: ${result.reason}`); // shown as skipped, with the reason, never as passed
    }
    expect(result.verdict, result.reason).toBe('pass');
    expect(result.outcome).toBe('ETIMEDOUT');
  });

  it('the CLI with --matrix: one run per combination in parallel, and one report with a row each', async (context) => {
    const reportDir = await mkdtemp(join(tmpdir(), 'keepalive-lab-matrix-'));
    const lab = await startLab('run', 'pause-client', '--matrix', 'idle=1', 'interval=1', 'count=2,3', '--json', '--report-dir', reportDir);

    expect(lab.exitCode, lab.stderr).toBe(0);
    const results = JSON.parse(lab.stdout) as RunResult[];
    recordRuns(context, ...results);
    expect(results.map((result) => [result.verdict, result.config.count, result.probes.length])).toEqual([
      ['pass', 2, 2],
      ['pass', 3, 3],
    ]);
    const report = await readFile(join(reportDir, 'pause-client-matrix.md'), 'utf8');
    expect(report).toContain('# pause-client, a matrix of keepalive settings: 2 runs — 0 failed, 2 passed, 0 skipped');
    expect(report).toMatch(/\| pause-client +\| vm-pause client +\| 1\/1\/2 listener +\|.*\| ETIMEDOUT \d+\.\d{3} s \|.*\| PASS +\|/);
    expect(report).toMatch(/\| pause-client +\| vm-pause client +\| 1\/1\/3 listener +\|.*\| ETIMEDOUT \d+\.\d{3} s \|.*\| PASS +\|/);
  });

  it('the CLI with --json, options set on the accepted socket (setKeepAlive + net-keepalive): exit 0 and the result', async (context) => {
    const reportDir = await mkdtemp(join(tmpdir(), 'keepalive-lab-reports-'));
    const lab = await startLab(
      'run',
      'pause-client',
      '--idle',
      '1',
      '--interval',
      '1',
      '--count',
      '3',
      '--set-on',
      'accepted',
      '--json',
      '--report-dir',
      reportDir,
    );

    expect(lab.exitCode, lab.stderr).toBe(0);
    const result = JSON.parse(lab.stdout) as RunResult;
    recordRuns(context, result);
    expect(result).toMatchObject({
      scenario: 'pause-client',
      verdict: 'pass',
      outcome: 'ETIMEDOUT',
      config: { idle: 1, interval: 1, count: 3, userTimeout: 0, setOn: 'accepted' },
      observerSocketOptions: { keepalive: true, idleS: 1, intervalS: 1, count: 3 },
    });
    expect(result.expected.earliestMs).toBeLessThanOrEqual(result.measuredMs!);
    expect(result.measuredMs).toBeLessThanOrEqual(result.expected.latestMs);
    const stem = /report: (.*)\.md \(and \.json\); every run: (\S*)/.exec(lab.stderr);
    expect(stem?.[1]).toMatch(new RegExp(`^${join(reportDir, 'pause-client_agent_1-1-3_')}\\d{8}T\\d{6}Z_[0-9a-f]{6}$`));
    expect(stem?.[2]).toBe(join(reportDir, 'index.md'));
    expect(await readFile(`${stem![1]}.json`, 'utf8')).toContain(result.runId);
    expect(await readFile(stem![2]!, 'utf8')).toContain(`[report](${stem![1]!.slice(reportDir.length + 1)}.md)`);
  });
});
