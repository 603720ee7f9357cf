// Errors a user can act on. Each carries the process exit code the CLI uses; the message is one line that
// says what is wrong and how to fix it.
import { EXIT } from './exit-codes.ts';
export class LabError extends Error {
  override name = 'LabError';
  readonly exitCode: number;
  constructor(message: string, exitCode: number, options?: ErrorOptions) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

/** Bad command-line input: unknown scenario, out-of-range value. Nothing was started. */
export class UsageError extends LabError {
  override name = 'UsageError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, EXIT.usage, options);
  }
}

/** The machine cannot run the lab: no Docker engine, image build failed, … */
export class EnvironmentError extends LabError {
  override name = 'EnvironmentError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, EXIT.usage, options);
  }
}

/** The first line of an error's message: Docker and child-process errors can run to many lines. */
export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}
