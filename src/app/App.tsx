import { Suspense, lazy } from 'react';
import { StatusBar } from './components/StatusBar';
import { UpdatePrompt } from './components/UpdatePrompt';
import { useT } from './i18n';
import { useSession } from './stores/session';
import { useUi } from './stores/ui';
// In the shell (under 1 KiB): the sign-in screen shows without another round trip.
import Login from './screens/Login';

const Home = lazy(() => import('./screens/Home'));
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

/** Pages without the status bar and nav: the hall display (大屏). */
const CHROMELESS = (path: string) => path === '/display';

/** User Timing: the tap that opens the rankings (kept in the shell so the screen's chunk load is measured too). */
function markRankingsTap(timeStamp: number) {
  performance.clearMarks('wd:rankings-tap');
  performance.mark('wd:rankings-tap', { startTime: timeStamp });
}

function Screen() {
  const { ready, status, profile } = useSession();
  const path = useUi((s) => s.path);
  const t = useT();
  if (!ready) return <p className="muted center">{t.loading}</p>;
  if (status === 'signed_out' || !profile || path === '/login') return <Login />;
  if (path.startsWith('/round/')) return <Round id={path.slice('/round/'.length)} />;
  if (path === '/console' || path.startsWith('/console/')) return <Console path={path} />;
  if (path === '/rankings' || path.startsWith('/rankings/')) return <Rankings path={path} />;
  if (path === '/print' || path.startsWith('/print/')) return <Print path={path} />;
  if (path.startsWith('/leave/extend/'))
    return <RequestLeave key={path} extensionOf={path.slice('/leave/extend/'.length)} />;
  if (path.startsWith('/leave/') && !['/leave/new', '/leave/inbox'].includes(path))
    return <LeaveDetail id={path.slice('/leave/'.length)} />;
  switch (path) {
    case '/record':
      return <RecordViolation />;
    case '/rejected':
      return <Rejected />;
    case '/settings':
      return <Settings />;
    case '/history':
      return <History />;
    case '/patrol':
      return <Oversight />;
    case '/verify':
      return <Verification />;
    case '/cycle':
      return <Cycle />;
    case '/display':
      return <Display />;
    case '/leave':
      return <LeaveHome />;
    case '/leave/new':
      return <RequestLeave key={path} />;
    case '/leave/inbox':
      return <LeaveInbox />;
    case '/outings':
      return <Outings />;
    case '/coverage':
      return <Coverage />;
    case '/substitutes':
      return <Arrangements />;
    default:
      return <Home role={profile.role} />;
  }
}

function Nav() {
  const t = useT();
  const { status, profile } = useSession();
  const path = useUi((s) => s.path);
  const navigate = useUi((s) => s.navigate);
  const language = useUi((s) => s.language);
  if (status === 'signed_out' || !profile || path === '/login') return null;
  return (
    <nav className="nav">
      <button
        type="button"
        data-testid="nav-home"
        className={path === '/' ? 'active' : ''}
        onClick={() => navigate('/')}
      >
        {t.home}
      </button>
      {(profile.role === 'duty_leader' || profile.role === 'supervision' || profile.role === 'center_leader') && (
        <button
          type="button"
          data-testid="nav-patrol"
          className={path === '/history' || path === '/patrol' ? 'active' : ''}
          onClick={() => navigate(profile.role === 'duty_leader' ? '/history' : '/patrol')}
        >
          {profile.role === 'duty_leader'
            ? language === 'zh'
              ? '历史'
              : 'History'
            : language === 'zh'
              ? '巡查'
              : 'Patrols'}
        </button>
      )}
      <button
        type="button"
        data-testid="nav-rankings"
        className={path.startsWith('/rankings') || path === '/verify' || path === '/cycle' ? 'active' : ''}
        onClick={(e) => {
          markRankingsTap(e.timeStamp);
          navigate('/rankings');
        }}
      >
        {language === 'zh' ? '排名' : 'Rankings'}
      </button>
      <button
        type="button"
        data-testid="nav-settings"
        className={path === '/settings' ? 'active' : ''}
        onClick={() => navigate('/settings')}
      >
        {t.settings}
      </button>
    </nav>
  );
}

export function App() {
  const t = useT();
  const path = useUi((s) => s.path);
  if (CHROMELESS(path))
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
