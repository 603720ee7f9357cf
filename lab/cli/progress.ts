// Progress lines on stderr, each stamped with the seconds since the command started: readable in a terminal
// and in CI logs, and out of the way of --json on stdout.
import { performance } from 'node:perf_hooks';

export function progressPrinter(prefix = ''): (line: string) => void {
  const start = performance.now();
  return (line) => {
    const elapsed = ((performance.now() - start) / 1000).toFixed(1).padStart(6);
    process.stderr.write(`[${elapsed}s] ${prefix}${line}\n`);
  };
}
