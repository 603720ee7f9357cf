import { FAULTS } from '../faults/index.ts';
import { SCENARIOS } from '../../scenarios/index.ts';

export function listCommand(flags: { json?: boolean }): number {
  const scenarios = [...SCENARIOS.values()].map((scenario) => ({
    name: scenario.name,
    summary: scenario.summary,
    fault: scenario.fault.kind,
    target: scenario.fault.target,
    expect: scenario.expect.outcome,
  }));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(scenarios)}\n`);
    return 0;
  }
  const width = Math.max(...scenarios.map((scenario) => scenario.name.length));
  process.stdout.write(`Scenarios (keepalive-lab run <name>):\n${scenarios.map((scenario) => `  ${scenario.name.padEnd(width)}  ${scenario.summary}`).join('\n')}\n`);
  const faults = [...FAULTS.values()];
  const faultWidth = Math.max(...faults.map((fault) => fault.name.length));
  process.stdout.write(`\nFaults:\n${faults.map((fault) => `  ${fault.name.padEnd(faultWidth)}  ${fault.summary}`).join('\n')}\n`);
  return 0;
}
