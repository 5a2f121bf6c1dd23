import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { VIOLATION_COUNT_MAX, absenceConversions, conversionOptionsOf, hallDay, hallIso } from '../../../domain';
import type { LocalViolation } from '../../db/database';
import { db } from '../../db/instance';
import { updateViolation, withdrawViolation } from '../../features/patrol/corrections';
import { usePatrolT } from '../../features/patrol/strings';
import { useLang, useT } from '../../i18n';
import { useHallZone, useSession } from '../../stores/session';
import { navigate } from '../../router';
import { href } from '../../routes';
import { ViolationRow, checklist, newestFirst, useLookups } from '../common';
import { Thumbnails } from './Thumbnails';
import { ReturnTime } from './ReturnTime';
import { correctedNow } from '../../sync/clock';

/** The leader's own records by day (local hall day), with sync state; correct or withdraw one. */
export default function History() {
  const t = usePatrolT();
  const tc = useT();
  const lang = useLang();
  const profile = useSession((s) => s.profile);
  const lookups = useLookups();
  const userId = profile?.id ?? '';
  const zone = useHallZone();
  // The last 62 days (through the observedAt index): enough for this month and the last.
  const since = useMemo(() => new Date(correctedNow().getTime() - 62 * 86_400_000).toISOString(), []);
  const rows = useLiveQuery(
    // One getAll, then keep the user's (a Dexie .filter() walks a cursor: an IndexedDB round trip per row).
    async () =>
      (await db.violations.where('observedAt').aboveOrEqual(since).toArray())
        .filter((v) => v.recordedBy === userId)
        .sort(newestFirst),
    [userId, since],
    [],
  );
  // Off post twice a day or over 30 minutes: half a day's absence, explained on the records.
  const conversions = useMemo(() => {
    const byRecord = new Map<string, string>();
    const hall = rows.map((r) => ({
      ...r,
      observedAt: hallIso(r.observedAt, zone),
      returnedAt: r.returnedAt ? hallIso(r.returnedAt, zone) : null,
    }));
    for (const c of absenceConversions(hall, conversionOptionsOf(lookups.scheme))) {
      for (const id of c.violationIds) byRecord.set(id, c.explanation[lang]);
    }
    return byRecord;
  }, [rows, lang, zone, lookups.scheme]);
  const byDay = useMemo(() => {
    const groups = new Map<string, LocalViolation[]>();
    for (const row of rows) {
      const day = hallDay(row.observedAt, zone);
      groups.set(day, [...(groups.get(day) ?? []), row]);
    }
    return [...groups];
  }, [rows, zone]);
  const [editing, setEditing] = useState<string | null>(null);

  return (
    <section data-testid="history">
      <h1>{t.history}</h1>
      {byDay.length === 0 && <p className="muted">{t.noHistory}</p>}
      {byDay.map(([day, list]) => (
        <div key={day}>
          <h2 className="small">
            {day} · {list.length}
          </h2>
          <ul className="list">
            {list.map((row) => (
              <li key={row.id}>
                <ViolationRow row={row} lookups={lookups} as="div" />
                <Thumbnails violationId={row.id} />
                {profile && <ReturnTime row={row} actor={{ id: profile.id, displayName: profile.displayName }} />}
                {conversions.has(row.id) && (
                  <p className="small error-text" data-testid="absence-explained">
                    {t.absenceTitle}: {conversions.get(row.id)}
                  </p>
                )}
                <div className="actions small">
                  {row.status === 'withdrawn' && <span className="badge rejected">{t.withdrawn}</span>}
                  {row.lateSubmissionId && <span className="badge pending">{t.lateBadge}</span>}
                  {row.status !== 'withdrawn' && !row.lateSubmissionId && (
                    <button
                      type="button"
                      className="btn small"
                      data-testid="correct"
                      onClick={() => setEditing(editing === row.id ? null : row.id)}
                    >
                      {t.correct}
                    </button>
                  )}
                </div>
                {editing === row.id && profile && (
                  <Correct
                    row={row}
                    actor={{ id: profile.id, displayName: profile.displayName }}
                    done={() => setEditing(null)}
                  />
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <button type="button" className="btn" onClick={() => navigate(href('home'))}>
        {tc.back}
      </button>
    </section>
  );
}

function Correct({
  row,
  actor,
  done,
}: {
  row: LocalViolation;
  actor: { id: string; displayName: string };
  done: () => void;
}) {
  const t = usePatrolT();
  const tc = useT();
  const lang = useLang();
  const lookups = useLookups();
  const items = checklist(lookups.scheme);
  const staff = [...lookups.staff.entries()].filter(([, s]) => s.windowId === row.windowId);
  const [count, setCount] = useState(row.count);
  const [itemCode, setItemCode] = useState(row.itemCode);
  const [staffId, setStaffId] = useState(row.staffId ?? '');
  const [note, setNote] = useState(row.note);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function save() {
    setError(null);
    try {
      const patch = {
        ...(count !== row.count ? { count } : {}),
        ...(itemCode !== row.itemCode ? { itemCode } : {}),
        ...((staffId || null) !== row.staffId ? { staffId: staffId || null } : {}),
        ...(note !== row.note ? { note } : {}),
      };
      if (Object.keys(patch).length) await updateViolation(db, { id: row.id, ...patch }, actor);
      done();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function withdraw() {
    setError(null);
    try {
      await withdrawViolation(db, row.id, reason, actor);
      done();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <div className="card form" data-testid="correct-form">
      <label className="field">
        <span>{tc.item}</span>
        <select value={itemCode} onChange={(e) => setItemCode(e.target.value)}>
          {[
            ...items,
            ...(items.some((i) => i.code === row.itemCode) ? [] : [lookups.items.get(row.itemCode)].filter((i) => !!i)),
          ].map((item) => (
            <option key={item.code} value={item.code}>
              {item.name[lang]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{tc.staff}</span>
        <select value={staffId} onChange={(e) => setStaffId(e.target.value)}>
          <option value="">{tc.windowUnknownPerson}</option>
          {staff.map(([id, s]) => (
            <option key={id} value={id}>
              {s.name} ({s.post})
            </option>
          ))}
        </select>
      </label>
      <div className="stepper" role="group" aria-label={tc.count}>
        <button type="button" className="btn" disabled={count <= 1} onClick={() => setCount((c) => Math.max(1, c - 1))}>
          −
        </button>
        <output>{count}</output>
        <button
          type="button"
          className="btn"
          disabled={count >= VIOLATION_COUNT_MAX}
          onClick={() => setCount((c) => Math.min(VIOLATION_COUNT_MAX, c + 1))}
        >
          +
        </button>
      </div>
      <label className="field">
        <span>{tc.note}</span>
        <textarea rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="actions">
        <button type="button" className="btn" onClick={done}>
          {tc.cancel}
        </button>
        <button type="button" className="btn primary" data-testid="correct-save" onClick={() => void save()}>
          {tc.save}
        </button>
      </div>
      <label className="field">
        <span>{t.withdrawReason}</span>
        <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="withdraw-reason" />
      </label>
      <div className="actions">
        <button
          type="button"
          className="btn danger"
          data-testid="withdraw"
          disabled={!reason.trim()}
          onClick={() => void withdraw()}
        >
          {t.withdraw}
        </button>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
