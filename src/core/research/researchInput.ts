/**
 * The questions a person asks a research run, checked before anything is paid for: trimmed, empty
 * ones dropped, each within MAX_QUESTION_CHARS, at most MAX_RESEARCH_QUESTIONS of them. Also the
 * run's subject ("Research: …") and a question's short title, both one line. Pure.
 */
import { MAX_QUESTION_CHARS, MAX_RESEARCH_QUESTIONS } from './researchTypes';
import { ResearchInputError } from './researchError';

/** Characters of the first question the subject keeps. */
export const SUBJECT_QUESTION_CHARS = 100;
/** Characters of a question its title keeps, when the person gave the questions. */
export const QUESTION_TITLE_CHARS = 60;

/** Whitespace (newlines included) collapsed to single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** One line, cut to `max` characters with an ellipsis when longer. */
export function cutLine(text: string, max: number): string {
  const line = oneLine(text);
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/** The questions to ask, in order; throws `ResearchInputError` saying what to fix. */
export function researchQuestions(raw: readonly string[]): readonly string[] {
  const questions = raw.map((q) => q.trim()).filter((q) => q !== '');
  if (questions.length === 0) {
    throw new ResearchInputError(
      'The research question is empty. Ask what you want to know about the code, for example: research "How are sessions stored and expired?" --workspace .',
    );
  }
  if (questions.length > MAX_RESEARCH_QUESTIONS) {
    throw new ResearchInputError(
      `${questions.length} research questions were given; a research run asks at most ${MAX_RESEARCH_QUESTIONS}. Merge or drop some, or ask one question and let Fanout split it. Nothing ran.`,
    );
  }
  const long = questions.findIndex((q) => q.length > MAX_QUESTION_CHARS);
  if (long >= 0) {
    const which = questions.length === 1 ? 'The research question' : `Research question ${long + 1}`;
    throw new ResearchInputError(
      `${which} is ${questions[long].length} characters; at most ${MAX_QUESTION_CHARS} are taken. Shorten it (the agents read the code themselves). Nothing ran.`,
    );
  }
  return questions;
}

/** The run's subject, its request and the synthesis's heading: "Research: How are sessions stored?". */
export function researchSubject(firstQuestion: string): string {
  return `Research: ${cutLine(firstQuestion, SUBJECT_QUESTION_CHARS)}`;
}

/** A question's title when the person asked it (no split to name it): its start, one line. */
export function questionTitle(question: string): string {
  return cutLine(question, QUESTION_TITLE_CHARS);
}
