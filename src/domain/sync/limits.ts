// Sync batch limits, apart from the protocol's zod schemas so the phone's start-up path carries no zod.

/**
 * Mutations per push. 1,000 rather than 500: a backlog of 10,000 then takes 10 round trips and 10
 * server transactions instead of 20 (measured: 3.9–4.3 s against 5.1–6.1 s on the bench's machine).
 */
export const PUSH_BATCH_MAX = 1000;
/**
 * A phone also stops a batch at this many bytes of JSON (UTF-8), well under the server's 1 MiB
 * body limit: 1,000 records with 500-character Chinese notes would be ~1.9 MB, answered 413.
 */
export const PUSH_BATCH_BYTES = 512 * 1024;
export const PULL_LIMIT_MAX = 5000;
