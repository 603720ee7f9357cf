// The fault phase of a single run: keepalive proven active, the fault, the prediction, the watch; the fault is
// healed whatever happens.
import { type Instant, now } from '../clock.ts';
import { ENDING_RULES } from '../endings/index.ts';
import type { BusyObserver, RuleContext } from '../endings/rule.ts';
import type { Fault, FaultTarget } from '../faults/fault.ts';
import type { StatedPrediction } from '../model/chain-fit.ts';
import { expectedKeepaliveWindow } from '../model/keepalive-window.ts';
import type { TimerPrediction } from '../model/prediction-window.ts';
import { DEFAULT_TCP_RETRIES2 } from '../model/retransmission-window.ts';
import type { ExpectedWindow } from '../model/window.ts';
import type { SourceName } from '../observe/facts.ts';
import { analyseWire } from '../observe/wire-analysis.ts';
import { cpuPressurePct, markCpuPressure } from '../observe/cpu-pressure.ts';
import { readCounters } from '../observe/kernel-counters.ts';
import { secondsRange, signedSeconds } from '../format/format.ts';
import { awaitKeepaliveActive, type KeepaliveActive } from '../run/keepalive-active.ts';
import { describePrediction, predictAtFault, predictFromRetransmissions } from '../run/prediction.ts';
import { rolesFor } from '../roles.ts';
import type { RunResult } from '../run/result.ts';
import { agentTerminalEvent, watchForEnding, watchLength } from '../run/watch.ts';
import { endingOf, type Expectation, type FaultScenario } from '../scenario.ts';
import { expectationAsShipped } from '../as-shipped.ts';
import { type Plan, type Prepared, type RunContext, agentIsSource, keepaliveApplied, note } from './context.ts';
import { SERVER_RELEASE_GRACE_MS, assessRun, readEndState } from './assess-run.ts';
import { resultOf } from './single-result.ts';
import { recoverApplication } from './recovery.ts';

export function planOf(context: RunContext, prepared: Prepared): Plan {
  const roles = rolesFor(context.scenario.fault.target);
  const effective = keepaliveApplied(context) ?? context.config;
  const busy = busyObserver(context.scenario);
  const expect = expectationOf(context, { config: effective, hz: prepared.hz, roles, busy, faultAt: 0, faultSpanMs: 0 });
  const ending = expect.outcome === 'error' ? endingOf(expect) : null;
  const predicts = ending === 'keepalive' ? 'keepalive' : ending === 'retransmission' && busy ? 'retransmission' : null;
  const watch = prepared.wire ? { facts: prepared.facts, wire: prepared.wire, fixPhase: predicts === 'keepalive', jiffies: prepared.jiffies } : null;
  return { roles, effective, busy, expect, predicts, watch };
}

/** Keepalive proven active, the fault, the watch, the assessment; the fault is healed whatever happens. */
export async function faultAndWatch(context: RunContext, prepared: Prepared, fault: Fault, target: FaultTarget): Promise<RunResult> {
  const { scenario, config, progress } = context;
  const { hz } = prepared;
  const plan = planOf(context, prepared);
  const { roles, effective, busy, expect } = plan;
  const baseline = await awaitBaseline(context, prepared, plan);
  context.lab.phase('keepalive active');
  const injected = await fault.inject(target, context.faultOptions);
  // The fault's moment is when its injection began (a FIN can beat `docker kill`'s reply); it was surely in effect at `injected.at`.
  const faultStart = injected.at - injected.spanMs;
  try {
    note(prepared, 'fault', `${fault.name} on the ${scenario.fault.target}: injecting began; in effect ${injected.spanMs.toFixed(1)} ms later`, faultStart);
    const atFault = plan.predicts === 'keepalive' ? await keepalivePrediction(prepared, plan, baseline, injected.at, faultStart) : undefined;
    const ruleContext: RuleContext = { config: effective, hz, roles, busy, faultAt: faultStart, faultSpanMs: injected.spanMs, resetsFrom: injected.resetsFrom };
    const window = rulesWindowNow(prepared, plan, ruleContext);
    // A connection expected to stay up must outlive the window the requested settings (or the shipped ones) would give.
    const requestedWindow = expectedKeepaliveWindow(context.shipped ? effective : config, { hz, faultSpanMs: injected.spanMs });
    const observedForMs = expect.outcome === 'error' ? watchLength(window) : (expect.forMs ?? requestedWindow.latestMs * expect.windows);
    const predicted = atFault ? ` — the lab ${describePrediction(atFault, faultStart)}` : '';
    const pressureFrom = await markCpuPressure();
    progress(
      `fault ${fault.name} on the ${roles.peer} at ${new Date(faultStart).toISOString()}; the kernel's rules give ${describeExpectation(expect, expect.outcome === 'alive' ? requestedWindow : window, observedForMs)}${predicted}`,
    );
    const { ended, prediction } = await watchPredicting(context, prepared, plan, { faultStart, faultAt: injected.at, forMs: observedForMs });
    const agentEvent = agentIsSource(context) ? await agentTerminalEvent(prepared.agentLog, roles.observer, faultStart, ended !== null) : undefined;
    if (ended && prepared.serverView) await prepared.facts.waitFor((fact) => fact.source === 'server' && fact.kind === 'ended', SERVER_RELEASE_GRACE_MS);
    const end = await readEndState(prepared, injected); // before the heal: the socket as the fault left it
    if (context.application) await recoverApplication(context, prepared, context.application, injected.heal);
    await context.lab.stopSources();
    context.lab.phase('fault and watch');
    const assessed = await assessRun(
      context,
      prepared,
      plan,
      {
        injected,
        baseline,
        window,
        observedForMs,
        ended: ended !== null,
        agentEvent,
        prediction: atFault ?? prediction,
        cpuPressurePct: cpuPressurePct(pressureFrom, await markCpuPressure()),
      },
      end,
    );
    context.lab.phase('judging');
    context.lab.announce(assessed.assessment, prepared.wire ? '' : ' (no capture: fault-based window)');
    const observerSocket = ended ? undefined : assessed.observerSocket;
    return resultOf(context, prepared, assessed.assessment, { at: faultStart, spanMs: injected.spanMs, evidence: assessed.evidence }, fault, {
      observerSocket,
      observedForMs,
      expectation: expect,
    });
  } finally {
    await injected.heal();
  }
}

/** Before the fault: keepalive proven active (and, for a prediction, the probes that fix its timer's phase). */
export async function awaitBaseline(context: RunContext, prepared: Prepared, { roles, effective, busy, expect, watch }: Plan): Promise<KeepaliveActive> {
  // A busy observer never probes (data in flight silences keepalive); an expectation of no probes needs no wait.
  const probesExpected = !busy && (expect.outcome === 'error' || expect.probes === 'answered');
  const baseline: KeepaliveActive = probesExpected
    ? await awaitKeepaliveActive(watch, prepared.topology, prepared.connection, effective, prepared.hz, roles)
    : { at: now(), counters: prepared.wire ? undefined : await readCounters(prepared.topology.observer.sidecar) };
  if (busy) note(prepared, 'busy', `the ${roles.observer} writes every ${busy.writeEveryMs} ms, so data is nearly always in flight`, baseline.at);
  if (probesExpected) {
    const answered = baseline.answeredProbes ?? 1;
    note(
      prepared,
      'keepalive-active',
      answered === 1
        ? `the ${roles.observer} sent its first keepalive probe (the ${roles.peer} answered)`
        : `the ${roles.peer} answered ${answered} keepalive probes of the ${roles.observer}'s: they fix its timer's phase`,
      baseline.at,
    );
    context.progress(
      `keepalive active: the ${roles.observer}'s kernel is probing and the ${roles.peer}'s kernel answers${answered > 1 ? ` (${answered} probes answered before the fault)` : ''}`,
    );
  }
  return baseline;
}

/** The keepalive chain predicted when the fault takes effect (or why not: without a capture there is no probe to fit). */
export async function keepalivePrediction(
  prepared: Prepared,
  { effective, watch }: Plan,
  baseline: KeepaliveActive,
  inEffectAt: Instant,
  faultStart: Instant,
): Promise<StatedPrediction<TimerPrediction>> {
  const stated = watch
    ? await predictAtFault(watch, prepared.connection, effective, prepared.hz, baseline, inEffectAt)
    : { outcome: { missing: "no capture, so no probe before the fault to fix the timer's phase" }, madeAt: now() };
  note(prepared, 'prediction', describePrediction(stated, faultStart), stated.madeAt);
  return stated;
}

/**
 * The window the verdict will use, as far as the wire already shows it: counted from the last segment received
 * before the fault where the rule counts from it (the progress line and the verdict quote the same window), else
 * from the fault.
 */
export function rulesWindowNow(prepared: Prepared, plan: Plan, context: RuleContext): ExpectedWindow {
  const rule = ENDING_RULES[endingOf(plan.expect)];
  if (!prepared.wire || plan.expect.outcome !== 'error') return rule.fromFault(context);
  const { key, observerEndpoint } = prepared.connection;
  const sofar = analyseWire(prepared.wire.packetsOf(key), observerEndpoint, context.faultAt, context.faultAt + context.faultSpanMs);
  return rule.fromWire(context, sofar)?.window ?? rule.fromFault(context);
}

/** The watch for the ending; meanwhile a busy observer's retransmission chain is predicted from its first retransmissions. */
export async function watchPredicting(context: RunContext, prepared: Prepared, plan: Plan, span: { faultStart: Instant; faultAt: Instant; forMs: number }) {
  const { connection, facts, hz } = prepared;
  const stop = new AbortController();
  const predicting =
    plan.predicts === 'retransmission' && plan.watch && plan.busy
      ? predictFromRetransmissions(plan.watch, connection, plan.effective, plan.busy.retries2, hz, span.faultStart, span.forMs, stop.signal).then((stated) => {
          note(prepared, 'prediction', describePrediction(stated, span.faultStart), stated.madeAt);
          context.progress(`the lab ${describePrediction(stated, span.faultStart)}`);
          return stated;
        })
      : undefined;
  const trusted: SourceName[] = prepared.wire ? ['wire', 'counters'] : ['agent', 'counters'];
  const ended = await watchForEnding({
    facts,
    connection: connection.key,
    trusted,
    faultStart: span.faultStart,
    faultAt: span.faultAt,
    forMs: span.forMs,
    progress: context.progress,
  });
  stop.abort();
  const { observer } = plan.roles;
  context.progress(
    ended
      ? `${observer}: connection ended at ${signedSeconds(ended.t - span.faultStart)} from the fault (${endedText(ended)})`
      : `${observer}: connection still up after ${(span.forMs / 1000).toFixed(1)} s`,
  );
  return { ended, prediction: await predicting };
}

/** The scenario's expectation, or — for a server as it ships — what its defaults bring within the watch. */
export function expectationOf(context: RunContext, ruleContext: RuleContext): Expectation {
  return context.shipped ? expectationAsShipped(context.scenario, context.shipped, ruleContext, context.watchMs) : context.scenario.expect;
}

export function busyObserver(scenario: FaultScenario): BusyObserver | undefined {
  const writeEveryMs = scenario.observer?.writeEveryMs ?? 0;
  if (writeEveryMs <= 0) return undefined;
  return { retries2: Number(scenario.observer?.sysctls?.['net.ipv4.tcp_retries2'] ?? DEFAULT_TCP_RETRIES2), writeEveryMs };
}

export function endedText(fact: { signal?: string; at?: string; source: SourceName }): string {
  if (fact.source === 'counters') return 'the kernel counted a timeout abort, no packet on the wire';
  if (fact.source === 'agent') return `the agent's ${fact.signal} event`;
  return `${fact.signal?.toUpperCase()} from ${fact.at} on the wire`;
}

export function describeExpectation(expect: Expectation, window: ExpectedWindow, forMs: number): string {
  const range = secondsRange(window.earliestMs, window.latestMs, '–');
  if (expect.outcome === 'error') return `${expect.codes.join(' or ')} in ${range}`;
  return expect.forMs
    ? `no error for the ${(forMs / 1000).toFixed(1)} s watched`
    : `no error for ${(forMs / 1000).toFixed(1)} s (${expect.windows}× the ${range} window)`;
}
