import { useMemo, useState } from 'react';
import { RECORDER_ROLES, ROLE_LABELS } from '../../domain/role-list';
import { useAssessT } from '../features/assessment/strings';
import { formatMonth, useLang, useT } from '../i18n';
import { useHallZone, useSession } from '../stores/session';
import { hallMonth } from '../../domain/hall-time';
import { Link } from '../router';
import { href } from '../routes';
import { Flash } from './Flash';
import { OpenedRecord, ShowMore, ViolationRow, useLookups, useNewestViolations } from './common';
import { LeaveEntries } from './leave/LeaveHome';
import { Thumbnails } from './patrol/Thumbnails';
import type { LocalViolation } from '../db/database';
import { correctedNow } from '../sync/clock';

/** Supervision section and center leaders: every violation on the phone, newest first. */
export default function SupervisionHome() {
  const t = useT();
  const lang = useLang();
  const profile = useSession((s) => s.profile);
  const lookups = useLookups();
  const ta = useAssessT();
  const userId = profile?.id ?? '';
  const zone = useHallZone();
  const monthOf = (at: string | Date) =>
    Number.isNaN(new Date(at).getTime()) ? String(at).slice(0, 7) : hallMonth(at, zone);
  const thisMonth = monthOf(correctedNow());
  const [month, setMonth] = useState(thisMonth);
  const [opened, setOpened] = useState<LocalViolation | null>(null);
  // The last 12 months to choose from; the list itself reads only one page of the newest rows.
  const months = useMemo(() => {
    const now = correctedNow();
    return Array.from({ length: 12 }, (_, i) => hallMonth(new Date(now.getFullYear(), now.getMonth() - i, 15), zone));
  }, [zone]);
  const {
    rows: shown,
    hasMore,
    showMore,
  } = useNewestViolations(
    (v) => (v.syncState === 'synced' || v.recordedBy === userId) && (!month || monthOf(v.observedAt) === month),
    [userId, month, zone],
  );

  return (
    <section>
      <h1>
        {profile?.displayName} <span className="muted small">{profile ? ROLE_LABELS[profile.role][lang] : ''}</span>
      </h1>
      <Flash />
      {profile && (profile.role === 'supervision' || profile.role === 'center_leader') && (
        <Link to={href('console')} className="btn big" data-testid="open-console">
          {t.adminConsole}
        </Link>
      )}
      {profile && (profile.role === 'supervision' || profile.role === 'center_leader') && (
        <Link to={href('cycle')} className="btn big" data-testid="open-cycle-home">
          {ta.cycle}
        </Link>
      )}
      {profile && RECORDER_ROLES.includes(profile.role) && (
        <Link to={href('record')} className="btn primary big" data-testid="record-violation">
          {t.recordViolation}
        </Link>
      )}
      <LeaveEntries />
      <h2>{t.allRecords}</h2>
      <label className="field inline">
        <span>{t.month}</span>
        <select
          data-testid="month-filter"
          aria-label={t.month}
          value={month}
          onChange={(e) => setMonth(e.target.value)}
        >
          <option value="">{t.allMonths}</option>
          {months.map((m) => (
            <option key={m} value={m}>
              {formatMonth(m, lang)}
            </option>
          ))}
        </select>
      </label>
      {shown.length === 0 ? (
        <p className="muted" data-testid="no-records">
          {t.noRecords}
        </p>
      ) : (
        <ul className="list" data-testid="all-records">
          {shown.map((row) => (
            <ViolationRow key={row.id} row={row} lookups={lookups} detailed onOpen={setOpened}>
              <Thumbnails violationId={row.id} fetchMissing />
            </ViolationRow>
          ))}
        </ul>
      )}
      {hasMore && <ShowMore onClick={showMore} />}
      {opened && <OpenedRecord record={opened} onClose={() => setOpened(null)} />}
    </section>
  );
}
