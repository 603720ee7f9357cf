// `keepalive-lab run <scenario>`: validates everything first (nothing starts on bad input), runs, reports.
import { UsageError } from '../errors.ts';
import { crowdFromFlags } from '../flags/crowd-flags.ts';
import { middleboxFromFlags } from '../flags/middlebox-flags.ts';
import {
  captureFileFor,
  plannedFiles,
  configFromFlags,
  faultOptionsFromFlags,
  findScenario,
  ipVersionFromFlags,
  observeFromFlags,
  reproduceCommand,
  type RunFlags,
  withinFromFlags,
} from '../flags/run-flags.ts';
import { serverFromFlags } from '../flags/server-flags.ts';
import { clientFromFlags } from '../flags/client-flags.ts';
import { writeReport } from '../report/write-report.ts';
import { takenBy } from '../servers/settings-refusal.ts';
import { runScenario } from '../run-scenario.ts';
import { exitCodeOf } from '../exit-codes.ts';
import { progressPrinter } from './progress.ts';
import { writableReportDir } from './report-dir.ts';

export async function runCommand(name: string, flags: RunFlags): Promise<number> {
  const scenario = findScenario(name);
  const config = configFromFlags(scenario, flags);
  const within = withinFromFlags(flags);
  const faultOptions = faultOptionsFromFlags(scenario, flags);
  const observe = observeFromFlags(flags);
  const crowd = crowdFromFlags(scenario, flags);
  const middlebox = middleboxFromFlags(scenario, flags, config);
  if (crowd && !flags.capture) throw new UsageError(`${scenario.name} judges every connection from the capture: drop --no-capture`);
  const client = await clientFromFlags(flags, config);
  // With --client the keepalive flags are the client's, and the run refuses what it cannot take; the server is the client's own unless given.
  const server = client
    ? await serverFromFlags({ capture: flags.capture, server: flags.server ?? client.profile.server, serverDefaults: flags.serverDefaults }, [])
    : await serverFromFlags({ ...flags, watch: crowd ? undefined : flags.watch }, [scenario]);
  const ipVersion = ipVersionFromFlags(flags);
  const strict = flags.strict ?? false;
  const reportDir = await writableReportDir(flags.reportDir);
  const files = plannedFiles(reportDir, scenario, server, config, client);
  const result = await runScenario(scenario, {
    config: client ? client.settings : takenBy(server.profile, config),
    ...(client ? { client: client.profile, requestEveryMs: client.requestEveryMs, requestTimeoutMs: client.requestTimeoutMs } : {}),
    faultOptions,
    observe,
    server: server.profile,
    serverDefaults: server.serverDefaults,
    watchMs: crowd ? crowd.watchMs : server.serverDefaults ? server.watchMs : undefined,
    ipVersion,
    within,
    strict,
    progress: progressPrinter(),
    command: reproduceCommand(scenario, config, { faultOptions, observe, server, client, ipVersion, crowd, middlebox, within, strict }),
    middlebox,
    capture: flags.capture,
    captureFile: captureFileFor(scenario, flags, files),
    ...(crowd ? { crowd, connectionsFile: files.connections } : {}),
  });
  const paths = await writeReport(result, reportDir, { files, publish: true });
  process.stderr.write(`report: ${paths.markdown} (and .json); every run: ${paths.index}\n`);
  if (flags.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  return exitCodeOf(result.verdict);
}
