/**
 * "A local change was committed": the outbox says so after each write, the sync triggers listen
 * (a push ~1 s later). Apart from the outbox so the triggers start with the first screen while the
 * outbox and the sync engine load after it.
 */
type Listener = () => void;
const listeners = new Set<Listener>();

export function onLocalWrite(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function notifyLocalWrite(): void {
  for (const listener of listeners) {
    try {
      listener();
    } catch {
      /* a trigger failing must not fail the save */
    }
  }
}
