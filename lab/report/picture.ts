// A run as a Mermaid picture (GitHub renders it), as its kind draws it (run-kind.ts): a single run's probes and
// window, a crowd's connections over time, a middlebox's memory of the flow and the request.
import { kindOfResult } from '../kinds.ts';
import type { RunResult } from '../run/result.ts';

export const renderPicture = (result: RunResult): string[] => kindOfResult(result).report.picture(result);
