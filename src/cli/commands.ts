/**
 * `fanout`'s commands: how each is called, what it does, and the options it takes. The parser
 * refuses an option a command does not take (args.ts); the help prints these (help.ts).
 */
import { GLOBAL_OPTIONS, SETTINGS_OPTIONS, type OptionName } from './options';

export interface CommandSpec {
  /** How it is called, after `fanout `. */
  readonly synopsis: readonly string[];
  /** What it does, for the help; each `\n` starts a new line. */
  readonly about: string;
  /** The options it takes, in help order (the global ones come on top). */
  readonly options: readonly OptionName[];
  /** Options of other commands that do not apply here for one reason (said in the refusal). */
  readonly refuses?: { readonly options: readonly OptionName[]; readonly why: string };
}

/** In help order. */
export const COMMAND_NAMES = ['plan', 'run', 'lint', 'review', 'research'] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

export const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  plan: {
    synopsis: ['plan "REQUEST" --workspace DIR [--pattern NAME] [--route trivial|moderate|complex] [--json]'],
    about:
      'routes the request (trivial | moderate | complex), plans it (complex only), lints the plan and\n' +
      'estimates its cost; prints the plan with its findings (--json: {route, plan, findings, estimate, needsApproval}).\n' +
      'Exit 0 with a plan that can run, 1 when it has errors or planning failed, 2 on bad input',
    options: ['workspace', 'pattern', 'route', 'json', ...SETTINGS_OPTIONS],
  },
  run: {
    synopsis: [
      'run "REQUEST" --workspace DIR [--pattern NAME] [--route R] [--yes] [--out DIR] [--check CMD]... [--json]',
      'run --plan PLAN.json --workspace DIR [--out DIR] [--check CMD]... [--json]',
      'run --resume DIR [--workspace DIR] [--json]',
    ],
    about:
      'runs a plan file, or plans REQUEST and runs it in one go: a plan with errors never runs,\n' +
      "warnings are printed; a plan whose estimate is above the run's cost cap (or unknown: a model\n" +
      'with no price) runs only with --yes. On a terminal it shows one live line per agent (status,\n' +
      'current tool, tokens, cost) and a footer. Exit 0 when every agent finished and the checks pass,\n' +
      '1 when the run did not finish cleanly or checks still fail after the fix-up rounds, 2 on bad input',
    options: [
      'workspace',
      'plan',
      'pattern',
      'route',
      'yes',
      'out',
      'resume',
      'json',
      'check',
      'run-detected-checks',
      'fix-rounds',
      'check-timeout',
      ...SETTINGS_OPTIONS,
    ],
  },
  lint: {
    synopsis: ['lint --plan PLAN.json --workspace DIR [--json]'],
    about: 'checks a plan file: validation errors and lint warnings. Exit 1 when the plan has errors, 2 on bad input',
    options: ['plan', 'workspace', 'json', 'model', 'validator-model', 'model-table', 'max-concurrency', 'max-cost', 'prices'],
    refuses: {
      options: ['router-model', 'planner-model', 'effort-router', 'effort-planner', 'effort-agent', 'effort-validator', 'fallback-model'],
      why: 'it reads a plan file and calls no model',
    },
  },
  review: {
    synopsis: ['review --workspace DIR [--base BRANCH] [--roles "Security,QA & edge cases"] [--out DIR] [--json]'],
    about:
      'reviews the current change without planning: the working tree against HEAD (git diff HEAD and the\n' +
      "untracked files), or with --base BRANCH the branch's commits (git diff BRANCH...HEAD). One read-only\n" +
      'reviewer per role of the review-roles pattern (or of --roles) reads the diff and reports findings,\n' +
      'all in parallel on the validator model; one more call on that model merges them into ranked\n' +
      "findings and a Markdown report, written to report.md in the run's folder and printed\n" +
      '(--json summary: {runId, outDir, report, findings, agentFindings, synthesis, metrics}). Exit 0 when the run\n' +
      'is done (findings are not failures), 1 when it failed, 2 when there is nothing to review',
    options: ['workspace', 'base', 'roles', 'out', 'json', ...SETTINGS_OPTIONS],
    refuses: { options: ['plan', 'pattern', 'route', 'resume'], why: 'it plans its own reviewers' },
  },
  research: {
    synopsis: ['research "QUESTION" --workspace DIR [--question Q2]... [--out DIR] [--json]'],
    about:
      'answers questions about the code without changing it: one QUESTION is split by one call on the\n' +
      'planner model into 2 to 6 focused sub-questions (2 to 6 questions, QUESTION and each --question, are\n' +
      'asked as given, without that call). One read-only agent per question reads the code and reports what it\n' +
      'found, all in parallel on the validator model; one more call on that model merges their findings\n' +
      "into one Markdown report, written to report.md in the run's folder and printed (--json summary: {runId,\n" +
      'outDir, report, findings, agentFindings, synthesis, metrics, questions, preparation}, preparation\n' +
      "being the split's model, usage and cost, or null). No notes are written in the workspace. Exit 0\n" +
      'when the run is done, 1 when it or the split failed, 2 on bad input (an empty or too long question,\n' +
      'more than 6 questions)',
    options: ['workspace', 'question', 'out', 'json', ...SETTINGS_OPTIONS],
    refuses: { options: ['plan', 'pattern', 'route', 'resume'], why: 'it plans its own agents, one per question' },
  },
};

export function isCommandName(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}

export function takesOption(command: CommandName, option: OptionName): boolean {
  return GLOBAL_OPTIONS.includes(option) || COMMANDS[command].options.includes(option);
}

/** Why a command does not take an option: its own reason, or the commands that do take it. */
export function refusalReason(command: CommandName, option: OptionName): string {
  const refuses = COMMANDS[command].refuses;
  if (refuses?.options.includes(option)) return `: ${refuses.why}`;
  const owners = COMMAND_NAMES.filter((name) => COMMANDS[name].options.includes(option));
  return owners.length > 0 ? ` (it is an option of ${owners.join(', ')})` : '';
}
