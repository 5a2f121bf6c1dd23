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
  const [keys, setKeys] = useState<string[]>(read);
  const dismiss = useCallback((key: string) => {
    setKeys((current) => {
      const next = [...new Set([...current, key])].slice(-50);
      try {
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      } catch {
        /* remembered for this page only */
      }
      return next;
    });
  }, []);
  return { isDismissed: (key) => keys.includes(key), dismiss };
}
