import { Suspense, lazy, useEffect } from 'react';
import { StatusBar } from './components/StatusBar';
import { UpdatePrompt } from './components/UpdatePrompt';
import { useT } from './i18n';
import { useSession } from './stores/session';
import { Link, useRoute } from './router';
import { href, type Route } from './routes';
import { useUi } from './stores/ui';
// In the shell (under 1 KiB): the sign-in screen shows without another round trip.
import Login from './screens/Login';
import { HomeScreen } from './screens/home-screen';
import { preloadMutationSchemas } from './data-layer';

const RecordViolation = lazy(() => import('./screens/RecordViolation'));
const Rejected = lazy(() => import('./screens/Rejected'));
const Settings = lazy(() => import('./screens/Settings'));
const Round = lazy(() => import('./screens/patrol/Round'));
const Console = lazy(() => import('./screens/console/Console'));
const History = lazy(() => import('./screens/patrol/History'));
const Oversight = lazy(() => import('./screens/patrol/Oversight'));
const LeaveHome = lazy(() => import('./screens/leave/LeaveHome'));
const RequestLeave = lazy(() => import('./screens/leave/RequestLeave'));
const LeaveDetail = lazy(() => import('./screens/leave/LeaveDetail'));
const LeaveInbox = lazy(() => import('./screens/leave/Inbox'));
const Outings = lazy(() => import('./screens/leave/Outings'));
const Coverage = lazy(() => import('./screens/leave/Coverage'));
const Arrangements = lazy(() => import('./screens/leave/Arrangements'));

const Rankings = lazy(() => import('./screens/assessment/Rankings'));
const Verification = lazy(() => import('./screens/assessment/Verification'));
const Cycle = lazy(() => import('./screens/assessment/Cycle'));
const Print = lazy(() => import('./screens/assessment/Print'));
const Display = lazy(() => import('./screens/assessment/Display'));
const NotFound = lazy(() => import('./screens/NotFound'));

/** Pages without the status bar and nav: the hall display (大屏). */
const CHROMELESS = (route: Route | null) => route?.name === 'display';

/** User Timing: the tap that opens the rankings (kept in the shell so the screen's chunk load is measured too). */
function markRankingsTap(timeStamp: number) {
  performance.clearMarks('wd:rankings-tap');
  performance.mark('wd:rankings-tap', { startTime: timeStamp });
}

/** Each route's screen (routes.ts has the paths and their typed params). */
function Screen() {
  const { ready, status, profile } = useSession();
  const route = useRoute();
  const t = useT();
  if (!ready) return <p className="muted center">{t.loading}</p>;
  if (status === 'signed_out' || !profile || route?.name === 'login') return <Login />;
  if (!route) return <NotFound />;
  switch (route.name) {
    case 'home':
      return <HomeScreen role={profile.role} />;
    case 'round':
      return <Round id={route.params.id} />;
    case 'console':
      return <Console tab="floors" />;
    case 'consoleTab':
      return <Console tab={route.params.tab} />;
    case 'rankings':
    case 'rankingsVersion':
    case 'rankingsWindow':
    case 'provisional':
    case 'provisionalWindow':
    case 'period':
    case 'periodOf':
      return <Rankings route={route} />;
    case 'print':
      return <Print month={null} version={null} />;
    case 'printVersion':
      return <Print month={route.params.month} version={route.params.version} />;
    case 'leaveExtend':
      return <RequestLeave key={`extend:${route.params.id}`} extensionOf={route.params.id} />;
    case 'leaveDetail':
      return <LeaveDetail id={route.params.id} />;
    case 'record':
      return <RecordViolation />;
    case 'rejected':
      return <Rejected />;
    case 'settings':
      return <Settings />;
    case 'history':
      return <History />;
    case 'patrol':
      return <Oversight />;
    case 'verify':
      return <Verification />;
    case 'cycle':
      return <Cycle />;
    case 'display':
      return <Display />;
    case 'leave':
      return <LeaveHome />;
    case 'leaveNew':
      return <RequestLeave key="new" />;
    case 'leaveInbox':
      return <LeaveInbox />;
    case 'outings':
      return <Outings />;
    case 'coverage':
      return <Coverage />;
    case 'substitutes':
      return <Arrangements />;
  }
}

function Nav() {
  const t = useT();
  const { status, profile } = useSession();
  const route = useRoute();
  const language = useUi((s) => s.language);
  if (status === 'signed_out' || !profile || route?.name === 'login') return null;
  const at = (...names: Route['name'][]) => !!route && names.includes(route.name);
  const item = (active: boolean) => ({
    className: active ? 'active' : '',
    'aria-current': active ? ('page' as const) : undefined,
  });
  return (
    <nav className="nav">
      <Link to={href('home')} data-testid="nav-home" {...item(at('home'))}>
        {t.home}
      </Link>
      {(profile.role === 'duty_leader' || profile.role === 'supervision' || profile.role === 'center_leader') && (
        <Link
          to={profile.role === 'duty_leader' ? href('history') : href('patrol')}
          data-testid="nav-patrol"
          {...item(at('history', 'patrol'))}
        >
          {profile.role === 'duty_leader'
            ? language === 'zh'
              ? '历史'
              : 'History'
            : language === 'zh'
              ? '巡查'
              : 'Patrols'}
        </Link>
      )}
      <Link
        to={href('rankings')}
        data-testid="nav-rankings"
        {...item(
          at(
            'rankings',
            'rankingsVersion',
            'rankingsWindow',
            'provisional',
            'provisionalWindow',
            'period',
            'periodOf',
            'verify',
            'cycle',
          ),
        )}
        onClick={(e) => markRankingsTap(e.timeStamp)}
      >
        {language === 'zh' ? '排名' : 'Rankings'}
      </Link>
      <Link to={href('settings')} data-testid="nav-settings" {...item(at('settings'))}>
        {t.settings}
      </Link>
    </nav>
  );
}

export function App() {
  const t = useT();
  const route = useRoute();
  const signedIn = useSession((s) => s.status === 'signed_in');
  // Away from the home a write is near: its schemas load while the user reads the screen.
  useEffect(() => {
    if (signedIn && route && route.name !== 'home') preloadMutationSchemas();
  }, [signedIn, route]);
  if (CHROMELESS(route))
    return (
      <Suspense fallback={null}>
        <Screen />
      </Suspense>
    );
  return (
    <div className="app">
      <UpdatePrompt />
      <StatusBar />
      <main className="main">
        <Suspense fallback={<p className="muted center">{t.loading}</p>}>
          <Screen />
        </Suspense>
      </main>
      <Nav />
    </div>
  );
}
