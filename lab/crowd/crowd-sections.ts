// The sections of a crowd run's report: how the connections were spread, how every one of them fared, how each
// dead one's window was made, the server's resources over time, and what the capture held.
import type { CrowdResult } from './result.ts';
import { alignedTable as table, plainMs, seconds as s } from '../format/format.ts';
import { renderResourceCharts } from './resource-chart.ts';

export function crowdSections(result: CrowdResult): string[] {
  return [...crowdSection(result), ...connectionsSection(result), ...windowsSection(result), ...resourcesSection(result), ...captureSection(result)];
}

function crowdSection({ crowd, connections }: CrowdResult): string[] {
  return [
    '## The crowd',
    '',
    ...table(
      ['client container', 'connections', 'struck by the fault'],
      crowd.groups.map((group) => [group.name, String(group.connections), group.dead ? 'yes' : 'no']),
    ),
    `${connections.total} connections opened at ${crowd.connectRate} a second, all established ${s(crowd.setupMs)} after the clients were told to connect.`,
    '',
  ];
}

function connectionsSection({ connections: c, expectation }: CrowdResult): string[] {
  const detection = c.detectionMs ? `${s(c.detectionMs.median)} (${s(c.detectionMs.min)} … ${s(c.detectionMs.max)})` : '—';
  return [
    '## Every connection',
    '',
    ...table(
      ['what', 'count'],
      [
        ['connections (on the wire: their handshakes)', `${c.total} (${c.seenOnWire})`],
        ['dead: struck by the fault', String(c.dead)],
        ...(expectation.outcome === 'error'
          ? [
              ['dead ones the server ended', String(c.detected)],
              ['… as and when expected (inside their own windows, the right probes, the right ending)', String(c.detectedInWindow)],
              ['detected, from the fault: median (min … max)', detection],
            ]
          : []),
        ['dead ones still established at the end (ss)', String(c.deadStillEstablished)],
        ['live ones dropped, or with a probe unanswered', String(c.liveDropped)],
      ],
    ),
  ];
}

function windowsSection({ expected: w, expectation, connections }: CrowdResult): string[] {
  if (expectation.outcome !== 'error' || connections.dead === 0) return [];
  return [
    "## Each dead connection's window",
    '',
    'Every dead connection is judged on its own, as a single run judges its connection: from its own packets, the',
    'last segment it received before the fault and its keepalive probes before it, to which the chain of its timer is',
    'fitted (computed from the capture after the run, with nothing after the fault looked at), giving its own window.',
    `Over all of them the windows span ${s(w.earliestMs)} … ${s(w.latestMs)} from the fault: each connection's timer runs`,
    'on its own phase, set when it last heard from its client.',
    '',
  ];
}

function resourcesSection(result: CrowdResult): string[] {
  return [
    '## The server over time',
    '',
    `Sampled every ${result.resources.sampleEveryMs} ms (socket memory every fourth sample) from a sidecar in the server's network and`,
    "process namespaces: the namespace's established connections (Tcp.CurrEstab), the open files of the server's processes",
    '(/proc/<pid>/fd), and the memory its TCP sockets hold (ss -tm: received, reserved, queued to send). Time runs from',
    `the fault (0)${result.expectation.outcome === 'error' && result.connections.dead > 0 ? '; the shaded band is when the dead connections were due, from the earliest window to the latest' : ''}.`,
    '',
    ...renderResourceCharts(result),
  ];
}

function captureSection({ crowd, wire }: CrowdResult): string[] {
  const lost = (wire?.droppedByKernel ?? 0) + (wire?.droppedByInterface ?? 0);
  const file = crowd.connectionsFile;
  return [
    '## The capture',
    '',
    `${crowd.packets} packets (headers only) on the server's interface, ${lost} lost by tcpdump; decoded, classified per connection and`,
    `every connection judged in ${plainMs(crowd.analysisMs)} ms. ${
      file
        ? `One line per connection, with its verdict and why, is in\n\`${file}\` beside this report (e.g. \`jq -c 'select(.verdict == "fail")' ${file}\`).`
        : 'No file of one line per connection was written (RunOptions.connectionsFile; the command line writes one beside the report).'
    }`,
    '',
  ];
}
