import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { LEAVE_REASON_LABEL } from '../../../domain/assessment/leave-records';
import { windowExplanation, windowRecordIds } from '../../../domain/assessment/published';
import type { MonthAssessment } from '../../../domain/assessment/month';
import type { Violation } from '../../../domain/violation';
import type { LocalViolation } from '../../db/database';
import { db } from '../../db/instance';
import { useAssessT } from '../../features/assessment/strings';
import { useLang, useT } from '../../i18n';
import { namesOf, useSchemeVersion, useHallClockText } from './names';
import { RefusedNote } from '../RefusedNote';
import { RecordDetail, type DetailRecord } from '../RecordDetail';
import { openOnTap } from '../common';
import { Thumbnails } from '../patrol/Thumbnails';

/**
 * Exactly why a window has its score (issue 4): base − every deduction taken + bonus granted,
 * per category with what a cap cut and why, each record with the record behind it (time,
 * person, note — from the phone when it holds the record), bonuses, what did not count and why,
 * and the disqualifications.
 */
/** showRank false: the result was computed from part of the hall's records (a phone's provisional view), so a rank would mislead. */
export function Explanation({
  result,
  windowId,
  showRank = true,
  fetched = [],
}: {
  result: MonthAssessment;
  windowId: string;
  showRank?: boolean;
  /** The records that came with a fetched explanation: the phone has no rows of older months. */
  fetched?: readonly Violation[];
}) {
  const clock = useHallClockText();
  const t = useAssessT();
  const lang = useLang();
  const tc = useT();
  const names = namesOf(useSchemeVersion(result.schemeVersion), lang);
  // The record behind a line, opened in full (photos too); a leave consequence is no phone record.
  const [opened, setOpened] = useState<DetailRecord | null>(null);
  const found = windowExplanation(result, windowId);
  const recordIds = found ? windowRecordIds(found.window) : [];
  // The phone's own rows first (they carry a change waiting or refused); then those fetched with it.
  const local = useLiveQuery(
    async () =>
      new Map(((await db.violations.bulkGet(recordIds)).filter(Boolean) as LocalViolation[]).map((v) => [v.id, v])),
    [recordIds.join(',')],
    new Map<string, LocalViolation>(),
  );
  const records = new Map<string, LocalViolation | Violation>([...fetched.map((v) => [v.id, v] as const), ...local]);
  if (!found) return <p className="banner note">{t.nothing}</p>;
  const { window: w, staff } = found;
  const sheet = w.sheet;
  const staffName = new Map(result.staff.map((s) => [s.staffId, s.name]));
  const person = (id: string | null) => (id ? (staffName.get(id) ?? '—') : t.theWindow);
  // A record of source 'leave' is computed from a leave or outing: say which, and why (not a phone record).
  const leaveSource = new Map((result.leaveSources ?? []).map((l) => [l.recordId, l]));
  const details = (id: string) => {
    const l = leaveSource.get(id);
    if (l) {
      return (
        <span data-testid="explanation-leave-source" data-reason={l.reason} data-source-id={l.sourceId}>
          {LEAVE_REASON_LABEL[l.reason][lang]}：{l.explanation[lang]}
        </span>
      );
    }
    const r = records.get(id);
    if (!r) return <span className="muted">{t.recordNotOnPhone}</span>;
    return (
      <span>
        {t.recordDetails(clock(r.observedAt), r.recordedByName ?? '')}
        {r.note ? ` · ${r.note}` : ''}
        {'syncState' in r && <RefusedNote row={r} />}
      </span>
    );
  };

  return (
    <div className="explanation" data-testid="explanation" data-window-id={windowId}>
      <h2>
        {w.number} {w.name} <span className="muted small">{w.department}</span>
      </h2>
      <p className="score-line" data-testid="explanation-score" data-score={w.score}>
        <strong>
          {t.score} {w.score}
        </strong>
        {showRank && w.rank !== null && ` · ${t.rank} ${w.rank}`}
        {showRank && w.honour && <span className="badge honour"> {names.honour(w.honour)}</span>}
      </p>
      <p className="muted" data-testid="explanation-formula">
        {t.formula(sheet.base, sheet.deductionsTaken, sheet.bonusGranted, sheet.score)}
      </p>
      {w.disqualifications.length > 0 && (
        <div className="banner error" data-testid="explanation-disqualified">
          {t.disqualifiedBecause}:{' '}
          {w.disqualifications.map((d) => `${names.disqualification(d.code)}（${d.reason}）`).join('；')}
        </div>
      )}
      {sheet.categories
        .filter((c) => c.records.length > 0)
        .map((c) => (
          <div key={c.code} className="card category" data-testid="explanation-category" data-code={c.code}>
            <div className="row-head">
              <strong>{names.category(c.code)}</strong>
              <span className="small muted">
                {t.weight(c.weight)} · {t.recorded(c.recorded)} · {t.taken(c.taken)}
              </span>
            </div>
            <ul className="list plain">
              {c.records.map((r) => (
                <li
                  key={r.recordId}
                  data-testid="explanation-record"
                  data-record-id={r.recordId}
                  className={leaveSource.has(r.recordId) ? undefined : 'record-open'}
                  onClick={
                    leaveSource.has(r.recordId)
                      ? undefined
                      : openOnTap(() =>
                          setOpened(
                            records.get(r.recordId) ?? {
                              id: r.recordId,
                              windowId,
                              staffId: r.staffId,
                              itemCode: r.itemCode,
                              count: r.quantity,
                            },
                          ),
                        )
                  }
                >
                  <div className="row-head">
                    <span>
                      {names.item(r.itemCode)} · {person(r.staffId)}
                      {r.substituteFor ? ` · ${t.substituteFor(staffName.get(r.substituteFor) ?? '')}` : ''}
                    </span>
                    <strong className="deduct">−{r.amount}</strong>
                  </div>
                  <div className="small muted">
                    {r.points} × {r.quantity} · {t.source[r.source] ?? r.source} · {details(r.recordId)}
                  </div>
                  {!leaveSource.has(r.recordId) && (
                    <>
                      <Thumbnails violationId={r.recordId} fetchMissing />
                      <button
                        type="button"
                        className="btn small"
                        data-testid="open-record"
                        onClick={() =>
                          setOpened(
                            records.get(r.recordId) ?? {
                              id: r.recordId,
                              windowId,
                              staffId: r.staffId,
                              itemCode: r.itemCode,
                              count: r.quantity,
                            },
                          )
                        }
                      >
                        {tc.details}
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
            {c.cut > 0 && (
              <p className="small warn-text" data-testid="explanation-cut">
                {t.cut(c.cut, c.weight)}
              </p>
            )}
            {c.policy === 'no_floor' && c.recorded > c.weight && <p className="small warn-text">{t.noFloor}</p>}
          </div>
        ))}
      {sheet.deductionsRecorded === 0 && <p className="muted">{t.nothing}</p>}
      {sheet.bonus.lines.length > 0 && (
        <div className="card" data-testid="explanation-bonus">
          <div className="row-head">
            <strong>{t.bonus}</strong>
            <strong className="bonus">+{sheet.bonusGranted}</strong>
          </div>
          <ul className="list plain">
            {sheet.bonus.lines.map((b) => (
              <li key={b.recordId} className={b.counted ? '' : 'muted'}>
                {names.bonus(b.bonusCode)} · {person(b.staffId)} · +{b.points}
                {!b.counted && <span className="small"> · {t.notCountedBonus}</span>}
              </li>
            ))}
          </ul>
          {sheet.bonus.cut > 0 && <p className="small warn-text">{t.bonusCap(sheet.bonus.cap, sheet.bonus.cut)}</p>}
        </div>
      )}
      {sheet.notCounted.length > 0 && (
        <div className="card" data-testid="explanation-not-counted">
          <strong>{t.notCounted}</strong>
          <ul className="list plain">
            {sheet.notCounted.map((n) => {
              const r = records.get(n.recordId);
              return (
                <li
                  key={n.recordId}
                  data-testid="not-counted-record"
                  data-record-id={n.recordId}
                  data-reason={n.reason}
                >
                  {r ? `${names.item(r.itemCode)} × ${r.count} · ${person(r.staffId)}` : t.recordNotOnPhone} —{' '}
                  {t.notCountedReason[n.reason] ?? n.note}
                  {r && <div className="small muted">{details(n.recordId)}</div>}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {staff.length > 0 && (
        <>
          <h3>{t.staffScores}</h3>
          <ul className="list plain small">
            {staff.map((s) => (
              <li key={s.staffId}>
                {s.name}: {s.score}
                {s.sheet.deductionsTaken > 0 ? ` (−${s.sheet.deductionsTaken})` : ''}
                {s.sheet.bonusGranted > 0 ? ` (+${s.sheet.bonusGranted})` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {opened && <RecordDetail record={opened} onClose={() => setOpened(null)} />}
    </div>
  );
}
