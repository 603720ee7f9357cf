// Why the verdict's window is what it is — what the kernel's rules count from (the last segment received, a first
// retransmission or zero-window probe, or the fault) and what each bound is made of — and, beside it, the lab's
// jiffy prediction: its tolerance, the noise this run showed, and whether the ending agreed with it.
import type { Ending } from '../mechanism.ts';
import { ZERO_WINDOW_ALLOWANCE_MS } from '../model/allowances.ts';
import type { RunResult } from '../run/result.ts';
import { endingOf } from '../scenario.ts';
import { alignedTable as table, plainMs, seconds as s, signedMs, signedSeconds } from '../format/format.ts';

/** What every variant needs: the run, its ending, the settings the window is for, and the latest bound's parts. */
interface WindowText {
  result: RunResult;
  ending: Ending;
  config: RunResult['config'];
  latestParts: string;
}

export function windowSection(result: RunResult): string[] {
  if (result.expectation.outcome === 'request' || result.expectation.outcome === 'closed-by-proxy') return []; // a middlebox's runs have their own sections
  const w = result.expected;
  const ending = endingOf(result.expectation);
  const config = result.expectation.outcome === 'alive' && !result.asShipped ? result.config : (result.appliedConfig ?? result.config);
  const sampled = result.outcomeSeenBy === 'counters' ? ", the counters' sampling gap included" : '';
  const allowance =
    ending === 'immediate' ? `an "at once" allowance of ${w.deliveryAllowanceMs} ms` : `observation ${plainMs(w.deliveryAllowanceMs)} ms${sampled}`;
  const latestParts = ending === 'immediate' ? `+ ${allowance}` : `+ timer rounding ${s(w.timerRoundingMs)} (${hzText(result)}) + ${allowance}`;
  const text: WindowText = { result, ending, config, latestParts };
  return [...rulesText(text), ...predictionText(result, allowance), ...noPrediction(result)];
}

function rulesText(text: WindowText): string[] {
  switch (text.result.expected.reference) {
    case 'prediction':
      return []; // results written before the verdict's window was the rules' (the prediction's section says it all)
    case 'first-zero-window-probe':
      return zeroWindowText(text);
    case 'first-retransmission':
      return retransmissionText(text);
    case 'last-received':
      return lastReceivedText(text);
    case 'fault':
      return faultText(text);
    case 'last-data':
      return []; // a proxy's close: its own section says it
  }
}

function predictionText(result: RunResult, allowance: string): string[] {
  const {
    prediction: p,
    roles: { observer },
  } = result;
  if (!p || result.predictedMs == null) return [];
  const jiffy = `${plainMs(1000 / p.hz)} ms`;
  const chains =
    p.chains === 1
      ? 'they leave one chain of its timer'
      : `${p.chains} chains of its timer fit them (each send on its tick or a jiffy late), their aborts ${plainMs(p.spreadMs)} ms apart at most`;
  const late = p.lateTicks === 0 ? 'every send on its tick' : `${p.lateTicks} of the sends a jiffy late`;
  const made = `made at ${signedSeconds(p.madeAtMs)}`;
  const intro =
    p.timer === 'keepalive'
      ? [
          `When the fault took effect, before looking at anything after it (${made}), the lab simulated the ${observer}'s`,
          `keepalive timer at HZ ${p.hz} from the ${p.fittedTo} probe${p.fittedTo === 1 ? '' : 's'} it had sent before the fault${p.phaseFrom === 'kernel-jiffies' ? ", its phase on the wheel's coarse levels from the kernel's jiffy count (/proc/timer_list)" : ''}: ${chains}.`,
        ]
      : [
          `When the ${observer}'s retransmission number ${p.fittedTo} went out, before anything after it (${made}), the lab simulated its`,
          `retransmission timer at HZ ${p.hz} from its first ${p.fittedTo} retransmissions (the RTO doubling each time): ${chains}.`,
        ];
  const predicted = result.predictedMs;
  const earliestChain = predicted - p.toleranceMs.earlyMs + 1; // the tolerance's early side is the earliest chain less 1 ms
  return [
    '## The prediction, and how close the ending came',
    '',
    ...intro,
    `Each re-arm is rounded up to its timer-wheel bucket as the kernel does; the prediction is the likeliest chain (${late}).`,
    "This answers the model's question, not the verdict's: a disagreement is explained, and fails only a strict run.",
    '',
    ...table(
      ['', 'from the fault', 'made of'],
      [
        ['predicted', s(predicted), predictedEnding(result)],
        [
          'earliest',
          s(predicted - p.toleranceMs.earlyMs),
          `the earliest chain that fits (${s(earliestChain)}) − 1 ms for where in its tick a packet goes out; a timer never fires early`,
        ],
        [
          'latest',
          s(predicted + p.toleranceMs.lateMs),
          `the latest chain that fits + one jiffy (${jiffy}: a tick's softirq may run on the next tick)${(p.sendSpreadMs ?? 0) >= 0.1 ? ` + the spread of a tick's sends (${plainMs(p.sendSpreadMs)} ms)` : ''} + ${allowance}`,
        ],
        ...(p.noiseMs === undefined
          ? []
          : [
              [
                "+ this run's noise",
                `${plainMs(p.noiseMs)} ms`,
                `how late its own ${p.timer === 'keepalive' ? 'probes' : 'retransmissions'} after the prediction went out beyond their tick`,
              ],
            ]),
        ...(p.cpuPressurePct == null
          ? []
          : [
              [
                'CPU pressure',
                `${p.cpuPressurePct}%`,
                'of the watch, some task waited for a CPU (/proc/pressure/cpu): the load the run shared the machine with',
              ],
            ]),
        ...(result.errorVsPredictionMs == null
          ? []
          : [
              ['measured', s(predicted + result.errorVsPredictionMs), `${signedMs(result.errorVsPredictionMs, 3)} ms from the prediction: ${agreementText(p)}`],
            ]),
      ],
    ),
  ];
}

function agreementText(p: NonNullable<RunResult['prediction']>): string {
  if (p.agrees === undefined) return 'agreement not judged (a result from before it was)';
  return p.agrees ? 'agrees' : `disagrees — ${p.disagreement}`;
}

function predictedEnding({ prediction, expected, predictedProbesMs, predictedRetransmissionsMs }: RunResult): string {
  if (prediction?.timer === 'retransmission') {
    const limit = expected.mechanism === 'user-timeout' ? 'the user timeout' : 'T(tcp_retries2)';
    return `the first tick where the time since the first retransmission reaches ${limit}, after ${predictedRetransmissionsMs?.length ?? 0} more retransmissions`;
  }
  // The probes still to come when the fault took effect: a slow injection may have let the chain's first out before.
  return `the abort${expected.mechanism === 'user-timeout' ? ' at the first tick past the user timeout' : ` after ${predictedProbesMs?.length ?? 0} more unanswered probes`}`;
}

/** Where a timer chain decides but the run made no prediction: say why. */
function noPrediction({ predictionMissing }: RunResult): string[] {
  return predictionMissing ? ['', `No prediction: ${predictionMissing}; the verdict's window is the kernel's rules alone.`, ''] : [];
}

function zeroWindowText({
  result: {
    expected: w,
    roles: { observer, peer },
  },
  config,
  latestParts,
}: WindowText): string[] {
  return [
    '## Expected window, from the first zero-window probe',
    '',
    `The ${peer}'s window is closed and the ${observer}'s data waits: its persist timer probes, and TCP_USER_TIMEOUT, counted`,
    'from the first zero-window probe, ends it: the timer is clamped to fire when the user timeout runs out.',
    '',
    ...table(
      ['bound', 'from the fault', 'made of'],
      [
        ['earliest', s(w.earliestMs), `the first zero-window probe + the user timeout, ${config.userTimeout} ms; a timer never fires early`],
        ['latest', s(w.latestMs), `earliest ${latestParts}`],
      ],
    ),
  ];
}

function retransmissionText({
  result: {
    expected: w,
    roles: { observer },
  },
  config,
  latestParts,
}: WindowText): string[] {
  const limit = w.mechanism === 'user-timeout' ? `the user timeout, ${config.userTimeout} ms` : 'T = 200 ms × (2^(tcp_retries2 + 1) − 1)';
  return [
    '## Expected window, from the first retransmission',
    '',
    `With data in flight keepalive stays quiet; the ${observer} retransmits with exponential backoff and fails at the first`,
    `retransmission tick where the time since its first retransmission (the kernel's retrans_stamp) reaches ${limit}.`,
    '',
    ...table(
      ['bound', 'from the fault', 'made of'],
      [
        ['earliest', s(w.earliestMs), `the first retransmission + ${w.mechanism === 'user-timeout' ? 'the user timeout' : 'T'}; a timer never fires early`],
        ['latest', s(w.latestMs), w.mechanism === 'user-timeout' ? `earliest ${latestParts}` : `the tick past T comes before 2T + 2 × RTO ${latestParts}`],
      ],
    ),
  ];
}

function lastReceivedText({ result, ending, config, latestParts }: WindowText): string[] {
  const {
    expected: w,
    roles: { observer, peer },
  } = result;
  const first = result.probes.find((probe) => !probe.answered);
  const firstAt = first?.expectedAtMs != null ? ` at ${s(first.expectedAtMs)}` : '';
  const nominal =
    ending === 'next-probe'
      ? `the first probe after the fault${firstAt}, answered by the ${peer}'s RST`
      : `first probe${firstAt} + ${config.count} × ${config.interval} s`;
  return [
    '## Expected window, from the last segment received',
    '',
    `The kernel counts from the last segment the ${observer} *received* before the fault: here ${s(-(result.referenceMs ?? 0))} before it.`,
    'The first probe after the fault goes out at max(reference + idle, last probe sent + interval) — after every probe',
    'the timer re-arms for the interval, answered or not.',
    '',
    ...table(
      ['bound', 'from the fault', 'made of'],
      [
        ['nominal (model)', s(w.nominalEarliestMs), `${nominal}; a timer never fires early`],
        [
          'latest',
          s(w.latestMs),
          `nominal ${latestParts}${w.lateTicksMs ? ` + how late this run's own ticks ran (${plainMs(w.lateTicksMs)} ms: a busy machine's softirq, every later arm shifted with it)` : ''}`,
        ],
      ],
    ),
  ];
}

function faultText({ result, ending, config, latestParts }: WindowText): string[] {
  const {
    expected: w,
    roles: { observer, peer },
  } = result;
  const [earliest, latest] = boundFormulas(config)[ending === 'keepalive' && w.mechanism === 'user-timeout' ? 'user-timeout' : ending];
  const intro =
    result.expectation.outcome === 'alive'
      ? [`The connection must outlive this window: it is when the ${observer} would have failed had the ${peer} died at the fault.`]
      : result.wire
        ? []
        : [`Without a capture the lab cannot see the last segment the ${observer} received, so it bounds the ending from the fault.`];
  const timerText =
    ending === 'immediate'
      ? []
      : [
          `Before the fault the ${observer}'s probes were answered, so the last segment received is at most one probe period —`,
          'max(idle, interval) — old. After each probe the timer re-arms for the interval, answered or not.',
        ];
  return [
    '## Expected window, from the fault',
    '',
    ...(intro.length + timerText.length > 0 ? [...intro, ...timerText, ''] : []),
    ...table(
      ['bound', 'value', 'made of'],
      [
        ['earliest', s(w.earliestMs), `${earliest} = ${s(w.nominalEarliestMs)}, less the ${w.faultSpanMs.toFixed(1)} ms the fault took to inject`],
        ['latest', s(w.latestMs), `${latest} = ${s(w.nominalLatestMs)}, ${latestParts}`],
      ],
    ),
    ...(ending === 'keepalive' && w.mechanism === 'user-timeout'
      ? ['With TCP_USER_TIMEOUT set the count is ignored: the socket dies at the first probe tick past the user timeout.', '']
      : []),
  ];
}

function boundFormulas(config: RunResult['config']): Record<Ending | 'user-timeout', [string, string]> {
  const period = `max(idle, interval) = ${Math.max(config.idle, config.interval)} s`;
  return {
    keepalive: [
      `count × interval = ${config.count} × ${config.interval} s`,
      `max(idle, interval) + count × interval = ${Math.max(config.idle, config.interval)} s + ${config.count} × ${config.interval} s`,
    ],
    'user-timeout': ['max(interval, user timeout − max(idle, interval))', 'max(user timeout, max(idle, interval)) + interval'],
    'next-probe': ['a probe right after the fault', `the next probe, within one probe period: ${period}`],
    immediate: ['at once', 'at once'],
    'zero-window': ['the user timeout', `the user timeout + ${ZERO_WINDOW_ALLOWANCE_MS / 1000} s for the window to close and the first zero-window probe`],
    retransmission: [
      'one RTO to the first retransmission + T = 200 ms × (2^(tcp_retries2 + 1) − 1)',
      'the first tick past T, before 2T + 2 × RTO, + one RTO and one write period to the first retransmission',
    ],
  };
}

function hzText({ hz, wire, config }: RunResult): string {
  const spacing = wire && wire.hzFromSpacing.length > 0 ? `; probe spacing fits HZ ${wire.hzFromSpacing.join(' or ')}` : '';
  if (hz.source === 'kernel-config') return `HZ ${hz.hz}, from the kernel config${spacing}`;
  if (hz.source === 'probe-spacing') {
    return hz.hz !== null
      ? `HZ ${hz.hz}, inferred from the ${config.interval} s probe spacing`
      : `HZ ${hz.candidates?.join(' or ')} from the probe spacing: the worst of them`;
  }
  return 'HZ unknown: the worst case of 100/250/300/1000';
}
