// A run in one sentence a person can repeat, as its kind says it (run-kind.ts): what the observer's kernel did,
// what ended the connection (or why it lived), how far from the prediction. Facts only; the verdict's reason says
// why it failed.
import { kindOfResult } from '../kinds.ts';
import type { RunResult } from '../run/result.ts';

export function describeRun(result: RunResult): string {
  const sentence = result.verdict === 'skipped' ? `not run: ${result.reason}` : kindOfResult(result).report.describe(result);
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}
