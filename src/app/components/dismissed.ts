import { useCallback, useRef, useState } from 'react';

/**
 * Notices the user closed, for this browser session (sessionStorage): a notice comes back in a
 * new session, or sooner when its key changes (a new count, another error).
 */
const STORAGE_KEY = 'wd.dismissed';

function read(): string[] {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return []; // storage blocked or damaged: nothing dismissed
  }
}

export function useDismissed(): { isDismissed: (key: string) => boolean; dismiss: (key: string) => void } {
  // Read when first asked, not when the status bar mounts: a page's first touch of sessionStorage
  // waits for the browser to open it (~20 ms in a fresh page here, in the shell's first render),
  // and most starts have no notice to ask about.
  const keys = useRef<string[] | null>(null);
  const [, setChanged] = useState(0);
  const dismiss = useCallback((key: string) => {
    const next = [...new Set([...(keys.current ?? read()), key])].slice(-50);
    keys.current = next;
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch {
      /* remembered for this page only */
    }
    setChanged((n) => n + 1);
  }, []);
  return { isDismissed: (key) => (keys.current ??= read()).includes(key), dismiss };
}
