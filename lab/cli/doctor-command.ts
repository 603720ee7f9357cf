// `keepalive-lab doctor`: can this machine run the lab, which faults can it inject, and what HZ will the model use?
// Starts labelled throwaway containers — a target with a sidecar, a router — tries each capability for real, removes them.
import { firstLine } from '../errors.ts';
import { specialCapabilitiesOf } from '../scenario-capabilities.ts';
import type { FaultTarget } from '../faults/fault.ts';
import { FAULTS } from '../faults/index.ts';
import { SCENARIOS } from '../catalogue/index.ts';
import { parseKernelConfigHz } from '../model/kernel-hz.ts';
import { maxTimerLatenessMs } from '../model/timer-wheel.ts';
import { removeRun } from '../runtime/cleanup.ts';
import { docker } from '../runtime/docker-client.ts';
import type Docker from 'dockerode';
import { BASE_IMAGE, imageExists } from '../runtime/images.ts';
import { serverImageTag } from '../runtime/server-image.ts';
import { builtInServers } from '../servers/index.ts';
import type { ServerProfile } from '../servers/server-profile.ts';
import { addressOn, createInternalNetwork, type LabNetwork } from '../runtime/network.ts';
import { newRunIdentity, type RunIdentity } from '../runtime/run-identity.ts';
import { Sidecar, startSidecar } from '../runtime/sidecar.ts';
import { LabContainer } from '../runtime/run-container.ts';
import type { Capability } from '../capabilities.ts';
import type { Scenario } from '../scenario.ts';
import { EXIT } from '../exit-codes.ts';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** A failed optional check only limits which scenarios can run. */
  optional?: boolean;
}

export async function doctorCommand(): Promise<number> {
  const checks: Check[] = [];
  const print = (check: Check) => {
    checks.push(check);
    const mark = check.ok ? 'ok  ' : check.optional ? 'skip' : 'FAIL';
    process.stdout.write(`${mark}  ${check.name.padEnd(24)} ${check.detail}\n`);
  };
  const client = await engineCheck(print);
  if (!client) return EXIT.usage;
  const run = newRunIdentity('doctor');
  try {
    await trials(client, run, print);
  } finally {
    await removeRun(client, run.runId);
  }
  return checks.every((check) => check.ok || check.optional) ? EXIT.pass : EXIT.usage;
}

/** The engine and the base image; the engine's client when both are there. */
async function engineCheck(print: (check: Check) => void): Promise<Docker | undefined> {
  const client = await docker().catch((error: unknown) => {
    print({ name: 'docker engine', ok: false, detail: firstLine(error) });
    return undefined;
  });
  if (!client) return undefined;
  const info = (await client.info()) as Record<string, string>;
  print({
    name: 'docker engine',
    ok: true,
    detail: `Docker ${info.ServerVersion}, cgroup v${info.CgroupVersion}, ${info.Driver}, kernel ${info.KernelVersion}`,
  });
  const hasBase = await client
    .getImage(BASE_IMAGE)
    .inspect()
    .then(
      () => true,
      () => false,
    );
  print({
    name: 'base image',
    ok: hasBase,
    detail: hasBase ? BASE_IMAGE : `${BASE_IMAGE} is missing: build it with npm run images (or npm run images -- --offline)`,
  });
  return hasBase ? client : undefined;
}

/** What a run needs, tried on a target container of the run's: pause, iptables, the router, every fault, the servers, HZ. */
async function trials(client: Docker, run: RunIdentity, print: (check: Check) => void): Promise<void> {
  const unsupportedCapabilities = new Set<Capability>();
  const network = await createInternalNetwork(client, run);
  const target = await new LabContainer(BASE_IMAGE)
    .withName(`${run.runId}-target`)
    .withLabels(run.labels)
    .withNetworkMode(network.name)
    .withEntrypoint(['sleep', 'infinity'])
    .start();
  const sidecar = await startSidecar(BASE_IMAGE, run, { name: `${run.runId}-target`, id: target.getId() });

  const container = client.getContainer(target.getId());
  print(
    await attempt('docker pause', async () => {
      await container.pause();
      const paused = (await container.inspect()).State.Paused;
      await container.unpause();
      if (!paused) throw new Error('the container did not enter the paused state');
      return 'the cgroup freezer pauses and resumes a container';
    }),
  );
  print(
    await attempt('iptables in sidecar', async () => {
      const version = await sidecar.sh('iptables -w -I INPUT 1 -j DROP && iptables -w -D INPUT -j DROP && iptables -V');
      return `a sidecar with NET_ADMIN can insert and delete rules (${version.trim()})`;
    }),
  );
  const nat = await routerCheck(run, network);
  print(nat);
  if (!nat.ok) unsupportedCapabilities.add('conntrack-nat');
  const peer = {
    role: 'client' as const,
    name: `${run.runId}-target`,
    id: target.getId(),
    ip: await addressOn(client, target.getId(), network),
    container: target,
  };
  const unsupportedFaults = await faultTrials({ docker: client, peer, network, sidecar }, print);
  print(scenariosCheck(unsupportedFaults, unsupportedCapabilities));
  for (const profile of await builtInServers()) print(await serverCheck(client, profile));
  print(
    await attempt(
      'kernel HZ',
      async () => {
        const hz = parseKernelConfigHz(await sidecar.sh("zcat /proc/config.gz 2>/dev/null | grep '^CONFIG_HZ=' || true"));
        if (hz.hz === null) throw new Error('/proc/config.gz is not readable: the model will assume the worst case of 100/250/300/1000');
        return `CONFIG_HZ=${hz.hz}: a 1 s keepalive timer may fire up to ${maxTimerLatenessMs(1000, hz.hz)} ms late`;
      },
      true,
    ),
  );
}

/** Each fault tried on the target: those this kernel cannot do, with its answer (a trial that fails otherwise is a broken machine). */
async function faultTrials(target: FaultTarget, print: (check: Check) => void): Promise<Map<string, string>> {
  const unsupported = new Map<string, string>();
  for (const fault of FAULTS.values()) {
    const trial = await fault.unsupported?.(target).then(
      (reason) => ({ reason }),
      (error: unknown) => ({ failed: firstLine(error) }),
    );
    if (trial && 'failed' in trial) {
      unsupported.set(fault.name, trial.failed);
      print({ name: `fault ${fault.name}`, ok: false, detail: trial.failed });
      continue;
    }
    if (trial?.reason) unsupported.set(fault.name, trial.reason);
    print({ name: `fault ${fault.name}`, ok: !trial?.reason, optional: true, detail: trial?.reason ? `unsupported: ${trial.reason}` : fault.summary });
  }
  return unsupported;
}

/** A router as the middlebox scenarios make one: its conntrack timeout taken at creation, masquerading, its table listed. */
function routerCheck(run: RunIdentity, network: LabNetwork): Promise<Check> {
  return attempt(
    'router with conntrack',
    async () => {
      const router = await new LabContainer(BASE_IMAGE)
        .withName(`${run.runId}-router`)
        .withLabels(run.labels)
        .withNetworkMode(network.name)
        .withAddedCapabilities('NET_ADMIN')
        .withSysctls({ 'net.netfilter.nf_conntrack_tcp_timeout_established': '5' })
        .withEntrypoint(['sleep', 'infinity'])
        .start();
      const shell = new Sidecar(router, 'router');
      const version = await shell.sh('iptables -t nat -A POSTROUTING -j MASQUERADE && conntrack -L >/dev/null 2>&1; conntrack --version');
      const timeout = (await shell.sh('cat /proc/sys/net/netfilter/nf_conntrack_tcp_timeout_established')).trim();
      if (timeout !== '5') throw new Error(`the router's conntrack timeout reads ${timeout}, not the 5 it was created with`);
      return `a router container takes its conntrack timeout at creation, masquerades and lists its table (${version.trim()})`;
    },
    true,
  );
}

/** Which scenarios can run here: those whose fault is unsupported are skipped, those lacking a capability would fail to start. */
function scenariosCheck(unsupportedFaults: ReadonlyMap<string, string>, unsupportedCapabilities: ReadonlySet<Capability>): Check {
  const lacking = (scenario: Scenario) => specialCapabilitiesOf(scenario).filter((needed) => unsupportedCapabilities.has(needed));
  const skipped = [...SCENARIOS.values()].filter((scenario) => scenario.fault && unsupportedFaults.has(scenario.fault.kind));
  const failing = [...SCENARIOS.values()].filter((scenario) => lacking(scenario).length > 0);
  const named = (scenarios: Scenario[], needs: (scenario: Scenario) => string[]) =>
    scenarios.map((scenario) => `${scenario.name} (needs ${needs(scenario).join(', ')})`).join(', ');
  return {
    name: 'scenarios',
    ok: skipped.length + failing.length === 0,
    optional: true,
    detail: [
      `${SCENARIOS.size - skipped.length - failing.length} of ${SCENARIOS.size} can run here`,
      ...(skipped.length > 0 ? [`skipped (exit 3): ${named(skipped, specialCapabilitiesOf)}`] : []),
      ...(failing.length > 0 ? [`would fail to start (exit 2): ${named(failing, lacking)}`] : []),
    ].join('; '),
  };
}

/** Whether a server profile's image is here, or how it will be had on first use. */
async function serverCheck(client: Docker, profile: ServerProfile): Promise<Check> {
  const name = `server ${profile.name}`;
  if (profile.agent) return { name, ok: true, optional: true, detail: `${profile.summary}; its image is built with the base` };
  if ('ref' in profile.image) {
    const here = await imageExists(client, profile.image.ref);
    return {
      name,
      ok: here,
      optional: true,
      detail: here ? `image ${profile.image.ref} is here` : `image ${profile.image.ref} is not here: it is pulled on first use, where a registry answers`,
    };
  }
  const tag = await serverImageTag(client, profile, profile.image);
  const here = await imageExists(client, tag);
  const recipe = profile.image.online
    ? `${profile.image.online} where a registry answers, else ${profile.image.dockerfile} on ${BASE_IMAGE}`
    : `${profile.image.dockerfile} on ${BASE_IMAGE}`;
  return {
    name,
    ok: true,
    optional: true,
    detail: here ? `image ${tag} is here` : `image not built yet: built on first use (or npm run images) from ${recipe}`,
  };
}

async function attempt(name: string, action: () => Promise<string>, optional = false): Promise<Check> {
  try {
    return { name, ok: true, detail: await action(), optional };
  } catch (error) {
    return { name, ok: false, detail: firstLine(error), optional };
  }
}
