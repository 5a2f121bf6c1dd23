import { databaseRefusal } from '../http/database-errors';
import type { Candidate, MutationFamily, PushContext } from './family';
import { reject } from './outcome';

/**
 * Runs a family's set-based write inside a savepoint. When the database refuses a value (a NUL in
 * a text, a number out of range, a broken constraint: see database-errors.ts), the savepoint is
 * rolled back and the candidates are halved and retried in request order, until each refused
 * mutation stands alone and is rejected ('invalid', with the database's reason); the rest of the
 * batch is written: about 2·log2(n) tries per refused mutation. Push uses it only on a second run,
 * after a first, unguarded one met a refusal (no savepoint cost for the usual batch).
 * Any other error (lost connection, deadlock) still fails the whole push.
 *
 * `onRefused` hears each rejection (the push logs them).
 */
export async function writeIsolated(
  ctx: PushContext,
  family: MutationFamily,
  applied: Candidate[],
  onRefused: (candidate: Candidate, sqlState: string) => void = () => {},
): Promise<void> {
  await attempt(ctx, family, applied, onRefused, true);
}

async function attempt(
  ctx: PushContext,
  family: MutationFamily,
  list: Candidate[],
  onRefused: (candidate: Candidate, sqlState: string) => void,
  outermost: boolean,
): Promise<void> {
  const { tx } = ctx;
  await tx.exec('savepoint push_write');
  try {
    await family.write(ctx, list);
  } catch (error) {
    const refusal = databaseRefusal(error);
    if (!refusal) throw error;
    await tx.exec('rollback to savepoint push_write; release savepoint push_write');
    if (list.length === 1) {
      const [only] = list as [Candidate];
      ctx.outcomes.set(
        only.index,
        reject('invalid', `the server could not store this change (${refusal.error}): ${refusal.message}`),
      );
      onRefused(only, refusal.sqlState);
      return;
    }
    const half = Math.ceil(list.length / 2);
    await attempt(ctx, family, list.slice(0, half), onRefused, false);
    await attempt(ctx, family, list.slice(half), onRefused, false);
    return;
  }
  // The outermost savepoint is left to the commit (one round trip less on the hot path); inner
  // ones are released so a long bisection does not pile up subtransactions.
  if (!outermost) await tx.exec('release savepoint push_write');
}
