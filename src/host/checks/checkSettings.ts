/**
 * The settings of the check phase (`fanout.checks`, `fanout.checksEnabled`, `fanout.fixRounds`,
 * `fanout.checkTimeoutSeconds`, `fanout.checkConcurrency`), read from a settings reader that
 * `src/host/settings.ts` passes in. No `vscode` import: tests give it a map.
 *
 * Any settings level may set them: the commands of `fanout.checks` run only once the user approved
 * that exact list for the workspace, and only in a trusted workspace. A value outside its bounds is
 * brought inside them and reported in `problems`, never silently ignored.
 */
import { DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_FIX_ROUNDS } from '../../core/checks/checkTypes';

export interface CheckSettings {
  /** `fanout.checks`, trimmed, without empty entries; empty: detected from the project. */
  readonly commands: readonly string[];
  /** `fanout.checksEnabled`; false: runs have no check phase. */
  readonly enabled: boolean;
  readonly fixRounds: number;
  readonly timeoutMs: number;
  readonly concurrency: number;
}

/** The bounds the manifest declares, and what the code takes when a setting is unset. */
export const CHECK_LIMITS = {
  maxCommands: 20,
  maxCommandChars: 1000,
  fixRounds: { min: 0, max: 5, fallback: DEFAULT_FIX_ROUNDS },
  timeoutSeconds: { min: 10, max: 7200, fallback: DEFAULT_CHECK_TIMEOUT_MS / 1000 },
  concurrency: { min: 1, max: 8, fallback: 1 },
} as const;

export const DEFAULT_CHECK_SETTINGS: CheckSettings = {
  commands: [],
  enabled: true,
  fixRounds: CHECK_LIMITS.fixRounds.fallback,
  timeoutMs: CHECK_LIMITS.timeoutSeconds.fallback * 1000,
  concurrency: CHECK_LIMITS.concurrency.fallback,
};

/** What this file reads settings through: `get` of the `fanout` section (VS Code's `WorkspaceConfiguration`). */
export interface SettingReader {
  get<T>(key: string): T | undefined;
}

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly fallback: number;
}

function integerOf(c: SettingReader, key: string, bounds: Bounds, problems: string[]): number {
  const value = c.get<unknown>(key);
  if (value === undefined || value === null) return bounds.fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push(`fanout.${key}: ${JSON.stringify(value)} is not a number; ${bounds.fallback} is used.`);
    return bounds.fallback;
  }
  const used = Math.min(bounds.max, Math.max(bounds.min, Math.round(value)));
  if (used !== value) problems.push(`fanout.${key}: ${value} is not a whole number from ${bounds.min} to ${bounds.max}; ${used} is used.`);
  return used;
}

function commandsOf(c: SettingReader, problems: string[]): string[] {
  const value = c.get<unknown>('checks');
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push('fanout.checks: not a list of commands; checks are detected from the project instead.');
    return [];
  }
  const commands: string[] = [];
  for (const entry of value as readonly unknown[]) {
    if (typeof entry !== 'string') {
      problems.push(`fanout.checks: ${JSON.stringify(entry)} is not a command (a string); it is left out.`);
      continue;
    }
    const command = entry.trim();
    if (command === '') continue;
    if (command.length > CHECK_LIMITS.maxCommandChars) {
      problems.push(`fanout.checks: a command longer than ${CHECK_LIMITS.maxCommandChars} characters is left out.`);
      continue;
    }
    commands.push(command);
  }
  if (commands.length > CHECK_LIMITS.maxCommands) {
    problems.push(`fanout.checks: ${commands.length} commands; only the first ${CHECK_LIMITS.maxCommands} are used.`);
    return commands.slice(0, CHECK_LIMITS.maxCommands);
  }
  return commands;
}

/** The check settings; what could not be used as written goes to `problems`. */
export function readCheckSettings(c: SettingReader, problems: string[]): CheckSettings {
  const enabled = c.get<unknown>('checksEnabled');
  if (enabled !== undefined && enabled !== null && typeof enabled !== 'boolean') {
    problems.push(`fanout.checksEnabled: ${JSON.stringify(enabled)} is not true or false; true is used.`);
  }
  return {
    commands: commandsOf(c, problems),
    enabled: enabled !== false,
    fixRounds: integerOf(c, 'fixRounds', CHECK_LIMITS.fixRounds, problems),
    timeoutMs: integerOf(c, 'checkTimeoutSeconds', CHECK_LIMITS.timeoutSeconds, problems) * 1000,
    concurrency: integerOf(c, 'checkConcurrency', CHECK_LIMITS.concurrency, problems),
  };
}
