/**
 * Every option `fanout` knows: its kind, the placeholder its value has in the help, and its help
 * text. Which command takes which option is in commands.ts; the help is laid out by help.ts.
 */

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** Repeatable (`--check CMD --check CMD2`). */
  readonly multiple?: boolean;
  /** The value's placeholder in the help (string options). */
  readonly value?: string;
  /** One short letter that means the same (`-h`). */
  readonly short?: string;
  /** Help text; each `\n` starts a new help line. */
  readonly help: string;
}

export const OPTIONS = {
  workspace: { type: 'string', value: 'DIR', help: 'the project (never written: every change is staged)' },
  plan: { type: 'string', value: 'FILE', help: 'a plan (JSON: {request, tasks: [{id, title, phase, role, instructions, owns, reads, dependsOn}]})' },
  pattern: { type: 'string', value: 'NAME', help: "plan after a pattern: feature-7, domain, review-roles, research, or one of the workspace's" },
  route: {
    type: 'string',
    value: 'ROUTE',
    help: 'skip the classification: trivial (one agent, owns the files the request names),\nmoderate (one agent; the whole workspace when the request names no files), complex',
  },
  yes: { type: 'boolean', help: 'run even when the estimate is above the cost cap or unknown (the cap still stops the run)' },
  out: {
    type: 'string',
    value: 'DIR',
    help: 'where to write the run log (events.jsonl), blobs and one patch per task: a new or\nempty folder (default: .fanout-runs/<run id> under the current directory)',
  },
  resume: {
    type: 'string',
    value: 'DIR',
    help:
      'continue a run that was interrupted (killed, crashed) in its folder: agents that finished\n' +
      'are not run again, agents at work continue from their last finished turn, staged files and\n' +
      "the spend so far are kept (--workspace defaults to the run's own)",
  },
  json: {
    type: 'boolean',
    help:
      'machine-readable output on stdout (progress goes to stderr): plan and lint print one JSON\n' +
      'document; run, review and research print every run event as one JSON line as it happens,\n' +
      'then {"type":"summary", …} as the last line',
  },
  base: { type: 'string', value: 'BRANCH', help: 'review: the commits of HEAD since it left BRANCH (default: the working tree against HEAD)' },
  roles: {
    type: 'string',
    value: 'LIST',
    help: 'review: comma-separated roles of the review-roles pattern (default: all of them):\nArchitecture & performance, Security, QA & edge cases, Frontend/UX, Deployment',
  },
  question: { type: 'string', multiple: true, value: 'Q', help: 'research: one more question (repeatable); with QUESTION, or alone, up to 6 in all' },
  model: { type: 'string', value: 'ID', help: 'model for contract and implement tasks (default claude-sonnet-5-5)' },
  'validator-model': {
    type: 'string',
    value: 'ID',
    help: 'model for validate tasks, reviewers, research agents and the synthesis (default claude-sonnet-5-5)',
  },
  'router-model': { type: 'string', value: 'ID', help: 'model that classifies the request (default claude-haiku-5-5)' },
  'planner-model': { type: 'string', value: 'ID', help: 'model that plans complex requests and splits a research question (default claude-opus-5-5)' },
  'effort-router': {
    type: 'string',
    value: 'E',
    help: "effort of the classification (default low); E is default (the model's own), low,\nmedium, high, xhigh or max",
  },
  'effort-planner': { type: 'string', value: 'E', help: "effort of the planner (default: default, the model's own)" },
  'effort-agent': { type: 'string', value: 'E', help: 'effort of contract and implement agents (default medium)' },
  'effort-validator': { type: 'string', value: 'E', help: 'effort of validate agents (default medium)' },
  'fallback-model': { type: 'string', value: 'ID', help: 'retry a refused agent turn once on this model (default: none; a refusal ends the agent)' },
  'model-table': {
    type: 'string',
    value: 'FILE',
    help:
      'model table JSON: {"model id": {contextWindow?, maxOutputTokens?, effortLevels?, defaultEffort?,\n' +
      'thinkingTypes?, thinkingDisplays?, structuredOutputs?, tokenizerFactor?, price?, …}} for models\n' +
      'Fanout does not know, or to change a field of a built-in one',
  },
  'max-concurrency': { type: 'string', value: 'N', help: 'agents calling the model at once (default 8)' },
  'max-cost': { type: 'string', value: 'USD', help: 'cost cap for one run, 0 for none (default 5)' },
  prices: {
    type: 'string',
    value: 'FILE',
    help: 'price table JSON: {"model": {"input": 2, "output": 10}} in USD per million tokens;\noptional: the current models have built-in prices (an entry here replaces one)',
  },
  check: {
    type: 'string',
    multiple: true,
    value: 'CMD',
    help:
      'a command that proves the result works (repeatable), e.g. --check "npm test": after the\n' +
      'agents finish it runs in a copy of the workspace with every staged change applied (never in\n' +
      'the workspace), without secrets in its environment; failures go back to the agents that\n' +
      'own the failing files. Replaces the checks Fanout detects (.fanout/checks.json, CLAUDE.md /\n' +
      'AGENTS.md, package.json scripts), which run only with --run-detected-checks',
  },
  'run-detected-checks': { type: 'boolean', help: 'run the detected checks (they are printed either way)' },
  'fix-rounds': { type: 'string', value: 'N', help: 'fix-up rounds after failing checks, 0 to 5 (default 2)' },
  'check-timeout': { type: 'string', value: 'S', help: 'seconds one check may take before its process tree is killed (default 600)' },
  help: { type: 'boolean', short: 'h', help: 'print the help (of one command: fanout COMMAND --help) and exit' },
  version: { type: 'boolean', help: "print fanout's version and exit" },
} as const satisfies Readonly<Record<string, OptionSpec>>;

export type OptionName = keyof typeof OPTIONS;

export function isOptionName(name: string): name is OptionName {
  return Object.hasOwn(OPTIONS, name);
}

/** The long name of a short option (`h` -> `help`), if there is one. */
export function optionOfShort(letter: string): OptionName | undefined {
  for (const [name, spec] of Object.entries(OPTIONS) as [OptionName, OptionSpec][]) if (spec.short === letter) return name;
  return undefined;
}

/** Options that apply to every command. */
export const GLOBAL_OPTIONS: readonly OptionName[] = ['help', 'version'];

/** What a command that calls the model or runs agents takes: models, effort, caps, prices. */
export const SETTINGS_OPTIONS: readonly OptionName[] = [
  'model',
  'validator-model',
  'router-model',
  'planner-model',
  'effort-router',
  'effort-planner',
  'effort-agent',
  'effort-validator',
  'fallback-model',
  'model-table',
  'max-concurrency',
  'max-cost',
  'prices',
];
