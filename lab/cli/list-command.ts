import { CAPABILITIES } from '../capabilities.ts';
import { capabilitiesOf, specialCapabilitiesOf } from '../scenario-capabilities.ts';
import { FAULTS } from '../faults/index.ts';
import { SCENARIOS } from '../catalogue/index.ts';
import { builtInServers } from '../servers/index.ts';
import { localProfiles } from '../servers/local-profiles.ts';
import { EXIT } from '../exit-codes.ts';

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

/** Lists; exits 2 where a profile file under the directory is not usable (list --servers checks them in CI). */
export async function listCommand(flags: { json?: boolean; servers?: boolean }, root = process.cwd()): Promise<number> {
  if (flags.json && !flags.servers) {
    process.stdout.write(`${JSON.stringify(scenarioCatalogue())}\n`);
    return EXIT.pass;
  }
  const servers = await serverList(root);
  if (flags.servers) process.stdout.write(flags.json ? `${JSON.stringify(servers)}\n` : `${serversText(servers)}\n`);
  else process.stdout.write(`${scenariosText()}\n\n${serversText(servers)}\n\n${faultsText()}\n\n${capabilitiesText()}\n`);
  const broken = servers.filter((server) => server.problem !== undefined);
  if (broken.length === 0) return EXIT.pass;
  const which = broken.length === 1 ? `${broken[0]!.file} is` : `${broken.length} profile files are`;
  process.stderr.write(`keepalive-lab: ${which} not usable (above): fix it, or move it out of this directory\n`);
  return EXIT.usage;
}

/** A server as list shows it: built in, or a profile file under the directory (its path, and its problem if it has one). */
interface ListedServer {
  name?: string;
  summary?: string;
  file?: string;
  problem?: string;
}

async function serverList(root: string): Promise<ListedServer[]> {
  const builtIn = (await builtInServers()).map(({ name, summary }) => ({ name, summary }));
  const local = (await localProfiles(root)).map((found) =>
    'profile' in found ? { name: found.profile.name, summary: found.profile.summary, file: found.path } : { file: found.path, problem: found.problem },
  );
  return [...builtIn, ...local];
}

const column = (names: string[]) => Math.max(0, ...names.map((name) => name.length));

function scenariosText(): string {
  const scenarios = [...SCENARIOS.values()];
  const width = column(scenarios.map((scenario) => scenario.name));
  return `Scenarios (keepalive-lab run <name>):\n${scenarios
    .map((scenario) => {
      const needs = specialCapabilitiesOf(scenario);
      const notes = [...(needs.length > 0 ? [`needs: ${needs.join(', ')}`] : []), ...(scenario.agentOnly ? ['agent only'] : [])];
      return `  ${scenario.name.padEnd(width)}  ${scenario.summary}${notes.length > 0 ? `\n  ${''.padEnd(width)}  ${notes.join('; ')}` : ''}`;
    })
    .join('\n')}`;
}

function serversText(servers: ListedServer[]): string {
  const builtIn = servers.filter((server) => server.file === undefined);
  const local = servers.filter((server) => server.file !== undefined);
  const width = column(builtIn.map((server) => server.name!));
  const fileWidth = column(local.map((server) => server.file!));
  const files =
    local.length === 0
      ? 'No profile files under this directory (profile.yaml, or <name>.profile.yaml; keepalive-lab init writes one).'
      : `Profile files under this directory (--server <file>):\n${local
          .map((server) => `  ${server.file!.padEnd(fileWidth)}  ${server.problem ? `not usable: ${server.problem}` : `${server.name}: ${server.summary}`}`)
          .join('\n')}`;
  return `Servers (--server <name>, or a profile file; scenarios marked "agent only" measure the agent itself):\n${builtIn
    .map((server) => `  ${server.name!.padEnd(width)}  ${server.summary}`)
    .join('\n')}\n${files}`;
}

function faultsText(): string {
  const faults = [...FAULTS.values()];
  const width = column(faults.map((fault) => fault.name));
  return `Faults:\n${faults.map((fault) => `  ${fault.name.padEnd(width)}  ${fault.summary}`).join('\n')}`;
}

function capabilitiesText(): string {
  const width = column(Object.keys(CAPABILITIES));
  return `Capabilities (what "needs" means; keepalive-lab doctor tries them):\n${Object.entries(CAPABILITIES)
    .map(([name, text]) => `  ${name.padEnd(width)}  ${text}`)
    .join('\n')}`;
}
