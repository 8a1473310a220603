/**
 * Command-line parsing for `fanout` (node dist/cli.js): the command, its options and its words, each
 * checked against what the command takes. Anything wrong is a `UsageError` naming the command, which
 * the entry prints as one line pointing at that command's help, and exits 2.
 */
import { EFFORT_SETTINGS, isEffortSetting } from '../core/defaults';
import type { EffortSetting, ModelRole } from '../core/model/requestShape';
import { ROUTES, type Route } from '../core/plan/plan';
import { scanArgv, type OptionToken } from './argv';
import { COMMAND_NAMES, isCommandName, refusalReason, takesOption, type CommandName } from './commands';
import { isOptionName, OPTIONS, optionOfShort, type OptionName } from './options';

export interface CliArgs {
  /** `help`: print the help (of `helpTopic`, when given); `version`: print the version. */
  readonly command: CommandName | 'help' | 'version';
  /** The command whose help to print (`fanout run --help`, `fanout help run`). */
  readonly helpTopic?: CommandName;
  readonly plan?: string;
  /** The feature request (plan, and run without --plan). */
  readonly request?: string;
  readonly workspace?: string;
  readonly out?: string;
  /** The folder of an interrupted run to continue (run only). */
  readonly resume?: string;
  readonly json: boolean;
  readonly yes: boolean;
  readonly pattern?: string;
  readonly route?: Route;
  readonly model?: string;
  readonly validatorModel?: string;
  readonly routerModel?: string;
  readonly plannerModel?: string;
  readonly maxConcurrency?: number;
  readonly maxCostUsd?: number;
  readonly prices?: string;
  /** Effort per role given on the command line (the rest keep their defaults). */
  readonly effort: Partial<Record<ModelRole, EffortSetting>>;
  readonly fallbackModel?: string;
  readonly modelTable?: string;
  /** `--check CMD`, in order (they replace detection). */
  readonly checks: readonly string[];
  readonly runDetectedChecks: boolean;
  readonly fixRounds?: number;
  readonly checkTimeoutSec?: number;
  /** review: the branch or commit the change is measured from (absent: the working tree against HEAD). */
  readonly base?: string;
  /** review: the role names `--roles` gave, in order (absent: every role of the pattern). */
  readonly roles?: readonly string[];
  /** research: the question given as words, then each `--question`, in order, untrimmed (checked by the command). */
  readonly questions?: readonly string[];
}

/** A command line that cannot be run as written. `command`: the command it was for, when known (its help is the pointer). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: CommandName,
  ) {
    super(message);
  }
}

/** The one line a usage error prints: what is wrong and which help to read. */
export function usageErrorLine(error: UsageError): string {
  const message = error.message.replace(/\s*\n\s*/g, ' ').trim();
  const sentence = /[.?!]$/.test(message) ? message : `${message}.`;
  return `fanout: ${sentence} Run "fanout${error.command !== undefined ? ` ${error.command}` : ''} --help".`;
}

const NO_ARGS = { json: false, yes: false, effort: {}, checks: [], runDetectedChecks: false } as const;

/** The options given, by name: `true` for a flag, the value, or the values of a repeatable option. */
type Values = Readonly<Partial<Record<OptionName, true | string | readonly string[]>>>;

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const scanned = scanArgv(argv, {
    takesValue: (name) => isOptionName(name) && OPTIONS[name].type === 'string',
    longOf: (letter) => optionOfShort(letter),
  });
  const asked = (name: OptionName) => scanned.options.some((o) => o.name === name);
  const [word, ...words] = scanned.positionals;
  if (asked('version')) return { command: 'version', ...NO_ARGS };
  if (word === undefined) {
    const first = scanned.options[0];
    if (first === undefined || asked('help')) return { command: 'help', ...NO_ARGS };
    if (!isOptionName(first.name)) throw new UsageError(`unknown option ${first.flag}`);
    throw new UsageError(`no command given; ${first.flag} goes with one of ${COMMAND_NAMES.join(', ')}`);
  }
  if (word === 'help') {
    const topic = words[0];
    if (topic === undefined) return { command: 'help', ...NO_ARGS };
    if (!isCommandName(topic)) throw new UsageError(`unknown command "${topic}"`);
    return { command: 'help', helpTopic: topic, ...NO_ARGS };
  }
  if (!isCommandName(word)) throw new UsageError(`unknown command "${word}"`);
  const command = word;
  if (asked('help')) return { command: 'help', helpTopic: command, ...NO_ARGS };
  try {
    return argsOf(command, optionValues(command, scanned.options), words);
  } catch (error) {
    if (error instanceof UsageError && error.command === undefined) throw new UsageError(error.message, command);
    throw error;
  }
}

/** Each option checked against the command: known, taken by it, with a value when it needs one, given once. */
function optionValues(command: CommandName, tokens: readonly OptionToken[]): Values {
  const values: Partial<Record<OptionName, true | string | readonly string[]>> = {};
  for (const token of tokens) {
    const { name, flag } = token;
    if (!isOptionName(name)) throw new UsageError(`unknown option ${flag} for "${command}"`);
    if (!takesOption(command, name)) throw new UsageError(`--${name} does not apply to "${command}"${refusalReason(command, name)}`);
    const spec = OPTIONS[name];
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`--${name} takes no value; got "${token.value}"`);
      values[name] = true;
      continue;
    }
    if (token.value === undefined) throw new UsageError(`--${name} needs a value: --${name} ${spec.value}`);
    const seen = values[name];
    if ('multiple' in spec && spec.multiple) values[name] = [...(typeof seen === 'object' ? seen : []), token.value];
    else if (seen !== undefined) throw new UsageError(`--${name} is given more than once`);
    else values[name] = token.value;
  }
  return values;
}

function text(values: Values, name: OptionName): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function list(values: Values, name: OptionName): readonly string[] | undefined {
  const value = values[name];
  return typeof value === 'object' ? value : undefined;
}

function argsOf(command: CommandName, values: Values, words: readonly string[]): CliArgs {
  const request = words.length > 0 ? words.join(' ') : undefined;
  const plan = text(values, 'plan');
  const resume = text(values, 'resume');
  const workspace = text(values, 'workspace');
  const route = text(values, 'route');
  const pattern = text(values, 'pattern');
  if (command === 'lint' && plan === undefined) throw new UsageError('--plan is required.');
  if (command === 'lint' && request !== undefined) throw new UsageError(`lint takes no request; got "${request}".`);
  if (command === 'plan' && request === undefined) throw new UsageError('plan needs the feature request: plan "Add a --json flag to list" --workspace DIR');
  if (command === 'review' && request !== undefined) throw new UsageError(`review takes no request (it reviews the change in git); got "${request}".`);
  const base = text(values, 'base');
  if (base !== undefined && (base.trim() === '' || base.startsWith('-'))) throw new UsageError('--base takes a branch or commit, e.g. --base main.');
  if (resume !== undefined) {
    if (plan !== undefined || request !== undefined) throw new UsageError('run --resume continues the run in its folder; it takes no request and no --plan.');
    if (values.out !== undefined) throw new UsageError("run --resume writes to the run's own folder; leave out --out.");
  }
  if (command === 'run' && resume === undefined && plan === undefined && request === undefined)
    throw new UsageError('run needs a request ("REQUEST") or --plan PLAN.json.');
  if (command === 'run' && plan !== undefined && request !== undefined) throw new UsageError('run takes either a request or --plan, not both.');
  if (workspace === undefined && resume === undefined) throw new UsageError('--workspace is required.');
  if (plan !== undefined && (pattern !== undefined || route !== undefined)) throw new UsageError('--pattern and --route apply to a request, not to --plan.');
  if (route !== undefined && !(ROUTES as readonly string[]).includes(route))
    throw new UsageError(`--route takes trivial, moderate or complex; got "${route}".`);
  const effort: Partial<Record<ModelRole, EffortSetting>> = {};
  for (const role of ['router', 'planner', 'agent', 'validator'] as const) {
    const raw = text(values, `effort-${role}`);
    if (raw === undefined) continue;
    if (!isEffortSetting(raw)) throw new UsageError(`--effort-${role} takes ${EFFORT_SETTINGS.join(', ')}; got "${raw}".`);
    effort[role] = raw;
  }
  const checks = (list(values, 'check') ?? []).map((c) => c.trim());
  if (checks.some((c) => c === '')) throw new UsageError('--check takes a command, e.g. --check "npm test".');
  const fallback = text(values, 'fallback-model')?.trim();
  const roles = text(values, 'roles');
  const optional = <K extends keyof CliArgs>(key: K, value: CliArgs[K] | undefined): Partial<Pick<CliArgs, K>> =>
    value !== undefined ? ({ [key]: value } as Partial<Pick<CliArgs, K>>) : {};
  return {
    command,
    effort,
    checks,
    runDetectedChecks: values['run-detected-checks'] === true,
    json: values.json === true,
    yes: values.yes === true,
    workspace,
    ...optional('plan', plan),
    ...optional('request', request),
    ...optional('out', text(values, 'out')),
    ...optional('resume', resume),
    ...optional('pattern', pattern),
    ...optional('route', route as Route | undefined),
    ...optional('model', text(values, 'model')),
    ...optional('validatorModel', text(values, 'validator-model')),
    ...optional('routerModel', text(values, 'router-model')),
    ...optional('plannerModel', text(values, 'planner-model')),
    ...optional('prices', text(values, 'prices')),
    ...optional('fallbackModel', fallback !== '' ? fallback : undefined),
    ...optional('modelTable', text(values, 'model-table')),
    ...optional('base', base),
    ...optional(
      'roles',
      roles?.split(',').map((r) => r.trim()),
    ),
    ...optional('questions', command === 'research' ? [...(request !== undefined ? [request] : []), ...(list(values, 'question') ?? [])] : undefined),
    ...numberOption(values, 'fix-rounds', 'fixRounds', (n) => Number.isInteger(n) && n >= 0 && n <= 5, 'a whole number from 0 to 5'),
    ...numberOption(values, 'check-timeout', 'checkTimeoutSec', (n) => Number.isInteger(n) && n >= 1 && n <= 7200, 'a whole number of seconds from 1 to 7200'),
    ...numberOption(values, 'max-concurrency', 'maxConcurrency', (n) => Number.isInteger(n) && n >= 1, 'a whole number of 1 or more'),
    ...numberOption(values, 'max-cost', 'maxCostUsd', (n) => Number.isFinite(n) && n >= 0, 'a number of US dollars, 0 or more'),
  };
}

function numberOption<K extends keyof CliArgs>(values: Values, flag: OptionName, key: K, ok: (n: number) => boolean, what: string): Partial<Record<K, number>> {
  const raw = text(values, flag);
  if (raw === undefined) return {};
  const n = Number(raw);
  if (raw.trim() === '' || !ok(n)) throw new UsageError(`--${flag} takes ${what}; got "${raw}".`);
  return { [key]: n } as Partial<Record<K, number>>;
}
