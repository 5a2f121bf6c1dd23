// Sync batch limits, apart from the protocol's zod schemas so the phone's start-up path carries no zod.
export const PUSH_BATCH_MAX = 500;
export const PULL_LIMIT_MAX = 5000;
