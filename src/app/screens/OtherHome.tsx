import { ROLE_LABELS } from '../../domain/role-list';
import { useLang, useT } from '../i18n';
import { useAssessT } from '../features/assessment/strings';
import { useSession } from '../stores/session';
import { Link } from '../router';
import { href } from '../routes';
import { ShowMore, ViolationRow, useLookups, useNewestViolations } from './common';
import { Flash } from './Flash';
import { LeaveEntries } from './leave/LeaveHome';
import { RosteredPatrol } from './patrol/RosteredPatrol';

/**
 * Staff, window heads and department leaders: the records the server lets them see (the pull
 * is scoped to them), and their leave: requests, the approver's inbox, outings, coverage.
 */
export default function OtherHome() {
  const t = useT();
  const lang = useLang();
  const profile = useSession((s) => s.profile);
  const lookups = useLookups();
  const ta = useAssessT();
  const { rows, hasMore, showMore } = useNewestViolations(
    (v) => v.syncState === 'synced' || v.recordedBy === profile?.id,
    [profile?.id],
  );
  return (
    <section>
      <h1>
        {profile?.displayName} <span className="muted small">{profile ? ROLE_LABELS[profile.role][lang] : ''}</span>
      </h1>
      <div className="segmented">
        <Link to={href('rankings')} className="btn big" data-testid="home-rankings">
          {ta.rankings}
        </Link>
        {profile?.role === 'window_head' && (
          <Link to={href('verify')} className="btn big" data-testid="home-verify">
            {ta.verify}
          </Link>
        )}
      </div>
      <Flash />
      {profile?.role === 'window_head' && <RosteredPatrol />}
      <LeaveEntries />
      <h2>{t.visibleRecords}</h2>
      {rows.length === 0 ? (
        <p className="muted" data-testid="no-records">
          {t.noRecords}
        </p>
      ) : (
        <ul className="list">
          {rows.map((row) => (
            <ViolationRow key={row.id} row={row} lookups={lookups} detailed />
          ))}
        </ul>
      )}
      {hasMore && <ShowMore onClick={showMore} />}
    </section>
  );
}
