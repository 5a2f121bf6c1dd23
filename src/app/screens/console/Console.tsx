import { lazy, Suspense } from 'react';
import { ADMIN_READ_ROLES, ADMIN_WRITE_ROLES } from '../../../domain/admin';
import { useSession } from '../../stores/session';
import { Link } from '../../router';
import { CONSOLE_TABS, href, type ConsoleTab } from '../../routes';
import './console.css';
import { useOnline } from './shared';
import { useCT } from './strings';

const Floors = lazy(() => import('./Hall').then((m) => ({ default: m.Floors })));
const Windows = lazy(() => import('./Hall').then((m) => ({ default: m.Windows })));
const StaffList = lazy(() => import('./Hall').then((m) => ({ default: m.StaffList })));
const Users = lazy(() => import('./Users'));
const Import = lazy(() => import('./Import'));
const Audit = lazy(() => import('./Audit'));
const Schemes = lazy(() => import('./Schemes'));
const DutyRoster = lazy(() => import('./DutyRoster'));
const Periods = lazy(() => import('./Periods'));

/** The supervision console (/console/<tab>, routes.ts): configuration at a desk, online only. */
export default function Console({ tab }: { tab: ConsoleTab }) {
  const t = useCT();
  const profile = useSession((s) => s.profile);
  const online = useOnline();

  if (!profile || !ADMIN_READ_ROLES.includes(profile.role)) {
    return (
      <section className="console">
        <h1>{t.title}</h1>
        <p className="banner error">{t.noAccess}</p>
      </section>
    );
  }
  const canWrite = ADMIN_WRITE_ROLES.includes(profile.role);
  return (
    <section className="console" data-testid="console">
      <h1>{t.title}</h1>
      <nav className="console-tabs" aria-label={t.title}>
        {CONSOLE_TABS.map((name) => (
          <Link
            key={name}
            to={href('consoleTab', { tab: name })}
            data-testid={`console-tab-${name}`}
            className={`btn small ${tab === name ? 'active' : ''}`}
            aria-current={tab === name ? 'page' : undefined}
          >
            {t.tabs[name]}
          </Link>
        ))}
      </nav>
      {!online ? (
        <p className="banner error" data-testid="console-offline">
          {t.offline}
        </p>
      ) : (
        <>
          {!canWrite && <p className="banner">{t.readOnly}</p>}
          <Suspense fallback={<p className="muted">{t.loading}</p>}>
            {tab === 'floors' && <Floors canWrite={canWrite} />}
            {tab === 'windows' && <Windows canWrite={canWrite} />}
            {tab === 'staff' && <StaffList canWrite={canWrite} />}
            {tab === 'users' && <Users canWrite={canWrite} />}
            {tab === 'import' && <Import canWrite={canWrite} />}
            {tab === 'audit' && <Audit />}
            {tab === 'schemes' && <Schemes canWrite={canWrite} />}
            {tab === 'roster' && <DutyRoster canWrite={canWrite} />}
            {tab === 'periods' && <Periods canWrite={canWrite} />}
          </Suspense>
        </>
      )}
    </section>
  );
}
