// An application's run after the watch: the lab heals the fault on the server — once the client's kernel has
// ended the connection, or the watch is over — and waits for the application's first answer after the heal.
import { now } from '../clock.ts';
import { duration, seconds } from '../format/format.ts';
import { type ApplicationRun, RECOVERY_GRACE_MS } from '../run/application-run.ts';
import { type Prepared, type RunContext, note } from './context.ts';

export async function recoverApplication(context: RunContext, prepared: Prepared, application: ApplicationRun, heal: () => Promise<void>): Promise<void> {
  const healedAt = now(); // the heal's moment is when it began: a frozen server answers as soon as it is thawed
  await heal();
  application.healedAt = healedAt;
  note(prepared, 'heal', `the lab healed the fault on the ${context.scenario.fault.target}`, healedAt);
  const waitMs = application.requestEveryMs + RECOVERY_GRACE_MS;
  context.progress(`fault healed; waiting up to ${duration(waitMs)} for the application's first answer after it`);
  const answer = await application.log.waitFor((line) => line.event === 'answer' && line.t >= healedAt, waitMs);
  context.progress(
    answer
      ? `the application recovered: its first answer came ${seconds(answer.t - healedAt)} after the heal`
      : `the application had no answer within ${duration(waitMs)} of the heal`,
  );
}
