// The library call that reproduces a run made through the API (a test's runScenario or runAndReport), for its
// report's Reproduce line: what the command line is to a run made with the command.
import type { Scenario } from '../scenario.ts';
import type { RunOptions } from './run-options.ts';

/** Options that say what ran (not how it is reported: progress, command, files). */
const SHOWN = ['config', 'faultOptions', 'observe', 'capture', 'serverDefaults', 'watchMs', 'ipVersion', 'crowd', 'middlebox', 'within', 'strict'] as const;

/** runScenario(scenario('pause-client'), { config: { idleS: 3 }, server: await findServer('redis') }) */
export function apiCall(scenario: Scenario, options: RunOptions): string {
  const shown = SHOWN.flatMap((name) => (options[name] === undefined ? [] : [`${name}: ${literal(options[name])}`]));
  const server =
    options.server && !options.server.agent
      ? [`server: await findServer('${options.server.source === 'built-in' ? options.server.name : options.server.source}')`]
      : [];
  const given = [...shown, ...server];
  return `runScenario(scenario('${scenario.name}')${given.length > 0 ? `, { ${given.join(', ')} }` : ''})`;
}

/** A value as TypeScript would write it: { idleS: 3, setOn: 'accepted' }. */
function literal(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${/^[A-Za-z_]\w*$/.test(k) ? k : `'${k}'`}: ${literal(v)}`).join(', ')} }`;
  }
  return String(value);
}
