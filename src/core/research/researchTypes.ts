/**
 * The shapes a research fan-out shares between its parts: the split call (one question becomes a few
 * focused sub-questions), the tasks it makes (`q1`, `q2`, …, one read-only agent each) and the demo's
 * script, which routes the split call on `RESEARCH_SPLIT_MARKER` and each question on its task id.
 */
import { z } from 'zod';

/** The split request's system prompt starts with this (the fake Messages API routes on it). */
export const RESEARCH_SPLIT_MARKER = 'You split a research question about a codebase';

/** Sub-questions a research run asks at most (and at least, when the model splits). */
export const MAX_RESEARCH_QUESTIONS = 6;
export const MIN_RESEARCH_QUESTIONS = 2;
/** Characters of a question the user may ask. */
export const MAX_QUESTION_CHARS = 4_000;

/** The split call's answer. */
export const researchSplitSchema = z.object({
  questions: z
    .array(
      z.object({
        /** Short, for the agent card: "Where sessions are stored". */
        title: z.string().min(1).max(120),
        /** The whole sub-question the agent answers. */
        question: z.string().min(1).max(MAX_QUESTION_CHARS),
      }),
    )
    .min(MIN_RESEARCH_QUESTIONS)
    .max(MAX_RESEARCH_QUESTIONS),
});
export type ResearchSplit = z.infer<typeof researchSplitSchema>;

/** The task id of the n-th question (1-based): `q1`, `q2`, … */
export function researchTaskId(n: number): string {
  return `q${n}`;
}
