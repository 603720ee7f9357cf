// Runs in progress in this process and how to tear each down, so a signal handler can clean up before exit.
const active = new Map<string, () => Promise<unknown>>();

export function trackRun(runId: string, teardown: () => Promise<unknown>): () => void {
  active.set(runId, teardown);
  return () => active.delete(runId);
}

export async function teardownActiveRuns(): Promise<void> {
  const teardowns = [...active.values()];
  active.clear();
  await Promise.allSettled(teardowns.map((teardown) => teardown()));
}
