import type { MutationName } from '../../domain';
import { correctionFamily } from './corrections';
import { disputeFamily } from './disputes';
import type { MutationFamily } from './family';
import { recordViolationFamily } from './record-violations';
import { leaveFamily } from './leave';
import { roundFamily } from './rounds';

/**
 * Every mutation family the server applies, in the order a batch is checked and written: a family
 * may look at what earlier ones accept in the same batch (corrections after the records they fix).
 * Each name of MUTATIONS belongs to exactly one family (a unit test holds that).
 */
// Rounds before records: a record may name a round started earlier in the same batch.
export const FAMILIES: readonly MutationFamily[] = [
  roundFamily,
  recordViolationFamily,
  correctionFamily,
  leaveFamily,
  disputeFamily,
];

const BY_NAME = new Map<MutationName, MutationFamily>(FAMILIES.flatMap((f) => f.names.map((n) => [n, f] as const)));

export const familyOf = (name: MutationName): MutationFamily | undefined => BY_NAME.get(name);
