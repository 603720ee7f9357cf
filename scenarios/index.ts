// Scenarios by name. Adding one: a file beside this one that default-exports defineScenario({...}), and one line here.
import type { Scenario } from '../lab/scenario.ts';
import freezeClient from './freeze-client.ts';
import pauseClient from './pause-client.ts';

export const SCENARIOS: ReadonlyMap<string, Scenario> = new Map([pauseClient, freezeClient].map((scenario) => [scenario.name, scenario]));
