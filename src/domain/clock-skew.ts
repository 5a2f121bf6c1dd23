// Apart from the violation schema (zod) so the phone's start-up path carries no zod.

/** Beyond this a device clock is flagged as wrong (records keep both times either way). */
export const CLOCK_SKEW_LIMIT_MS = 5 * 60 * 1000;

export function clockSkewIsLarge(skewMs: number): boolean {
  return Math.abs(skewMs) > CLOCK_SKEW_LIMIT_MS;
}
