/** Command-line parsing for `fanout` (node dist/cli.js). */
import { parseArgs } from 'node:util';

export const USAGE = `Usage:
  node dist/cli.js run  --plan PLAN.json --workspace DIR [--out DIR] [--json]
  node dist/cli.js lint --plan PLAN.json --workspace DIR [--json]

Options:
  --plan FILE            a plan (JSON: {request, tasks: [{id, title, phase, role, instructions, owns, reads, dependsOn}]})
  --workspace DIR        the project the agents work on (never written: changes are staged)
  --out DIR              where to write the run log (events.jsonl), blobs and one patch per task
                         (default: .fanout-runs/<run id> under the current directory)
  --json                 print machine-readable JSON on stdout (progress goes to stderr)
  --model ID             model for contract and implement tasks
  --validator-model ID   model for validate tasks
  --max-concurrency N    agents calling the model at once (default 8)
  --prices FILE          price table JSON: {"model": {"input": 3, "output": 15}} in USD per million tokens

Environment:
  ANTHROPIC_API_KEY      the API key (required for run)
  ANTHROPIC_BASE_URL     the Messages API endpoint (a proxy or gateway), when set`;

export interface CliArgs {
  readonly command: 'run' | 'lint' | 'help';
  readonly plan?: string;
  readonly workspace?: string;
  readonly out?: string;
  readonly json: boolean;
  readonly model?: string;
  readonly validatorModel?: string;
  readonly maxConcurrency?: number;
  readonly prices?: string;
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
      json: { type: 'boolean', default: false },
      model: { type: 'string' },
      'validator-model': { type: 'string' },
      'max-concurrency': { type: 'string' },
      prices: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || command === undefined || command === 'help') {
    return { command: 'help', json: false };
  }
  if (command !== 'run' && command !== 'lint') {
    throw new UsageError(`Unknown command "${command}".`);
  }
  if (!values.plan) throw new UsageError('--plan is required.');
  if (!values.workspace) throw new UsageError('--workspace is required.');
  let maxConcurrency: number | undefined;
  if (values['max-concurrency'] !== undefined) {
    maxConcurrency = Number(values['max-concurrency']);
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) throw new UsageError('--max-concurrency takes a whole number of 1 or more.');
  }
  return {
    command,
    plan: values.plan,
    workspace: values.workspace,
    json: values.json ?? false,
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
    ...(values['validator-model'] !== undefined ? { validatorModel: values['validator-model'] } : {}),
    ...(maxConcurrency !== undefined ? { maxConcurrency } : {}),
    ...(values.prices !== undefined ? { prices: values.prices } : {}),
  };
}
