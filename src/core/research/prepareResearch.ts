/**
 * A research question made ready to run: the questions checked (nothing is paid for bad input),
 * one question split into 2 to 6 sub-questions by one model call (several questions are asked as
 * given, with no call), one read-only agent per question, and the shared context headed by the
 * research. Throws `ResearchInputError` for input to fix, `StructuredCallError` when the split fails.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { statSync } from 'node:fs';
import type { ModelTable } from '../model/modelTable';
import type { EffortSetting } from '../model/requestShape';
import { asValidated, checkPlan } from '../plan/planCheck';
import { projectContext } from '../planning/projectContext';
import type { ReadOnlyRun } from '../readOnly/readOnlyRun';
import type { PriceTable } from '../run/engineTypes';
import { ResearchInputError } from './researchError';
import { questionTitle, researchQuestions, researchSubject } from './researchInput';
import { researchContext, researchPlan } from './researchPlan';
import { splitResearch, type ResearchQuestion } from './researchSplit';
import { definedFields } from '../definedFields';

export interface ResearchRequest {
  readonly workspaceRoot: string;
  /** What the person asked: one question (split by the model) or 2 to 6 (asked as given). */
  readonly questions: readonly string[];
  readonly signal: AbortSignal;
  /** The model call that splits a single question. */
  readonly split: {
    readonly client: Anthropic;
    readonly modelTable: ModelTable;
    readonly prices: PriceTable;
    readonly model: string;
    readonly effort?: EffortSetting;
  };
}

/** A research run: a read-only run plus the questions its agents answer, in task order (`q1` first). */
export interface ResearchRun extends ReadOnlyRun {
  readonly kind: 'research';
  readonly questions: readonly ResearchQuestion[];
}

export async function prepareResearch(request: ResearchRequest): Promise<ResearchRun> {
  const asked = researchQuestions(request.questions);
  checkWorkspace(request.workspaceRoot);
  const subject = researchSubject(asked[0]);
  const project = await projectContext(request.workspaceRoot, subject, request.signal);
  let questions: readonly ResearchQuestion[];
  let preparation: ReadOnlyRun['preparation'];
  if (asked.length === 1) {
    const split = await splitResearch({ ...request.split, question: asked[0], projectContext: project, signal: request.signal });
    questions = split.questions;
    preparation = { model: split.model, usage: split.usage, costUsd: split.costUsd };
  } else {
    questions = asked.map((question) => ({ title: questionTitle(question), question }));
  }
  // Validators only; a refusal by the plan check ends here with its findings.
  const plan = asValidated(checkPlan(researchPlan(questions, subject), request.workspaceRoot).plan);
  const sharedContext = researchContext(asked, questions, project);
  return { kind: 'research', subject, plan, sharedContext, questions, ...definedFields({ preparation }) };
}

function checkWorkspace(root: string): void {
  let isFolder: boolean;
  try {
    isFolder = statSync(root).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) throw new ResearchInputError(`The workspace ${root} is not a folder. Give the project to research with --workspace DIR. Nothing ran.`);
}
