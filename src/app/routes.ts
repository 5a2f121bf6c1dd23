/**
 * The phone app's one route table: every screen's path and its typed params, in one place.
 * Pure (no React, no DOM): `matchPath` reads a pathname into a route (null: no screen has that
 * path, the 404 screen shows), `href` writes a route back as a path. The router (router.tsx)
 * keeps the current route in step with the History API; App.tsx maps each route to its screen.
 */

export const CONSOLE_TABS = [
  'floors',
  'windows',
  'staff',
  'users',
  'import',
  'audit',
  'schemes',
  'roster',
  'periods',
] as const;
export type ConsoleTab = (typeof CONSOLE_TABS)[number];

const text = (segment: string): string | null => (segment ? segment : null);

/** Each `:param`'s reader: its typed value, or null when the segment is not one (the path is then unknown). */
const PARAMS = {
  id: text,
  windowId: text,
  /** YYYY-MM */
  month: (s: string): string | null => (/^\d{4}-(0[1-9]|1[0-2])$/.test(s) ? s : null),
  /** a published version, 1… */
  version: (s: string): number | null => (/^[1-9]\d{0,8}$/.test(s) ? Number(s) : null),
  /** YYYY or YYYY-Qn */
  period: (s: string): string | null => (/^\d{4}(-Q[1-4])?$/.test(s) ? s : null),
  tab: (s: string): ConsoleTab | null => ((CONSOLE_TABS as readonly string[]).includes(s) ? (s as ConsoleTab) : null),
};
type ParamName = keyof typeof PARAMS;
type ParamValue<K extends ParamName> = Exclude<ReturnType<(typeof PARAMS)[K]>, null>;

/**
 * Every screen. Order is priority: the first pattern that matches wins (so /leave/new before
 * /leave/:id). A pattern's `:name` segments are params read by PARAMS[name].
 */
export const ROUTES = {
  home: '/',
  login: '/login',
  record: '/record',
  rejected: '/rejected',
  settings: '/settings',
  history: '/history',
  patrol: '/patrol',
  round: '/round/:id',
  console: '/console',
  consoleTab: '/console/:tab',
  rankings: '/rankings',
  rankingsVersion: '/rankings/m/:month/v/:version',
  rankingsWindow: '/rankings/m/:month/v/:version/w/:windowId',
  provisional: '/rankings/provisional',
  provisionalWindow: '/rankings/provisional/w/:windowId',
  period: '/rankings/period',
  periodOf: '/rankings/period/:period',
  verify: '/verify',
  cycle: '/cycle',
  print: '/print',
  printVersion: '/print/:month/:version',
  display: '/display',
  leave: '/leave',
  leaveNew: '/leave/new',
  leaveInbox: '/leave/inbox',
  leaveExtend: '/leave/extend/:id',
  leaveDetail: '/leave/:id',
  outings: '/outings',
  coverage: '/coverage',
  substitutes: '/substitutes',
} as const;

export type RouteName = keyof typeof ROUTES;

type NamesIn<P extends string> = P extends `${string}:${infer K}/${infer Rest}`
  ? K | NamesIn<Rest>
  : P extends `${string}:${infer K}`
    ? K
    : never;
/** The params of a pattern, typed: `ParamsOf<'/round/:id'>` is `{ id: string }`. */
export type ParamsOf<P extends string> = { [K in NamesIn<P> & ParamName]: ParamValue<K> };
export type RouteParams<N extends RouteName> = ParamsOf<(typeof ROUTES)[N]>;

// Every `:name` in the table has a reader (a typo fails the type check here).
type UnknownParams = Exclude<NamesIn<(typeof ROUTES)[RouteName]>, ParamName>;
const everyParamKnown: [UnknownParams] extends [never] ? true : UnknownParams = true;
void everyParamKnown;

/** A route read from a path: its name and typed params (a union: switch on `name`). */
export type Route = { [N in RouteName]: { name: N; params: RouteParams<N> } }[RouteName];
export type RouteOf<N extends RouteName> = Extract<Route, { name: N }>;

/** A path made from the table (only `href` makes one, so every link names a real screen). */
export type Href = string & { readonly __href: true };

const NAMES = Object.keys(ROUTES) as RouteName[];
const COMPILED = NAMES.map((name) => ({ name, segments: ROUTES[name].split('/').filter(Boolean) }));

function segmentsOf(pathname: string): string[] | null {
  try {
    return pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return null; // a malformed %-escape
  }
}

/** The route a pathname names, or null (the 404 screen). A trailing slash is ignored; the query is not read. */
export function matchPath(pathname: string): Route | null {
  const parts = segmentsOf(pathname.split(/[?#]/)[0] ?? '');
  if (!parts) return null;
  next: for (const { name, segments } of COMPILED) {
    if (segments.length !== parts.length) continue;
    const params: Record<string, unknown> = {};
    for (let i = 0; i < segments.length; i++) {
      const want = segments[i]!;
      const got = parts[i]!;
      if (want.startsWith(':')) {
        const value = PARAMS[want.slice(1) as ParamName](got);
        if (value === null) continue next;
        params[want.slice(1)] = value;
      } else if (want !== got) continue next;
    }
    return { name, params } as Route;
  }
  return null;
}

/** The path of a screen: `href('leaveDetail', { id })`; screens without params take none. */
export function href<N extends RouteName>(
  name: N,
  ...params: keyof RouteParams<N> extends never ? [] : [RouteParams<N>]
): Href {
  const values = (params[0] ?? {}) as Record<string, string | number>;
  const path = ROUTES[name]
    .split('/')
    .map((s) => (s.startsWith(':') ? encodeURIComponent(String(values[s.slice(1)])) : s))
    .join('/');
  return (path || '/') as Href;
}

/** A route's path again (the inverse of matchPath). */
export function pathOf(route: Route): Href {
  return (href as (name: RouteName, params: unknown) => Href)(route.name, route.params);
}
