/**
 * `research`: questions about the codebase answered by read-only agents side by side, headless. One
 * question is split by one model call into 2 to 6 focused sub-questions (several questions are asked
 * as given); each gets its own agent, which reads the code and reports what it found; the run's
 * synthesis merges their findings into one Markdown report, written to report.md in the run's folder
 * and printed. The workspace is only read: no notes files anywhere.
 */
import { resolve } from 'node:path';
import { StructuredCallError } from '../core/planning/errors';
import { prepareResearch, type ResearchRun } from '../core/research/prepareResearch';
import { researchQuestions } from '../core/research/researchInput';
import { researchTaskId } from '../core/research/researchTypes';
import type { CliArgs } from './args';
import { apiClient, CliError, runSettings } from './common';
import { claimOutDir } from './outDir';
import { runReadOnly } from './readOnlyCommand';

/** Exits 0 when the run is done, 1 when it or the split failed, 2 on bad input (nothing paid for). */
export async function researchCommand(args: CliArgs): Promise<number> {
  const settings = runSettings(args);
  // Checked before the key and the folder, so bad input exits 2 having touched nothing.
  const questions = researchQuestions(args.questions ?? []);
  const client = apiClient();
  // Refused before the split, which is paid for.
  if (args.out !== undefined) claimOutDir(resolve(args.out));
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  if (questions.length === 1) process.stderr.write(`Splitting the question on ${settings.modelTable.resolve(settings.models.planner).id}…\n`);
  let run: ResearchRun;
  try {
    run = await prepareResearch({
      workspaceRoot: settings.workspaceRoot,
      questions,
      signal: controller.signal,
      split: { client, modelTable: settings.modelTable, prices: settings.prices, model: settings.models.planner, effort: settings.effort.planner },
    });
  } catch (error) {
    // The model or the API failed (its words say what to do); the input was fine.
    if (error instanceof StructuredCallError) throw new CliError(error.message, 1);
    throw error;
  }
  for (const task of run.plan.tasks) process.stderr.write(`${task.id}: ${task.title}\n`);
  return runReadOnly(args, settings, client, run, controller, {
    questions: run.questions.map((q, i) => ({ id: researchTaskId(i + 1), title: q.title, question: q.question })),
    preparation: run.preparation ?? null,
  });
}
