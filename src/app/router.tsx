import { useMemo, useSyncExternalStore, type AnchorHTMLAttributes } from 'react';
import { matchPath, type Href, type Route } from './routes';

/**
 * The app's router on the History API: the current path as an external store, `navigate` to move
 * (push, or replace), `Link` for a real `<a href>` (a plain tap moves in place; long-press, a
 * middle click or ctrl-click open it in a new tab), the browser's back and forward through
 * `popstate`. Paths come only from the route table (routes.ts).
 */
const listeners = new Set<() => void>();
let current = typeof location === 'undefined' ? '/' : location.pathname;

function setPath(path: string): void {
  if (path === current) return;
  current = path;
  for (const listener of listeners) listener();
}

if (typeof window !== 'undefined') window.addEventListener('popstate', () => setPath(location.pathname));

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function navigate(to: Href, options: { replace?: boolean } = {}): void {
  if (typeof history !== 'undefined' && location.pathname !== to) {
    if (options.replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
  }
  setPath(to);
}

/** The current pathname. */
export function usePath(): string {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => current,
  );
}

/** The current route, or null when no screen has this path (the 404 screen). */
export function useRoute(): Route | null {
  const path = usePath();
  return useMemo(() => matchPath(path), [path]);
}

type LinkProps = { to: Href; replace?: boolean } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>;

/** A link to a screen: `<Link to={href('leave')}>`. */
export function Link({ to, replace, onClick, ...rest }: LinkProps) {
  return (
    <a
      {...rest}
      href={to}
      onClick={(event) => {
        onClick?.(event);
        if (event.defaultPrevented || event.button !== 0) return;
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        if (rest.target && rest.target !== '_self') return;
        event.preventDefault();
        navigate(to, { replace });
      }}
    />
  );
}
