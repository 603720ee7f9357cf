import { CAPABILITIES } from '../capabilities.ts';
import { capabilitiesOf, specialCapabilitiesOf } from '../scenario-capabilities.ts';
import { FAULTS } from '../faults/index.ts';
import { SCENARIOS } from '../catalogue/index.ts';
import { builtInServers } from '../servers/index.ts';

/** The catalogue as CI matrices consume it: one object per scenario. */
export function scenarioCatalogue() {
  return [...SCENARIOS.values()].map((scenario) => ({
    name: scenario.name,
    summary: scenario.summary,
    fault: scenario.fault?.kind ?? 'middlebox',
    target: scenario.fault?.target ?? 'middlebox',
    expect: scenario.expect.outcome,
    capabilities: capabilitiesOf(scenario),
    /** Whether --server may put another server in the agent's place. */
    anyServer: !scenario.agentOnly,
  }));
}

export async function listCommand(flags: { json?: boolean }): Promise<number> {
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(scenarioCatalogue())}\n`);
    return 0;
  }
  const scenarios = [...SCENARIOS.values()];
  const column = (names: string[]) => Math.max(...names.map((name) => name.length));
  const width = column(scenarios.map((scenario) => scenario.name));
  process.stdout.write(
    `Scenarios (keepalive-lab run <name>):\n${scenarios
      .map((scenario) => {
        const needs = specialCapabilitiesOf(scenario);
        const notes = [...(needs.length > 0 ? [`needs: ${needs.join(', ')}`] : []), ...(scenario.agentOnly ? ['agent only'] : [])];
        return `  ${scenario.name.padEnd(width)}  ${scenario.summary}${notes.length > 0 ? `\n  ${''.padEnd(width)}  ${notes.join('; ')}` : ''}`;
      })
      .join('\n')}\n`,
  );
  const servers = await builtInServers();
  const serverWidth = column(servers.map((server) => server.name));
  process.stdout.write(
    `\nServers (--server <name>, or a profile file; scenarios marked "agent only" measure the agent itself):\n${servers.map((server) => `  ${server.name.padEnd(serverWidth)}  ${server.summary}`).join('\n')}\n`,
  );
  const faults = [...FAULTS.values()];
  const faultWidth = column(faults.map((fault) => fault.name));
  process.stdout.write(`\nFaults:\n${faults.map((fault) => `  ${fault.name.padEnd(faultWidth)}  ${fault.summary}`).join('\n')}\n`);
  const capabilityWidth = column(Object.keys(CAPABILITIES));
  process.stdout.write(
    `\nCapabilities (what "needs" means; keepalive-lab doctor tries them):\n${Object.entries(CAPABILITIES)
      .map(([name, text]) => `  ${name.padEnd(capabilityWidth)}  ${text}`)
      .join('\n')}\n`,
  );
  return 0;
}
