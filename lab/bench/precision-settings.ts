// The settings the precision benchmark runs by default, and how a setting is named (kept apart from the benchmark,
// so the command line can show them in its help without loading a run).
import type { KeepaliveConfig } from '../config/keepalive-config.ts';

export type Settings = Pick<KeepaliveConfig, 'idleS' | 'intervalS' | 'count'>;

const DEFAULT_SETTINGS: Settings[] = [
  { idleS: 1, intervalS: 1, count: 3 },
  { idleS: 1, intervalS: 3, count: 10 },
  { idleS: 2, intervalS: 1, count: 4 },
];

export const settingsName = (s: Settings) => `${s.idleS}/${s.intervalS}/${s.count}`;

export const DEFAULT_SETTINGS_TEXT = DEFAULT_SETTINGS.map(settingsName).join(',');
