import { CAPABILITIES } from '../capabilities.ts';
import { capabilitiesOf, specialCapabilitiesOf } from '../scenario-capabilities.ts';
import { FAULTS } from '../faults/index.ts';
import { SCENARIOS } from '../catalogue/index.ts';
import type { Scenario } from '../scenario.ts';
import { builtInServers } from '../servers/index.ts';
import { localProfiles } from '../servers/local-profiles.ts';
import { builtInClients } from '../clients/index.ts';
import { localClients } from '../clients/local-clients.ts';
import { EXIT } from '../exit-codes.ts';
import { columns } from '../format/format.ts';

/** The catalogue as CI matrices consume it: one object per scenario. */
export function scenarioCatalogue() {
  return [...SCENARIOS.values()].map((scenario) => ({
    name: scenario.name,
    summary: scenario.summary,
    fault: scenario.fault?.kind ?? (scenario.proxy ? 'proxy' : 'middlebox'),
    target: scenario.fault?.target ?? (scenario.proxy ? 'proxy' : 'middlebox'),
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
  const clients = await clientList(root);
  if (flags.servers) process.stdout.write(flags.json ? `${JSON.stringify(servers)}\n` : `${serversText(servers)}\n`);
  else process.stdout.write(`${scenariosText()}\n\n${serversText(servers)}\n\n${clientsText(clients)}\n\n${faultsText()}\n\n${capabilitiesText()}\n`);
  const broken = [...servers, ...(flags.servers ? [] : clients)].filter((server) => server.problem !== undefined);
  if (broken.length === 0) return EXIT.pass;
  const which = broken.length === 1 ? `${broken[0]!.file} is` : `${broken.length} profile files are`;
  process.stderr.write(`keepalive-lab: ${which} not usable (above): fix it, or move it out of this directory\n`);
  return EXIT.usage;
}

/** A server or client as list shows it: built in, or a profile file under the directory (its path, and its problem if it has one). */
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

async function clientList(root: string): Promise<ListedServer[]> {
  const builtIn = (await builtInClients()).map(({ name, summary }) => ({ name, summary }));
  const local = (await localClients(root)).map((found) =>
    'profile' in found ? { name: found.profile.name, summary: found.profile.summary, file: found.path } : { file: found.path, problem: found.problem },
  );
  return [...builtIn, ...local];
}

function clientsText(clients: ListedServer[]): string {
  const local = clients.filter((client) => client.file !== undefined);
  const files =
    local.length === 0
      ? 'No client profile files under this directory (client.yaml, or <name>.client.yaml; docs/clients.md › Your own client).'
      : `Client profile files under this directory (--client <file>):\n${columns(
          local.map((client) => [client.file!, client.problem ? `not usable: ${client.problem}` : `${client.name}: ${client.summary}`]),
        )}`;
  return `Clients (--client <name>, or a client profile file, for a fault on the server, behind the router or the proxy: the application's side):\n${columns(
    clients.filter((client) => client.file === undefined).map((client) => [client.name!, client.summary!]),
  )}\n${files}`;
}

function scenariosText(): string {
  const rows = [...SCENARIOS.values()].flatMap((scenario): [string, string][] => {
    const needs = specialCapabilitiesOf(scenario);
    const notes = [...(needs.length > 0 ? [`needs: ${needs.join(', ')}`] : []), ...(scenario.agentOnly ? [serverNote(scenario)] : [])];
    return [[scenario.name, scenario.summary], ...(notes.length > 0 ? [['', notes.join('; ')] as [string, string]] : [])];
  });
  return `Scenarios (keepalive-lab run <name>):\n${columns(rows)}`;
}

/** Who may take part where the agent alone is the server: the agents, or an application's client with its own server. */
function serverNote(scenario: Scenario): string {
  const takesClient = scenario.fault === undefined || scenario.fault.target === 'server';
  return takesClient ? 'agent only, or --client with its own server' : 'agent only';
}

function serversText(servers: ListedServer[]): string {
  const builtIn = servers.filter((server) => server.file === undefined);
  const local = servers.filter((server) => server.file !== undefined);
  const files =
    local.length === 0
      ? 'No profile files under this directory (profile.yaml, or <name>.profile.yaml; keepalive-lab init writes one).'
      : `Profile files under this directory (--server <file>):\n${columns(
          local.map((server) => [server.file!, server.problem ? `not usable: ${server.problem}` : `${server.name}: ${server.summary}`]),
        )}`;
  return `Servers (--server <name>, or a profile file; scenarios marked "agent only" measure the agent itself):\n${columns(
    builtIn.map((server) => [server.name!, server.summary!]),
  )}\n${files}`;
}

function faultsText(): string {
  return `Faults:\n${columns([...FAULTS.values()].map((fault) => [fault.name, fault.summary]))}`;
}

function capabilitiesText(): string {
  return `Capabilities (what "needs" means; keepalive-lab doctor tries them):\n${columns(Object.entries(CAPABILITIES))}`;
}
