/** Command-line parsing for `fanout` (node dist/cli.js). */
import { parseArgs } from 'node:util';
import { EFFORT_SETTINGS, isEffortSetting } from '../core/defaults';
import type { EffortSetting, ModelRole } from '../core/model/requestShape';
import { ROUTES, type Route } from '../core/plan/plan';

export const USAGE = `Usage:
  node dist/cli.js plan "REQUEST" --workspace DIR [--pattern NAME] [--route trivial|moderate|complex] [--json]
  node dist/cli.js run  "REQUEST" --workspace DIR [--pattern NAME] [--route R] [--yes] [--out DIR] [--check CMD]... [--json]
  node dist/cli.js run  --plan PLAN.json --workspace DIR [--out DIR] [--json]
  node dist/cli.js run  --resume DIR [--workspace DIR] [--json]
  node dist/cli.js lint --plan PLAN.json --workspace DIR [--json]
  node dist/cli.js review --workspace DIR [--base BRANCH] [--roles "Security,QA & edge cases"] [--out DIR] [--json]
  node dist/cli.js research "QUESTION" --workspace DIR [--question Q2]... [--out DIR] [--json]

plan     routes the request (trivial | moderate | complex), plans it (complex only), lints the plan and
         estimates its cost; prints the plan with its findings (--json: {route, plan, findings, estimate, needsApproval})
run      runs a plan file, or plans REQUEST and runs it in one go: a plan with errors never runs,
         warnings are printed; a plan whose estimate is above the run's cost cap (or unknown: a model
         with no price) runs only with --yes
lint     checks a plan file: validation errors and lint warnings
review   reviews the current change without planning: the working tree against HEAD (git diff HEAD and the
         untracked files), or with --base BRANCH the branch's commits (git diff BRANCH...HEAD). One read-only
         reviewer per role of the review-roles pattern (or of --roles) reads the diff and reports findings,
         all in parallel on the validator model; one more call on that model merges them into ranked
         findings and a Markdown report, written to report.md in the run's folder and printed
         (--json: {runId, outDir, report, findings, agentFindings, synthesis, metrics}). Exit 0 when the run
         is done (findings are not failures), 1 when it failed, 2 when there is nothing to review
research answers questions about the code without changing it: one QUESTION is split by one call on the
         planner model into 2 to 6 focused sub-questions (2 to 6 questions, QUESTION and each --question, are
         asked as given, without that call). One read-only agent per question reads the code and reports what it
         found, all in parallel on the validator model; one more call on that model merges their findings
         into one Markdown report, written to report.md in the run's folder and printed (--json: {runId,
         outDir, report, findings, agentFindings, synthesis, metrics, questions, preparation}, preparation
         being the split's model, usage and cost, or null). No notes are written in the workspace. Exit 0
         when the run is done, 1 when it or the split failed, 2 on bad input (an empty or too long question,
         more than 6 questions)

Options:
  --workspace DIR        the project (never written: every change is staged)
  --plan FILE            a plan (JSON: {request, tasks: [{id, title, phase, role, instructions, owns, reads, dependsOn}]})
  --pattern NAME         plan after a pattern: feature-7, domain, review-roles, research, or one of the workspace's
  --route ROUTE          skip the classification: trivial (one agent, owns the files the request names),
                         moderate (one agent; the whole workspace when the request names no files), complex
  --yes                  run even when the estimate is above the cost cap or unknown (the cap still stops the run)
  --out DIR              where to write the run log (events.jsonl), blobs and one patch per task: a new or
                         empty folder (default: .fanout-runs/<run id> under the current directory)
  --resume DIR           continue a run that was interrupted (killed, crashed) in its folder: agents that finished
                         are not run again, agents at work continue from their last finished turn, staged files and
                         the spend so far are kept (--workspace defaults to the run's own)
  --json                 print machine-readable JSON on stdout (progress goes to stderr)
  --base BRANCH          review: the commits of HEAD since it left BRANCH (default: the working tree against HEAD)
  --roles LIST           review: comma-separated roles of the review-roles pattern (default: all of them):
                         Architecture & performance, Security, QA & edge cases, Frontend/UX, Deployment
  --question Q           research: one more question (repeatable); with QUESTION, or alone, up to 6 in all
  --model ID             model for contract and implement tasks (default claude-sonnet-5-5)
  --validator-model ID   model for validate tasks (default claude-sonnet-5-5)
  --router-model ID      model that classifies the request (default claude-haiku-5-5)
  --planner-model ID     model that plans complex requests and splits a research question (default claude-opus-5-5)
  --effort-router E      effort of the classification (default low); E is default (the model's own), low,
                         medium, high, xhigh or max
  --effort-planner E     effort of the planner (default: default, the model's own)
  --effort-agent E       effort of contract and implement agents (default medium)
  --effort-validator E   effort of validate agents (default medium)
  --fallback-model ID    retry a refused agent turn once on this model (default: none; a refusal ends the agent)
  --model-table FILE     model table JSON: {"model id": {contextWindow?, maxOutputTokens?, effortLevels?, defaultEffort?,
                         thinkingTypes?, thinkingDisplays?, structuredOutputs?, tokenizerFactor?, price?, …}} for models
                         Fanout does not know, or to change a field of a built-in one
  --max-concurrency N    agents calling the model at once (default 8)
  --max-cost USD         cost cap for one run, 0 for none (default 5)
  --prices FILE          price table JSON: {"model": {"input": 2, "output": 10}} in USD per million tokens;
                         optional: the current models have built-in prices (an entry here replaces one)
  --check CMD            a command that proves the result works (repeatable), e.g. --check "npm test": after the
                         agents finish it runs in a copy of the workspace with every staged change applied (never in
                         the workspace), without secrets in its environment; failures go back to the agents that
                         own the failing files. Replaces the checks Fanout detects (.fanout/checks.json, CLAUDE.md /
                         AGENTS.md, package.json scripts), which run only with --run-detected-checks
  --run-detected-checks  run the detected checks (they are printed either way)
  --fix-rounds N         fix-up rounds after failing checks, 0 to 5 (default 2)
  --check-timeout S      seconds one check may take before its process tree is killed (default 600)
  Exit code 1 when checks still fail after the fix-up rounds.

Environment:
  ANTHROPIC_API_KEY      the API key (required for plan, run, review and research)
  ANTHROPIC_BASE_URL     the Messages API endpoint (a proxy or gateway), when set`;

export interface CliArgs {
  readonly command: 'run' | 'lint' | 'plan' | 'review' | 'research' | 'help';
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

export class UsageError extends Error {}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      plan: { type: 'string' },
      workspace: { type: 'string' },
      out: { type: 'string' },
      resume: { type: 'string' },
      json: { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      pattern: { type: 'string' },
      route: { type: 'string' },
      model: { type: 'string' },
      'validator-model': { type: 'string' },
      'router-model': { type: 'string' },
      'planner-model': { type: 'string' },
      'max-concurrency': { type: 'string' },
      'max-cost': { type: 'string' },
      prices: { type: 'string' },
      'effort-router': { type: 'string' },
      'effort-planner': { type: 'string' },
      'effort-agent': { type: 'string' },
      'effort-validator': { type: 'string' },
      'fallback-model': { type: 'string' },
      'model-table': { type: 'string' },
      check: { type: 'string', multiple: true },
      'run-detected-checks': { type: 'boolean', default: false },
      'fix-rounds': { type: 'string' },
      'check-timeout': { type: 'string' },
      base: { type: 'string' },
      roles: { type: 'string' },
      question: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || command === undefined || command === 'help') {
    return { command: 'help', json: false, yes: false, effort: {}, checks: [], runDetectedChecks: false };
  }
  if (command !== 'run' && command !== 'lint' && command !== 'plan' && command !== 'review' && command !== 'research') {
    throw new UsageError(`Unknown command "${command}".`);
  }
  const words = positionals.slice(1);
  const request = words.length > 0 ? words.join(' ') : undefined;
  if (command === 'lint' && !values.plan) throw new UsageError('--plan is required.');
  if (command === 'lint' && request !== undefined) throw new UsageError(`lint takes no request; got "${request}".`);
  if (command === 'plan' && request === undefined) throw new UsageError('plan needs the feature request: plan "Add a --json flag to list" --workspace DIR');
  if (command === 'review') reviewUsage(values, request);
  if (command === 'research') researchUsage(values);
  if (command !== 'research' && values.question !== undefined) throw new UsageError('--question applies to research.');
  if (command !== 'review' && (values.base !== undefined || values.roles !== undefined)) throw new UsageError('--base and --roles apply to review.');
  if (command === 'plan' && values.plan) throw new UsageError('plan makes a plan from a request; to check a plan file use lint --plan.');
  if (values.resume !== undefined) {
    if (command !== 'run') throw new UsageError('--resume continues a run: run --resume DIR.');
    if (values.plan !== undefined || request !== undefined)
      throw new UsageError('run --resume continues the run in its folder; it takes no request and no --plan.');
    if (values.out !== undefined) throw new UsageError("run --resume writes to the run's own folder; leave out --out.");
  }
  if (command === 'run' && values.resume === undefined && !values.plan && request === undefined)
    throw new UsageError('run needs a request ("REQUEST") or --plan PLAN.json.');
  if (command === 'run' && values.plan && request !== undefined) throw new UsageError('run takes either a request or --plan, not both.');
  if (!values.workspace && values.resume === undefined) throw new UsageError('--workspace is required.');
  const fromFile = values.plan !== undefined;
  if (fromFile && (values.pattern !== undefined || values.route !== undefined)) {
    throw new UsageError('--pattern and --route apply to a request, not to --plan.');
  }
  if (values.route !== undefined && !ROUTES.includes(values.route as Route)) {
    throw new UsageError(`--route takes trivial, moderate or complex; got "${values.route}".`);
  }
  const effort: Partial<Record<ModelRole, EffortSetting>> = {};
  for (const role of ['router', 'planner', 'agent', 'validator'] as const) {
    const raw = values[`effort-${role}`];
    if (raw === undefined) continue;
    if (!isEffortSetting(raw)) throw new UsageError(`--effort-${role} takes ${EFFORT_SETTINGS.join(', ')}; got "${raw}".`);
    effort[role] = raw;
  }
  const checks = (values.check ?? []).map((c) => c.trim());
  if (checks.some((c) => c === '')) throw new UsageError('--check takes a command, e.g. --check "npm test".');
  if (checks.length > 0 && command !== 'run') throw new UsageError('--check applies to run.');
  return {
    command,
    effort,
    checks,
    runDetectedChecks: values['run-detected-checks'] ?? false,
    ...numberOption(values['fix-rounds'], '--fix-rounds', 'fixRounds', (n) => Number.isInteger(n) && n >= 0 && n <= 5, 'a whole number from 0 to 5'),
    ...numberOption(
      values['check-timeout'],
      '--check-timeout',
      'checkTimeoutSec',
      (n) => Number.isInteger(n) && n >= 1 && n <= 7200,
      'a whole number of seconds from 1 to 7200',
    ),
    json: values.json ?? false,
    yes: values.yes ?? false,
    workspace: values.workspace,
    ...(values.plan !== undefined ? { plan: values.plan } : {}),
    ...(request !== undefined ? { request } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(values.resume !== undefined ? { resume: values.resume } : {}),
    ...(values.pattern !== undefined ? { pattern: values.pattern } : {}),
    ...(values.route !== undefined ? { route: values.route as Route } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
    ...(values['validator-model'] !== undefined ? { validatorModel: values['validator-model'] } : {}),
    ...(values['router-model'] !== undefined ? { routerModel: values['router-model'] } : {}),
    ...(values['planner-model'] !== undefined ? { plannerModel: values['planner-model'] } : {}),
    ...numberOption(values['max-concurrency'], '--max-concurrency', 'maxConcurrency', (n) => Number.isInteger(n) && n >= 1, 'a whole number of 1 or more'),
    ...numberOption(values['max-cost'], '--max-cost', 'maxCostUsd', (n) => Number.isFinite(n) && n >= 0, 'a number of US dollars, 0 or more'),
    ...(values.prices !== undefined ? { prices: values.prices } : {}),
    ...(values['fallback-model'] !== undefined && values['fallback-model'].trim() !== '' ? { fallbackModel: values['fallback-model'].trim() } : {}),
    ...(values['model-table'] !== undefined ? { modelTable: values['model-table'] } : {}),
    ...(values.base !== undefined ? { base: values.base } : {}),
    ...(values.roles !== undefined ? { roles: values.roles.split(',').map((r) => r.trim()) } : {}),
    ...(command === 'research' ? { questions: [...(request !== undefined ? [request] : []), ...(values.question ?? [])] } : {}),
  };
}

/** What review does not take: a request, a plan, a pattern or route (its plan is the review roles), --resume. */
function reviewUsage(values: { readonly [flag: string]: unknown }, request: string | undefined): void {
  if (request !== undefined) throw new UsageError(`review takes no request (it reviews the change in git); got "${request}".`);
  for (const flag of ['plan', 'pattern', 'route', 'resume']) {
    if (values[flag] !== undefined) throw new UsageError(`review plans its own reviewers; --${flag} does not apply.`);
  }
  if (values.base !== undefined && (typeof values.base !== 'string' || values.base.trim() === '' || values.base.startsWith('-'))) {
    throw new UsageError('--base takes a branch or commit, e.g. --base main.');
  }
}

/** What research does not take: a plan, a pattern or route (its plan is one agent per question), --resume, --base, --roles. */
function researchUsage(values: { readonly [flag: string]: unknown }): void {
  for (const flag of ['plan', 'pattern', 'route', 'resume', 'base', 'roles']) {
    if (values[flag] !== undefined) throw new UsageError(`research plans its own agents, one per question; --${flag} does not apply.`);
  }
}

function numberOption<K extends string>(raw: string | undefined, flag: string, key: K, ok: (n: number) => boolean, what: string): Partial<Record<K, number>> {
  if (raw === undefined) return {};
  const n = Number(raw);
  if (raw.trim() === '' || !ok(n)) throw new UsageError(`${flag} takes ${what}.`);
  return { [key]: n } as Partial<Record<K, number>>;
}
