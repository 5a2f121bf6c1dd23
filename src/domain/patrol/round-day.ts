// Apart from the round schemas (zod) so the phone's start-up path carries no zod.

/**
 * The hall day of a round on the phone: the date part of startedAt, which the phone writes in
 * hall time (hallIso). The server does not trust the offset: it stores hallDay(startedAt, zone).
 */
export const roundDay = (startedAt: string): string => startedAt.slice(0, 10);
