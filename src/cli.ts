/**
 * Fanout's headless entry, the `fanout` command (dist/cli.js): plan a request, lint a plan, run one
 * (from a file, planned from a request in one go, or resumed after an interruption) against the
 * Messages API, writing the run log and one patch per task; review the current change (`review`) or
 * answer questions about the code (`research`). The workspace is only read; every change stays
 * staged in the run's folder.
 *
 * Exit codes: 0 done, 1 the work failed, 2 the input is wrong (a usage error prints one line naming
 * what is wrong and the help to read), 70 a fault in Fanout itself.
 */
import { ResearchInputError } from './core/research/researchError';
import { ReviewInputError } from './core/review/reviewError';
import { PlanValidationError } from './core/run/engine';
import { parseCliArgs, UsageError, usageErrorLine } from './cli/args';
import { CliError } from './cli/common';
import { commandUsage, usage } from './cli/help';
import { lintCommand } from './cli/lintCommand';
import { planCommand } from './cli/planCommand';
import { researchCommand } from './cli/researchCommand';
import { reviewCommand } from './cli/reviewCommand';
import { runCommand } from './cli/runCommand';
import { VERSION } from './cli/version';

async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    switch (args.command) {
      case 'help':
        process.stdout.write(`${args.helpTopic !== undefined ? commandUsage(args.helpTopic) : usage()}\n`);
        return 0;
      case 'version':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case 'lint':
        return lintCommand(args);
      case 'plan':
        return await planCommand(args);
      case 'run':
        return await runCommand(args);
      case 'review':
        return await reviewCommand(args);
      case 'research':
        return await researchCommand(args);
    }
  } catch (error) {
    return reportError(error);
  }
}

/** Says what went wrong on stderr and gives the exit code: a stack trace only for a fault in Fanout itself. */
function reportError(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`${usageErrorLine(error)}\n`);
    return 2;
  }
  if (error instanceof ReviewInputError || error instanceof ResearchInputError) {
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (error instanceof CliError) {
    process.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof PlanValidationError) {
    process.stderr.write('The plan has errors; nothing ran:\n');
    for (const f of error.findings) process.stderr.write(`  ${f.severity} ${f.code}: ${f.message}\n`);
    return 2;
  }
  process.stderr.write(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 70;
}

// A reader that stops early (`fanout run … --json | head -1`) is not an error of the run's.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
