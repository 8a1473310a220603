/**
 * What a `research` run is given: one read-only validate task per question (`q1`, `q2`, …), all in
 * parallel, each told its question and how to answer it (read the code, cite files and lines, report
 * facts, risks and gaps with `report_finding`, finish with a direct answer); and the shared context,
 * headed by the research itself (the question asked, and every sub-question with its task id) so
 * each agent knows what the others cover. Pure.
 */
import type { Plan, TaskSpec } from '../plan/plan';
import { cutLine } from './researchInput';
import type { ResearchQuestion } from './researchSplit';
import { researchTaskId } from './researchTypes';

/** The plan's pattern name. */
export const RESEARCH_PATTERN = 'research';
export const RESEARCH_ROLE = 'Research question';
/** Characters of the asked question, and of each sub-question, the shared context's list shows. */
const ASKED_CHARS = 1_000;
const LISTED_CHARS = 300;

const HOW_TO_ANSWER = [
  'How to answer: read the code (list, search and read files; change nothing) until the answer rests on what the code does, not on names alone.',
  'Report each notable fact, risk or gap with report_finding, with the path and line it rests on: severity info for facts, warning or error only for a real problem you found.',
  'Stay within your question: the other questions listed in the project context belong to other agents.',
  'Then finish with a summary that answers the question directly in a few sentences, citing files and lines, and says what you could not establish.',
].join('\n');

function questionTask(q: ResearchQuestion, index: number): TaskSpec {
  return {
    id: researchTaskId(index + 1),
    title: q.title,
    phase: 'validate',
    role: RESEARCH_ROLE,
    instructions: `Your research question:\n${q.question}\n\n${HOW_TO_ANSWER}`,
    owns: [],
    reads: [],
    dependsOn: [],
  };
}

/** The plan of a research run: validators only, all in parallel; `subject` is its request ("Research: …"). */
export function researchPlan(questions: readonly ResearchQuestion[], subject: string, id = `research-${Date.now().toString(36)}`): Plan {
  return { id, request: subject, route: 'complex', pattern: RESEARCH_PATTERN, tasks: questions.map(questionTask), lint: [] };
}

/**
 * The shared context: "# The research" (the question asked when it was split, then each question with
 * its task id, one line each), then the project context (instructions, repo map).
 */
export function researchContext(asked: readonly string[], questions: readonly ResearchQuestion[], projectContext: string): string {
  const split = asked.length === 1 && questions.length > 1;
  const lines = ['# The research', ''];
  if (split)
    lines.push(`The question asked: ${cutLine(asked[0], ASKED_CHARS)}`, '', `It was split into ${questions.length} questions, one agent each, side by side:`);
  else lines.push(`${questions.length} question(s), one agent each, side by side:`);
  for (const [i, q] of questions.entries()) lines.push(`- ${researchTaskId(i + 1)} (${cutLine(q.title, LISTED_CHARS)}): ${cutLine(q.question, LISTED_CHARS)}`);
  const project = projectContext.trim();
  return project === '' ? lines.join('\n') : `${lines.join('\n')}\n\n${project}`;
}
