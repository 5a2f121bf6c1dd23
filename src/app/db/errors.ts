/** A change that cannot be queued: bad args, or a change of a row that is not on this phone. */
export class InvalidMutationError extends Error {
  override name = 'InvalidMutationError';
  constructor(mutation: string, detail: string) {
    super(`Invalid ${mutation}: ${detail}`);
  }
}
