import { Suspense, lazy } from 'react';
import { StatusBar } from './components/StatusBar';
import { UpdatePrompt } from './components/UpdatePrompt';
import { useT } from './i18n';
import { useSession } from './stores/session';
import { useUi } from './stores/ui';

const Login = lazy(() => import('./screens/Login'));
const Home = lazy(() => import('./screens/Home'));
const RecordViolation = lazy(() => import('./screens/RecordViolation'));
const Rejected = lazy(() => import('./screens/Rejected'));
const Settings = lazy(() => import('./screens/Settings'));
const Round = lazy(() => import('./screens/patrol/Round'));

function Screen() {
  const { ready, status, profile } = useSession();
  const path = useUi((s) => s.path);
  const t = useT();
  if (!ready) return <p className="muted center">{t.loading}</p>;
  if (status === 'signed_out' || !profile || path === '/login') return <Login />;
  if (path.startsWith('/round/')) return <Round id={path.slice('/round/'.length)} />;
  switch (path) {
    case '/record':
      return <RecordViolation />;
    case '/rejected':
      return <Rejected />;
    case '/settings':
      return <Settings />;
    default:
      return <Home role={profile.role} />;
  }
}

function Nav() {
  const t = useT();
  const { status, profile } = useSession();
  const path = useUi((s) => s.path);
  const navigate = useUi((s) => s.navigate);
  if (status === 'signed_out' || !profile || path === '/login') return null;
  return (
    <nav className="nav">
      <button type="button" data-testid="nav-home" className={path === '/' ? 'active' : ''} onClick={() => navigate('/')}>
        {t.home}
      </button>
      <button type="button" data-testid="nav-settings" className={path === '/settings' ? 'active' : ''} onClick={() => navigate('/settings')}>
        {t.settings}
      </button>
    </nav>
  );
}

export function App() {
  const t = useT();
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
