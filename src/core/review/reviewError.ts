/** Why a review cannot start (not a git work tree, an unknown base, nothing to review, an unknown role): nothing ran and nothing was paid for. */
export class ReviewInputError extends Error {
  override readonly name = 'ReviewInputError';
}
