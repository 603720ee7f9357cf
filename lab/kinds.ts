// The run kinds, as plugins (run/run-kind.ts). Adding one: a folder with its RunKind, and one line here — before
// the single run, which takes every scenario the others leave.
import { crowdKind } from './crowd/crowd-kind.ts';
import { middleboxKind } from './middlebox/middlebox-kind.ts';
import { proxyKind } from './proxy/proxy-kind.ts';
import type { RunResult } from './run/result.ts';
import type { RunKind } from './run/run-kind.ts';
import type { Scenario } from './scenario.ts';
import { singleKind } from './single/single-kind.ts';

/** The first that runs a scenario runs it. */
export const RUN_KINDS: readonly RunKind[] = [middleboxKind, proxyKind, crowdKind, singleKind];

export function kindOf(scenario: Scenario): RunKind {
  return RUN_KINDS.find((kind) => kind.runs(scenario))!;
}

/** The kind that made a result (results read from files have theirs checked, or given, as they are read). */
export function kindOfResult(result: Pick<RunResult, 'kind'>): RunKind {
  const kind = RUN_KINDS.find((candidate) => candidate.name === result.kind);
  if (!kind) throw new Error(`no run kind is named ${result.kind}: the kinds are ${RUN_KINDS.map((k) => k.name).join(', ')}`);
  return kind;
}
