// Test helpers: the lab's CLI as a child process, and what Docker still holds for a run.
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import { docker } from '../lab/runtime/docker-client.ts';
import { RUN_LABEL } from '../lab/runtime/run-identity.ts';
import { PACKAGE_ROOT } from '../lab/paths.ts';

export type LabProcess = ResultPromise<{ cwd: string; reject: false }>;

/** The CLI as a child process; not as a GitHub job of its own (its summaries would land on the test job's page). */
export function startLab(...args: string[]): LabProcess {
  return execa(process.execPath, ['--disable-warning=ExperimentalWarning', 'lab/cli/main.ts', ...args], {
    cwd: PACKAGE_ROOT,
    reject: false,
    env: { GITHUB_ACTIONS: '' },
  });
}

/** Resolves with the first stderr line matching `pattern` (progress lines go to stderr). */
export function waitForLine(lab: LabProcess, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms`)), timeoutMs);
    createInterface({ input: lab.stderr! }).on('line', (line) => {
      const match = pattern.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
  });
}

/** The run id, read from the "topology up" progress line (the network is named after the run). */
export async function runIdOf(lab: LabProcess): Promise<string> {
  return (await waitForLine(lab, /internal network keepalive-lab-(kal-[0-9a-f]+)/))[1]!;
}

export async function leftovers(runId: string): Promise<{ containers: number; networks: number }> {
  const client = await docker();
  const filters = JSON.stringify({ label: [`${RUN_LABEL}=${runId}`] });
  const [containers, networks] = await Promise.all([client.listContainers({ all: true, filters }), client.listNetworks({ filters })]);
  return { containers: containers.length, networks: networks.length };
}
