import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isOwnerAlive, newRunIdentity, OWNER_LABEL, ownerOf, RUN_LABEL } from './run-identity.ts';

describe('run identity', () => {
  it('labels a run with its id and this process as owner', () => {
    const run = newRunIdentity('pause-client');
    expect(run.labels[RUN_LABEL]).toBe(run.runId);
    expect(run.labels[OWNER_LABEL]).toBe(ownerOf(process.pid));
    expect(newRunIdentity('pause-client').runId).not.toBe(run.runId);
  });

  it('counts this process as alive and a finished one as gone', () => {
    expect(isOwnerAlive(ownerOf(process.pid))).toBe(true);
    const finished = spawnSync('true');
    expect(isOwnerAlive(`${hostname()}/${finished.pid}/1`)).toBe(false);
  });

  it('does not mistake a reused PID for the owner (start time differs)', () => {
    const [host, pid] = ownerOf(process.pid).split('/');
    expect(isOwnerAlive(`${host}/${pid}/1`)).toBe(false);
  });

  it("never judges another machine's runs", () => {
    expect(isOwnerAlive('some-other-host/1/1')).toBe(true);
  });
});
