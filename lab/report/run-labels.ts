// A run's fault and settings in a few words, for the rows of a summary.
import { isMiddleboxResult } from '../middlebox/result.ts';
import type { RunResult } from '../run/result.ts';

/** "blackhole client (direction out, backend iptables)" */
export function faultText(r: RunResult): string {
  if (isMiddleboxResult(r)) return `router forgets after ${r.middlebox.natTimeoutS} s, ${r.middlebox.mode}`;
  const options = Object.entries(r.fault.options ?? {})
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
  return `${r.fault.kind} ${r.fault.target}${options ? ` (${options})` : ''}`;
}

/**
 * "1/1/3 UT 3 s listener", with "(kernel 7200/75/9)" where the kernel applied other settings; for another server
 * what the kernel held and the server ("3/1/3 redis", "as shipped 7200/75/9 postgres").
 */
export function settingsText(r: RunResult): string {
  const { config: c, appliedConfig: applied, server, asShipped } = r;
  if (isMiddleboxResult(r))
    return r.middlebox.keepaliveOn === 'none'
      ? 'keepalive off'
      : `${c.idle}/${c.interval}/${c.count} on ${r.middlebox.keepaliveOn === 'both' ? 'both sides' : `the ${r.middlebox.keepaliveOn}`}`;
  if (server && server.profile !== 'agent') {
    const held =
      asShipped && !asShipped.applied
        ? 'keepalive off'
        : `${applied.idle}/${applied.interval}/${applied.count}${applied.userTimeout > 0 ? ` UT ${applied.userTimeout / 1000} s` : ''}`;
    return `${asShipped ? 'as shipped ' : ''}${held} ${server.profile}`;
  }
  const userTimeout = c.userTimeout > 0 ? ` UT ${c.userTimeout / 1000} s` : '';
  const differs = applied && (applied.idle !== c.idle || applied.interval !== c.interval || applied.count !== c.count);
  return `${c.idle}/${c.interval}/${c.count}${userTimeout} ${c.setOn}${differs ? ` (kernel ${applied.idle}/${applied.interval}/${applied.count})` : ''}`;
}
