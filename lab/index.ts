// keepalive-lab as a library: run scenarios, define new ones, inspect faults and the timing model.
export { runScenario, type RunOptions, type RunResult, type TimelineEntry } from './run-scenario.ts';
export { defineScenario, type Expectation, type Scenario } from './scenario.ts';
export { SCENARIOS } from '../scenarios/index.ts';
export { FAULTS } from './faults/index.ts';
export type { Fault, FaultTarget, InjectedFault } from './faults/fault.ts';
export { type KeepaliveConfig, parseKeepaliveConfig, KERNEL_LIMITS } from './config/keepalive-config.ts';
export { expectedKeepaliveWindow, type ExpectedWindow } from './model/keepalive-window.ts';
export { renderMarkdown } from './report/markdown.ts';
export { removeOrphans, removeRun } from './runtime/cleanup.ts';
export { LabError, UsageError, EnvironmentError } from './errors.ts';
export { renderSummaryMarkdown, type SummaryRow } from './report/summary-markdown.ts';
export { describeRun } from './report/run-sentence.ts';
export { readResults } from './report/read-results.ts';
export { CAPABILITIES, type Capability } from './capabilities.ts';
export { capabilitiesOf } from './scenario-capabilities.ts';
