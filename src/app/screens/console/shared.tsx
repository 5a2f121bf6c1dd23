import { useCallback, useEffect, useState } from 'react';
import { OfflineError } from '../../http/client';
import { admin } from './api';
import { useCT } from './strings';

export function useOnline(): boolean {
  const [online, setOnline] = useState(typeof navigator === 'undefined' ? true : navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** GET /api/admin{path}; reload() after a change. */
export function useAdminGet<T>(path: string): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    admin<T>('GET', path)
      .then(
        (a) =>
          live && setState({ data: a.ok ? a.body : null, error: a.ok ? null : (a.error ?? 'error'), loading: false }),
      )
      .catch(
        (e) =>
          live && setState({ data: null, error: e instanceof OfflineError ? 'offline' : String(e), loading: false }),
      );
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** Runs a change; returns the error text (or null) for the form to show. */
export async function run(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ ok: boolean; error: string | null; body: unknown }> {
  try {
    const a = await admin(method, path, body);
    return { ok: a.ok, error: a.ok ? null : (a.error ?? 'error'), body: a.body };
  } catch (e) {
    return { ok: false, error: e instanceof OfflineError ? 'offline' : String(e), body: null };
  }
}

export function ErrorBox({ error }: { error: string | null | undefined }) {
  const t = useCT();
  if (!error) return null;
  return (
    <p className="banner error console-error" role="alert" data-testid="console-error">
      {error === 'offline' ? t.offline : `${t.errorPrefix}${error}`}
    </p>
  );
}

export function Loading<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => React.ReactNode }) {
  const t = useCT();
  if (loaded.error) return <ErrorBox error={loaded.error} />;
  if (!loaded.data) return <p className="muted">{t.loading}</p>;
  return <>{children(loaded.data)}</>;
}

export interface FloorDto {
  id: string;
  name: string;
  level: number;
}
export interface WindowDto {
  id: string;
  floorId: string;
  number: string;
  name: string;
  department: string;
  kind: string;
  position: number;
}
export interface StaffDto {
  id: string;
  name: string;
  windowId: string;
  post: string;
  phone: string | null;
}
