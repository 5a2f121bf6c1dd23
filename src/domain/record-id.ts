// Zod-free (the app's start reaches it through src/app/ids.ts); bounds.ts re-exports it.

/** Lower-case a UUID-shaped string (ids the phone receives from elsewhere, e.g. a scanned code). */
export function canonicalId(id: string): string {
  return id.toLowerCase();
}
