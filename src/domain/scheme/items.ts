// Zod-free look-ups in a scheme (the home screens' start reaches these; schema.ts holds the schemas).
import type { Scheme, SchemeItem } from './schema';

export function findItem(scheme: Scheme, code: string): SchemeItem | undefined {
  return scheme.items.find((item) => item.code === code);
}

/** The patrol checklist: spot-check items in scheme order. */
export function spotCheckItems(scheme: Scheme): SchemeItem[] {
  return scheme.items.filter((item) => item.spotCheck);
}
