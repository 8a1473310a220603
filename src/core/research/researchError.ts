/** Why a research run cannot start (no question, a question or a list over its limit, no workspace folder): nothing ran and nothing was paid for. */
export class ResearchInputError extends Error {
  override readonly name = 'ResearchInputError';
}
