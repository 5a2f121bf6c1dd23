import { describe, expect, it } from 'vitest';
import { CONSOLE_TABS, ROUTES, href, matchPath, pathOf, type Route, type RouteName } from '../../../src/app/routes';

const ID = '0b7c2f4e-9a1d-4c3b-8e2f-5d6a7b8c9d0e';

/** One valid set of params for every screen (typed: a missing or wrong param fails the type check). */
const SAMPLES: { [N in RouteName]: Extract<Route, { name: N }>['params'] } = {
  home: {},
  login: {},
  record: {},
  rejected: {},
  settings: {},
  history: {},
  patrol: {},
  round: { id: ID },
  console: {},
  consoleTab: { tab: 'roster' },
  rankings: {},
  rankingsVersion: { month: '2026-02', version: 3 },
  rankingsWindow: { month: '2026-02', version: 1, windowId: ID },
  provisional: {},
  provisionalWindow: { windowId: ID },
  period: {},
  periodOf: { period: '2026-Q1' },
  verify: {},
  cycle: {},
  print: {},
  printVersion: { month: '2026-12', version: 12 },
  display: {},
  leave: {},
  leaveNew: {},
  leaveInbox: {},
  leaveExtend: { id: ID },
  leaveDetail: { id: ID },
  outings: {},
  coverage: {},
  substitutes: {},
};

describe('the route table (src/app/routes.ts)', () => {
  it.each(Object.keys(ROUTES) as RouteName[])('%s: its path reads back as itself, params typed', (name) => {
    const route = { name, params: SAMPLES[name] } as Route;
    const path = pathOf(route);
    expect(path.startsWith('/')).toBe(true);
    expect(matchPath(path)).toEqual(route);
  });

  it('writes paths with typed params', () => {
    expect(href('home')).toBe('/');
    expect(href('round', { id: ID })).toBe(`/round/${ID}`);
    expect(href('rankingsWindow', { month: '2026-02', version: 2, windowId: 'w1' })).toBe(
      '/rankings/m/2026-02/v/2/w/w1',
    );
    expect(href('printVersion', { month: '2026-02', version: 1 })).toBe('/print/2026-02/1');
    expect(href('consoleTab', { tab: 'users' })).toBe('/console/users');
    // A param is one segment: whatever it holds is escaped, and reads back the same.
    expect(href('leaveDetail', { id: 'a/b c' })).toBe('/leave/a%2Fb%20c');
    expect(matchPath('/leave/a%2Fb%20c')).toEqual({ name: 'leaveDetail', params: { id: 'a/b c' } });
  });

  it('reads params into their types (a version is a number)', () => {
    expect(matchPath('/rankings/m/2026-02/v/12')).toEqual({
      name: 'rankingsVersion',
      params: { month: '2026-02', version: 12 },
    });
    expect(matchPath('/rankings/period/2026')).toEqual({ name: 'periodOf', params: { period: '2026' } });
    for (const tab of CONSOLE_TABS)
      expect(matchPath(`/console/${tab}`)).toEqual({ name: 'consoleTab', params: { tab } });
  });

  it('a fixed path wins over a param in the same place (/leave/new is not a leave called "new")', () => {
    expect(matchPath('/leave/new')?.name).toBe('leaveNew');
    expect(matchPath('/leave/inbox')?.name).toBe('leaveInbox');
    expect(matchPath('/leave/extend/x')).toEqual({ name: 'leaveExtend', params: { id: 'x' } });
    expect(matchPath('/leave/x')).toEqual({ name: 'leaveDetail', params: { id: 'x' } });
    expect(matchPath('/rankings/provisional')?.name).toBe('provisional');
    expect(matchPath('/rankings/period')?.name).toBe('period');
  });

  it('ignores a trailing slash, the query and the fragment', () => {
    expect(matchPath('/leave/')?.name).toBe('leave');
    expect(matchPath('/?bench=1')?.name).toBe('home');
    expect(matchPath('/rankings#top')?.name).toBe('rankings');
    expect(matchPath('')?.name).toBe('home');
  });

  it.each([
    '/nowhere',
    '/rankings/m/2026-13/v/1', // no month 13
    '/rankings/m/2026-02/v/0', // versions start at 1
    '/rankings/m/2026-02/v/x',
    '/rankings/m/2026-02', // half a version
    '/rankings/period/2026-Q5',
    '/console/nothing', // not a console tab
    '/round', // a round needs its id
    '/round/a/b',
    '/print/2026-02',
    '/leave/%E0%A4%A', // a malformed escape
    '/api/health', // the server's, not a screen
  ])('%s names no screen: the 404 screen', (path) => {
    expect(matchPath(path)).toBeNull();
  });

  it('the paths the app and its tests have always used still open the same screens', () => {
    const names = Object.fromEntries(
      [
        '/',
        '/login',
        '/record',
        '/history',
        '/patrol',
        '/verify',
        '/cycle',
        '/display',
        '/settings',
        '/rejected',
        '/leave',
        '/coverage',
        '/outings',
        '/substitutes',
        '/rankings/provisional',
        `/rankings/m/2026-02/v/1/w/${ID}`,
        '/console',
        '/print/2026-02/1',
      ].map((p) => [p, matchPath(p)?.name]),
    );
    expect(names).toEqual({
      '/': 'home',
      '/login': 'login',
      '/record': 'record',
      '/history': 'history',
      '/patrol': 'patrol',
      '/verify': 'verify',
      '/cycle': 'cycle',
      '/display': 'display',
      '/settings': 'settings',
      '/rejected': 'rejected',
      '/leave': 'leave',
      '/coverage': 'coverage',
      '/outings': 'outings',
      '/substitutes': 'substitutes',
      '/rankings/provisional': 'provisional',
      [`/rankings/m/2026-02/v/1/w/${ID}`]: 'rankingsWindow',
      '/console': 'console',
      '/print/2026-02/1': 'printVersion',
    });
  });

  it('types: a screen with params needs them, one without takes none', () => {
    // @ts-expect-error a round needs its id
    expect(() => href('round')).not.toThrow();
    // @ts-expect-error a version is a number
    href('rankingsVersion', { month: '2026-02', version: '1' });
    // @ts-expect-error not a console tab
    href('consoleTab', { tab: 'nothing' });
    // @ts-expect-error home has no params
    href('home', {});
    expect(true).toBe(true);
  });
});
