#!/usr/bin/env node
// keepalive-lab's command line. Every command validates its input before touching Docker; errors are one
// line with a fix and exit 2; Ctrl-C and SIGTERM remove the run's containers and network before exiting. A command's
// module is loaded when the command runs, so `--version`, `--help` and `list` load no engine client.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { SET_ON } from '../config/set-on.ts';
import { firstLine, LabError, UsageError } from '../errors.ts';
import { OBSERVE_MODES } from '../run/run-options.ts';
import { teardownActiveRuns } from '../runtime/active-runs.ts';
import { packagePath } from '../paths.ts';
import { DEFAULT_SETTINGS_TEXT } from '../bench/precision-settings.ts';
import { EXIT } from '../exit-codes.ts';

const { version } = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string };

const program = new Command('keepalive-lab')
  .description('Measure how fast TCP keepalive detects a dead peer, on real containers')
  .version(version, '-V, --version', 'print the version of keepalive-lab')
  .exitOverride()
  .showHelpAfterError('(run with --help for usage)');

program
  .command('run')
  .description('run a scenario (or all of them) and write its report')
  .argument('[scenario]', 'a scenario name (see: keepalive-lab list)')
  .option('--all', 'run every scenario, 4 at a time on their own networks, and print a summary')
  .option('--matrix <axes...>', 'run the grid of settings, e.g. idle=1 interval=1,3 count=3,10 (one report, a row each)')
  .option('--idle <seconds>', 'TCP_KEEPIDLE: idle time before the first probe (1..32767)')
  .option('--interval <seconds>', 'TCP_KEEPINTVL: time between probes (1..32767)')
  .option('--count <n>', 'TCP_KEEPCNT: unanswered probes before the error (1..127)')
  .option('--user-timeout <ms>', 'TCP_USER_TIMEOUT in ms (0 = not set)')
  .addOption(new Option('--set-on <socket>', 'where the server sets the options').choices(SET_ON))
  .option('--direction <both|in|out>', 'blackhole faults: which traffic to drop, seen from the peer')
  .option('--backend <iptables|nftables>', 'blackhole faults: the firewall that drops it')
  .option('--report-dir <dir>', "where to write the run's .md, .json and .pcap (named by scenario, server, settings and time) and index.md", 'reports')
  .option('--json', 'print the run result as one JSON object on stdout')
  .option(
    '--within <seconds>',
    "your bound: PASS when the connection ends by the scenario's mechanism within this many seconds of the fault (instead of inside the window the kernel's rules give)",
  )
  .option('--strict', "also FAIL when the ending lies farther from the lab's jiffy prediction than the run's own noise explains (the lab's own tests use it)")
  .option('--no-capture', "do not capture packets (the agent's events decide, and the window counts from the fault)")
  .option(
    '--server <profile>',
    "the server under test: agent (the lab's own, the default), redis, postgres, or a profile file (docs/servers.md › Your own server)",
  )
  .option(
    '--client <profile>',
    "an application's client in place of the agent's, for a fault on the server or behind a router or proxy: ioredis, pg, node-http, or a profile file (docs/clients.md); the keepalive flags are then its own (none: as it ships), and the server runs as it ships",
  )
  .option(
    '--request-every <seconds>',
    'with --client: how often it sends a request (default: keepalive proven active, its chain, + 5 s, so none is in flight while it runs out)',
  )
  .option('--request-timeout <seconds>', 'with --client: a request unanswered this long after it was sent hung (default 5)')
  .option('--server-defaults', 'set no keepalive: the server runs as it ships, and the run says what its defaults imply')
  .option('--watch <seconds>', 'with --server-defaults (default 30), or many-clients-no-keepalive (default 20): how long to watch after the fault')
  .option('--connections <n>', 'many-clients: how many client connections (default 1000; 300 without keepalive)')
  .option('--dead <n>', 'many-clients: how many of them the fault strikes, in client containers of their own (default half)')
  .option('--connect-rate <per-second>', 'many-clients: how fast the clients open their connections, all together (default 5000)')
  .option('--fault <kind>', "many-clients: the fault that strikes the dead connections (default the scenario's vm-pause; see: keepalive-lab list)")
  .option(
    '--nat-timeout <seconds>',
    'nat-*: the router forgets an idle flow after this many seconds, a whole number ≥ 1 (nf_conntrack_tcp_timeout_established; default 5)',
  )
  .option(
    '--nat-mode <drop|reset|loose>',
    'nat-*: what the router does with a packet of a forgotten flow: drop it, reset it, or pick the flow up again (default drop)',
  )
  .option(
    '--keepalive-on <server|client|both|none>',
    'nat-*, proxy-*: whose keepalive is on (default: nat-keepalive-holds server, nat-forgets-idle and proxy-closes-idle none; behind a proxy client or none)',
  )
  .option(
    '--request-after <seconds>',
    'nat-*, proxy-*: the silence before the client sends its request (default 3 × the NAT timeout; behind a proxy 2 × its timeout)',
  )
  .option('--proxy-timeout <seconds>', "proxy-closes-idle: HAProxy's timeout client and timeout server, a whole number ≥ 1 (default 5)")
  .addOption(new Option('--ip-version <4|6>', 'which IP the containers talk over').choices(['4', '6']).default('4'))
  .addOption(
    new Option('--observe <sources>', "wire: judge by the wire alone, ignoring the agent's events; wire+agent: the agent's events must agree with the wire")
      .choices(OBSERVE_MODES)
      .default('wire+agent'),
  )
  .addHelpText(
    'after',
    `
Exit status: 0 pass, 1 fail, 2 bad usage or broken environment, 3 skipped (cannot run on this machine),
4 invalid (the observation cannot be trusted: the capture lost packets, the wall clock stepped: run it again).
Examples: keepalive-lab run pause-client --idle 1 --interval 1 --count 10
          keepalive-lab run pause-client --server redis --idle 3 --within 7
          keepalive-lab run pause-client --server redis --idle 3
          keepalive-lab run pause-client --server postgres --server-defaults
          keepalive-lab run pause-server --client ioredis --idle 1
          keepalive-lab run freeze-server --client pg --idle 2
          keepalive-lab run many-clients --connections 10000 --dead 5000
          keepalive-lab run nat-forgets-idle --nat-timeout 5 --nat-mode reset
          keepalive-lab run nat-keepalive-holds --matrix idle=2,8 --nat-timeout 5
          keepalive-lab run proxy-closes-idle --client pg --keepalive-on client --idle 2`,
  )
  .action(async (name: string | undefined, flags) => {
    if (Boolean(flags.all) === (name !== undefined)) throw new UsageError('name one scenario, or use --all (see: keepalive-lab list)');
    if (flags.all && flags.matrix) throw new UsageError('--all and --matrix exclude each other: a matrix is for one scenario');
    if (flags.client !== undefined && (flags.all || flags.matrix)) throw new UsageError('--client runs one scenario: use it without --all and --matrix');
    if (flags.within !== undefined && (flags.all || flags.matrix)) throw new UsageError("--within bounds one run's ending: use it without --all and --matrix");
    if (flags.all) finish(await (await import('./run-all-command.ts')).runAllCommand(flags));
    else if (flags.matrix) finish(await (await import('./matrix-command.ts')).matrixCommand(name!, flags.matrix, flags));
    else finish(await (await import('./run-command.ts')).runCommand(name!, flags));
  });

program
  .command('list')
  .description('list the scenarios, the servers (built-in, and the profile files under this directory) and the faults')
  .option('--servers', 'only the servers: the built-in ones, and every profile.yaml under this directory, checked')
  .option('--json', 'as JSON, for generating CI matrices')
  .action(async (flags) => finish(await (await import('./list-command.ts')).listCommand(flags)));

program
  .command('init')
  .description('write into this project a server profile with its image, a vitest test and a GitHub Actions job, ready to run')
  .argument('[name]', "your server's name: lowercase letters, digits and dashes", 'my-server')
  .option('--force', 'overwrite the files init writes where they are there already')
  .addHelpText(
    'after',
    `
Writes keepalive-lab/<name>/{profile.yaml,Dockerfile,server.py} (a stand-in echo server whose comments say what to
change) and keepalive-lab/<name>.test.js, and .github/workflows/keepalive-lab.yml unless there is one; then says
what to run next. Another name adds another server beside it.
Example: npx keepalive-lab init my-server && npx vitest run keepalive-lab`,
  )
  .action(async (name: string, flags) => finish(await (await import('./init-command.ts')).initCommand(name, flags)));

const report = program.command('report').description('work with the results runs wrote');
report
  .command('merge')
  .description('merge run results (directories, searched recursively, or .json files) into one Markdown summary')
  .argument('<paths...>', 'report directories (e.g. CI artifacts) or the .json files runs wrote')
  .option('--out <file>', 'write the summary there instead of to stdout')
  .option('--title <text>', "the summary's title", 'keepalive-lab results')
  .addHelpText(
    'after',
    `
Rows are grouped by scenario, failures first; below them each run in one sentence with its picture.
Under GitHub Actions the summary is also appended to $GITHUB_STEP_SUMMARY and failed runs become annotations.
Example: keepalive-lab report merge artifacts/ --out summary.md`,
  )
  .action(async (paths: string[], flags) => finish(await (await import('./report-command.ts')).reportMergeCommand(paths, flags)));

program
  .command('doctor')
  .description('check that this machine can run the lab: Docker, pause, iptables in a sidecar, netem, HZ')
  .action(async () => finish(await (await import('./doctor-command.ts')).doctorCommand()));

program
  .command('images')
  .description("build the missing images: base, agent and the built-in servers' (online from the pinned official images, else offline from Debian)")
  .option('--offline', 'build the base image with debootstrap, without any registry')
  .option('--online', 'build the base image from containers/base/Dockerfile only')
  .option('--rebuild', 'rebuild the base image even if it exists (the agent image follows its content hash)')
  .action(async (flags) => finish(await (await import('./images-command.ts')).imagesCommand(flags)));

program
  .command('bench')
  .description('run a benchmark on real containers and write its report')
  .argument(
    '<name>',
    'precision: how far each ending lay from the prediction stated at the fault, the window, the event latency and the overhead, over repeated runs; scale: many-clients with thousands of connections, every one judged, against set-up, wall time, memory and tshark; robustness: every single-connection scenario with the agent, redis and postgres over keepalive settings drawn at random from a seed, 1, 2 and 4 at once: false FAILs, invalid runs, negative durations, measured − predicted',
  )
  .option('--settings <list>', 'precision: idle/interval/count triples to run, comma-separated', DEFAULT_SETTINGS_TEXT)
  .option('--repeat <n>', 'how many runs (of each setting, for precision; default 6, scale 10)')
  .option(
    '--concurrency <n>',
    'runs at once, each on its own network (more than the cores skews timing): precision one number (default 2); robustness a comma list, a batch each (default 1,2,4)',
  )
  .option('--connections <n>', 'scale: connections per run', '10000')
  .option('--dead <n>', 'scale: how many of them die (default half)')
  .option('--seed <n>', 'robustness: the seed of the draws, 0 to 4294967295 (default a new one, printed): the same seed replays the same plan')
  .option('--runs <n>', 'robustness: how many runs to draw, instead of a time budget')
  .option('--minutes <m>', 'robustness: the wall time the runs are drawn to fill, estimated from their settings (default 20)')
  .option('--report-dir <dir>', 'where to write bench-<name>.md', 'reports')
  .option('--json', 'print one JSON object with the measures instead of the Markdown')
  .addHelpText(
    'after',
    `
Examples: keepalive-lab bench precision --settings 1/3/10 --repeat 12
          keepalive-lab bench robustness                       # about 20 minutes, a new seed
          keepalive-lab bench robustness --runs 6 --concurrency 1,2 --seed 1`,
  )
  .action(async (name: string, flags) => finish(await (await import('./bench-command.ts')).benchCommand(name, flags)));

program
  .command('clean')
  .description('remove containers and networks left by runs whose process is gone')
  .option('--all', 'also remove those of runs still in progress')
  .action(async (flags) => finish(await (await import('./clean-command.ts')).cleanCommand(flags)));

function finish(code: number): void {
  process.exitCode = code;
}

// A reader that stops early (`keepalive-lab list | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

let interrupted = false;
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(code); // a second signal: stop waiting for the cleanup
    interrupted = true;
    process.stderr.write(`\n${signal}: removing the containers and networks of the runs in progress…\n`);
    void teardownActiveRuns().finally(() => process.exit(code));
  });
}

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : EXIT.usage; // help and version exit 0
  } else if (interrupted) {
    // the run was torn down under us; the signal handler exits
  } else if (error instanceof LabError) {
    process.stderr.write(`keepalive-lab: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`keepalive-lab: unexpected error: ${firstLine(error)}\n`);
    if (process.env.DEBUG) console.error(error);
    process.exitCode = EXIT.usage;
  }
}
