import { useCallback, useState } from 'react';

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
  // null until the user closes one: the stored list is read when first asked, not when the status
  // bar mounts (a page's first touch of sessionStorage waits for the browser to open it, ~20 ms
  // in a fresh page here, in the shell's first render; most starts have no notice to ask about).
  const [closed, setClosed] = useState<string[] | null>(null);
  const dismiss = useCallback((key: string) => {
    setClosed((current) => {
      const next = [...new Set([...(current ?? read()), key])].slice(-50);
      try {
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      } catch {
        /* remembered for this page only */
      }
      return next;
    });
  }, []);
  let known: string[] | undefined; // read once per render, when asked
  return { isDismissed: (key) => (known ??= closed ?? read()).includes(key), dismiss };
}
