import { useState } from 'react';
import { ROLE_LABELS } from '../../domain/role-list';
import type { LocalViolation } from '../db/database';
import { useLang, useT } from '../i18n';
import { useSession } from '../stores/session';
import { Link } from '../router';
import { href } from '../routes';
import { Flash } from './Flash';
import { OpenedRecord, ShowMore, ViolationRow, useLookups, useNewestViolations } from './common';
import { TodayRounds } from './patrol/TodayRounds';
import { AwayToday } from './leave/AwayToday';
import { RevealWhenLoaded, useLoadedPart } from './RevealWhenLoaded';

export default function DutyHome() {
  const t = useT();
  const lang = useLang();
  const profile = useSession((s) => s.profile);
  const userId = profile?.id ?? '';
  return (
    <section>
      <h1>
        {profile?.displayName} <span className="muted small">{profile ? ROLE_LABELS[profile.role][lang] : ''}</span>
      </h1>
      <Flash />
      <RevealWhenLoaded>
        <TodayRounds />
        <Link to={href('record')} className="btn primary big" data-testid="record-violation">
          {t.recordViolation}
        </Link>
        <AwayToday />
        <MyRecords userId={userId} />
      </RevealWhenLoaded>
    </section>
  );
}

/** The duty leader's own records, newest first; one opens in full (photos, return time). */
function MyRecords({ userId }: { userId: string }) {
  const t = useT();
  const lookups = useLookups();
  const [opened, setOpened] = useState<LocalViolation | null>(null);
  const { rows, hasMore, showMore, loaded } = useNewestViolations((v) => v.recordedBy === userId, [userId]);
  useLoadedPart(loaded && !!lookups.loaded);
  return (
    <>
      <h2>{t.myRecords}</h2>
      {rows.length === 0 ? (
        <p className="muted" data-testid="no-records">
          {t.noRecords}
        </p>
      ) : (
        <ul className="list" data-testid="my-records">
          {rows.map((row) => (
            <ViolationRow key={row.id} row={row} lookups={lookups} onOpen={setOpened} />
          ))}
        </ul>
      )}
      {hasMore && <ShowMore onClick={showMore} />}
      {opened && <OpenedRecord record={opened} onClose={() => setOpened(null)} />}
    </>
  );
}
