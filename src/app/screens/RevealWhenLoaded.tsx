import { createContext, useCallback, useContext, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';

type Report = (part: string, loaded: boolean) => void;
const ReportContext = createContext<Report | null>(null);

/** How long a screen waits for its slowest part before showing what it has. */
const REVEAL_AT_LATEST_MS = 1500;

/**
 * Shows a screen's parts together, once every part inside that reports (useLoadedPart) has read
 * its rows: parts that each appeared when their own read answered pushed the buttons below them
 * down while the user was about to tap (a layout shift of 0.06 on the duty leader's home). The
 * parts are mounted, hidden, from the start, so their reads run at once; a part that never
 * answers holds the screen back at most REVEAL_AT_LATEST_MS.
 */
export function RevealWhenLoaded({ children }: { children: ReactNode }) {
  const pending = useRef(new Set<string>());
  const counted = useRef(false);
  const [shown, setShown] = useState(false);
  const report = useCallback<Report>((part, loaded) => {
    if (loaded) pending.current.delete(part);
    else pending.current.add(part);
    if (counted.current && pending.current.size === 0) setShown(true);
  }, []);
  useEffect(() => {
    // The parts' layout effects have run before this: every part has said whether it is loaded.
    counted.current = true;
    if (pending.current.size === 0) return setShown(true);
    const latest = setTimeout(() => setShown(true), REVEAL_AT_LATEST_MS);
    return () => clearTimeout(latest);
  }, []);
  return (
    <ReportContext.Provider value={report}>
      <div style={{ display: shown ? 'contents' : 'none' }}>{children}</div>
    </ReportContext.Provider>
  );
}

/** A part of a RevealWhenLoaded screen says whether its rows are read (no-op outside one). */
export function useLoadedPart(loaded: boolean): void {
  const report = useContext(ReportContext);
  const part = useId();
  useLayoutEffect(() => report?.(part, loaded), [report, part, loaded]);
  // A part that goes away holds nothing back.
  useEffect(() => () => report?.(part, true), [report, part]);
}
