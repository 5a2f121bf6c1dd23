import { canonicalId } from '../domain/record-id';

/**
 * A new record or mutation id: a random UUID in its one spelling, lower case (the server reads
 * any case as lower case; ids made here are already in it, so local rows and the server agree).
 */
export function newId(): string {
  return canonicalId(crypto.randomUUID());
}
