// keepalive-lab as a library: run scenarios (against the lab's agent or any server profile, with an application's client), define new ones,
// inspect faults and the timing model, read and summarise results. Assertions for vitest: keepalive-lab/vitest.
export { OBSERVE_MODES, type ObserveMode, runScenario, type RunOptions } from './run-scenario.ts';
export type { Fact, SourceName } from './observe/facts.ts';
export type { ObservedKeepalive } from './observe/observed-keepalive.ts';
export type { RunResult } from './run/result.ts';
export type { TimelineEntry } from './observe/timeline.ts';
export {
  defineScenario,
  type Expectation,
  type FaultScenario,
  type MiddleboxScenario,
  NAT_MODES,
  type NatMode,
  PROXY_KEEPALIVE_SIDES,
  type ProxyScenario,
  type Scenario,
} from './scenario.ts';
export type { MiddleboxChoice } from './middlebox/plan.ts';
export { isMiddleboxResult, type MiddleboxResult } from './middlebox/result.ts';
export { isProxyResult, type ProxyResult } from './proxy/result.ts';
export { SCENARIOS, scenario, type ScenarioName } from './catalogue/index.ts';
export { FAULTS } from './faults/index.ts';
export type { Fault, FaultTarget, InjectedFault } from './faults/fault.ts';
export { type KeepaliveConfig, parseKeepaliveConfig, KERNEL_LIMITS } from './config/keepalive-config.ts';
export { expectedKeepaliveWindow } from './model/keepalive-window.ts';
export type { ExpectedWindow } from './model/window.ts';
export type { Ending, Mechanism } from './mechanism.ts';
export { ENDING_RULES } from './endings/index.ts';
export type { EndingRule } from './endings/rule.ts';
export { renderMarkdown } from './report/markdown.ts';
export { removeOrphans, removeRun } from './runtime/cleanup.ts';
export { LabError, UsageError, EnvironmentError } from './errors.ts';
export { renderSummaryMarkdown, type SummaryRow } from './report/summary-markdown.ts';
export { describeRun } from './report/run-sentence.ts';
export { readResults } from './report/read-results.ts';
export { CAPABILITIES, type Capability } from './capabilities.ts';
export { capabilitiesOf } from './scenario-capabilities.ts';
export { findServer, builtInServers, BUILT_IN_SERVERS } from './servers/index.ts';
export { loadProfile, profileFromText } from './servers/profile-file.ts';
export type { ServerProfile, Setting } from './servers/server-profile.ts';
export { findClient, builtInClients, BUILT_IN_CLIENTS } from './clients/index.ts';
export { loadClientProfile, clientFromText } from './clients/client-file.ts';
export type { ClientProfile } from './clients/client-profile.ts';
export type { ApplicationSummary } from './run/application-summary.ts';
export { runResultSchema } from './report/read-results.ts';
export { writeReport } from './report/write-report.ts';
