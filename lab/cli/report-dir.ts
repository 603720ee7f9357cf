// Where a run writes its report, checked before anything starts: a directory that cannot be written would only
// fail after the run. Made one level at a time: Node's recursive mkdir spins forever under /proc (seen here).
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';

/** The absolute report directory, made if missing and proven writable; a UsageError when it is not. */
export async function writableReportDir(directory: string): Promise<string> {
  const path = resolve(directory);
  const probe = join(path, `.keepalive-lab-write-test-${process.pid}`);
  try {
    await makeDirectory(path);
    await writeFile(probe, '');
    await rm(probe, { force: true });
    return path;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`--report-dir ${directory} cannot be written (${code}): give a directory you can write to`, { cause: error });
  }
}

/** mkdir -p, one level at a time from the nearest directory that exists. */
async function makeDirectory(path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) return;
  if (info) throw Object.assign(new Error(`${path} is not a directory`), { code: 'ENOTDIR' });
  if (dirname(path) !== path) await makeDirectory(dirname(path));
  await mkdir(path);
}
