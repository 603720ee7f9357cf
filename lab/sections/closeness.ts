// How close a run's ending came to what the lab expected, in words for a sentence.
import type { RunResult } from '../run/result.ts';

/** ", 0.003 ms after the prediction made at the fault" (or `made` elsewhen) — or, without one, how far from the model's nominal time. */
export function closeness({ errorVsPredictionMs: predicted, errorVsModelMs: model }: RunResult, made = 'made at the fault'): string {
  if (predicted != null)
    return `, ${Math.abs(predicted) < 1 ? Math.abs(predicted).toFixed(3) : Math.abs(predicted).toFixed(1)} ms ${predicted >= 0 ? 'after' : 'before'} the prediction ${made}`;
  return model === null ? '' : `, ${Math.abs(Math.round(model))} ms ${model >= 0 ? 'after' : 'before'} the model`;
}
