// docker pause where runc's cgroup v1 freezer could not freeze every task in time: asked again (runc thawed the
// cgroup, so the peer ran on untouched), the fault's moment taken from the attempt that froze it, the failed ones
// kept as evidence; any other failure, or three of these, is the engine's error in one line.
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { freeze } from './freeze.ts';
import type { FaultTarget } from './fault.ts';

const UNABLE = '(HTTP code 500) server error - Cannot pause container 97ed: OCI runtime pause failed: unable to freeze: unknown';

function target(failures: string[]): FaultTarget {
  const container = {
    pause: async () => {
      const failure = failures.shift();
      if (failure) throw new Error(failure);
    },
    inspect: async () => ({ State: { Paused: true, Status: 'paused' } }),
  };
  return { docker: { getContainer: () => container } as unknown as Docker, peer: { name: 'kal-1-client', id: 'c1' } } as unknown as FaultTarget;
}

describe('freeze', () => {
  it('asks again where runc could not freeze the peer, and says so in the evidence', async () => {
    const injected = await freeze.inject(target([UNABLE, UNABLE]));
    expect(await injected.evidence()).toMatchObject({
      'pause attempts':
        '3: runc could not freeze it before (Cannot pause container 97ed: OCI runtime pause failed: unable to freeze: unknown; Cannot pause container 97ed: OCI runtime pause failed: unable to freeze: unknown)',
    });
    expect(injected.spanMs).toBeLessThan(100); // from the attempt that froze it
  });

  it('gives up after three, and at once on any other failure', async () => {
    await expect(freeze.inject(target([UNABLE, UNABLE, UNABLE]))).rejects.toThrow(
      'docker pause of kal-1-client failed 3 times: Cannot pause container 97ed: OCI runtime pause failed: unable to freeze: unknown',
    );
    await expect(freeze.inject(target(['(HTTP code 409) unexpected - Container c1 is not running']))).rejects.toThrow(
      'docker pause of kal-1-client failed: Container c1 is not running',
    );
  });
});
