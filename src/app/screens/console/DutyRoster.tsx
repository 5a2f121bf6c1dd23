import { useState } from 'react';
import type { AdminUser } from '../../../domain/admin';
import { hallMonth } from '../../../domain/hall-time';
import {
  DUTY_ROLES,
  daysOfMonth,
  isHallWorkingDay,
  rosterDays,
  type DutyRoster as RosterEntry,
} from '../../../domain/patrol/roster';
import { ROLE_LABELS, type Role } from '../../../domain/roles';
import { useLang } from '../../i18n';
import { CrudForm, CrudTable, Feedback, Field, useCrud } from './crud';
import { Loading, useAdminGet, type FloorDto } from './shared';
import { useCT } from './strings';

import { useHallZone } from '../../stores/session';
import { correctedNow } from '../../sync/clock';

interface Draft {
  id: string | null;
  floorId: string;
  userId: string;
  everyDay: boolean;
  dates: string[];
  standIns: { date: string; userId: string }[];
}
const EMPTY: Draft = { id: null, floorId: '', userId: '', everyDay: false, dates: [], standIns: [] };

/** 值班安排: the monthly duty roster: who covers which floor on which days, and stand-ins. */
export default function DutyRoster({ canWrite }: { canWrite: boolean }) {
  const t = useCT();
  const lang = useLang();
  const zone = useHallZone();
  const [month, setMonth] = useState(() => hallMonth(correctedNow(), zone));
  const roster = useCrud<{ month: string; roster: RosterEntry[] }>(`/duty-roster?month=${month}`);
  const floors = useAdminGet<{ floors: FloorDto[] }>('/floors');
  const users = useAdminGet<{ users: AdminUser[] }>('/users');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const floorList = floors.data?.floors ?? [];
  const officers = (users.data?.users ?? []).filter(
    (u) => !u.disabled && (DUTY_ROLES as readonly Role[]).includes(u.role),
  );
  const floorName = (id: string) => floorList.find((f) => f.id === id)?.name ?? id;
  const days = daysOfMonth(month);
  const draftDays = draft.everyDay ? days : [...draft.dates].sort();

  const toggleDay = (day: string) =>
    setDraft((d) => {
      const dates = d.everyDay ? days : d.dates;
      const next = dates.includes(day) ? dates.filter((x) => x !== day) : [...dates, day];
      return {
        ...d,
        everyDay: false,
        dates: next,
        standIns: d.standIns.filter((s) => !s.date || next.includes(s.date)),
      };
    });

  const officerOptions = (
    <>
      <option value="">—</option>
      {officers.map((u) => (
        <option key={u.id} value={u.id}>
          {u.displayName}（{ROLE_LABELS[u.role][lang]}）
        </option>
      ))}
    </>
  );

  return (
    <div data-testid="console-roster">
      <label className="field">
        <span>{t.rosterMonth}</span>
        <input
          type="month"
          data-testid="roster-month"
          value={month}
          onChange={(e) => {
            if (/^\d{4}-\d{2}$/.test(e.target.value)) {
              setMonth(e.target.value);
              setDraft(EMPTY);
            }
          }}
        />
      </label>
      <p className="muted">{t.rosterHelp}</p>
      {canWrite && (
        <CrudForm
          testId="roster-form"
          onSubmit={async () => {
            const body = {
              month,
              floorId: draft.floorId,
              userId: draft.userId,
              dates: draft.everyDay ? [] : [...draft.dates].sort(),
              standIns: draft.standIns.filter((s) => s.date && s.userId),
            };
            const ok = draft.id ? await roster.update(draft.id, body) : await roster.create(body);
            if (ok) setDraft(EMPTY);
          }}
        >
          <strong style={{ gridColumn: '1 / -1' }}>{draft.id ? t.rosterEditing : t.rosterNew}</strong>
          <Field label={t.floor}>
            <select value={draft.floorId} onChange={(e) => setDraft({ ...draft, floorId: e.target.value })}>
              <option value="">—</option>
              {floorList.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t.rosterOfficer}>
            <select value={draft.userId} onChange={(e) => setDraft({ ...draft, userId: e.target.value })}>
              {officerOptions}
            </select>
          </Field>
          <fieldset style={{ gridColumn: '1 / -1' }}>
            <legend>
              {t.rosterDays}（{t.rosterDayCount(draftDays.length)}）
            </legend>
            <div className="console-actions">
              <label>
                <input
                  type="checkbox"
                  checked={draft.everyDay}
                  onChange={(e) => setDraft({ ...draft, everyDay: e.target.checked, dates: [] })}
                />{' '}
                {t.rosterEveryDay}
              </label>
              <button
                type="button"
                className="btn small"
                onClick={() => setDraft({ ...draft, everyDay: false, dates: days.filter(isHallWorkingDay) })}
              >
                {t.rosterWeekdays}
              </button>
              <button
                type="button"
                className="btn small"
                onClick={() => setDraft({ ...draft, everyDay: false, dates: [], standIns: [] })}
              >
                {t.rosterClear}
              </button>
            </div>
            <div className="console-actions" style={{ marginTop: '0.35rem' }}>
              {days.map((day) => (
                <label key={day} style={{ minWidth: '3.2rem' }} className={isHallWorkingDay(day) ? '' : 'muted'}>
                  <input
                    type="checkbox"
                    data-testid={`roster-day-${day}`}
                    checked={draftDays.includes(day)}
                    onChange={() => toggleDay(day)}
                  />{' '}
                  {day.slice(8)}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset style={{ gridColumn: '1 / -1' }}>
            <legend>{t.rosterStandIns}</legend>
            {draft.standIns.map((s, i) => (
              <div key={i} className="console-actions">
                <select
                  aria-label={t.rosterStandInDate}
                  value={s.date}
                  onChange={(e) =>
                    setDraft({
                      ...draft,
                      standIns: draft.standIns.map((x, j) => (j === i ? { ...x, date: e.target.value } : x)),
                    })
                  }
                >
                  <option value="">—</option>
                  {draftDays.map((d) => (
                    <option key={d} value={d}>
                      {d}
                    </option>
                  ))}
                </select>
                <select
                  aria-label={t.rosterStandIns}
                  value={s.userId}
                  onChange={(e) =>
                    setDraft({
                      ...draft,
                      standIns: draft.standIns.map((x, j) => (j === i ? { ...x, userId: e.target.value } : x)),
                    })
                  }
                >
                  {officerOptions}
                </select>
                <button
                  type="button"
                  className="btn small"
                  onClick={() => setDraft({ ...draft, standIns: draft.standIns.filter((_, j) => j !== i) })}
                >
                  {t.delete}
                </button>
              </div>
            ))}
            <button
              type="button"
              className="btn small"
              onClick={() => setDraft({ ...draft, standIns: [...draft.standIns, { date: '', userId: '' }] })}
            >
              {t.rosterStandInAdd}
            </button>
          </fieldset>
          <div className="console-actions">
            <button type="submit" className="btn primary" data-testid="roster-save">
              {t.save}
            </button>
            {draft.id && (
              <button type="button" className="btn" onClick={() => setDraft(EMPTY)}>
                {t.cancel}
              </button>
            )}
          </div>
        </CrudForm>
      )}
      <Feedback action={roster.action} />
      <Loading loaded={roster.list}>
        {(data) => (
          <CrudTable
            testId="roster-table"
            rowTestId="roster-row"
            rows={data.roster}
            empty={<p className="muted">{t.empty}</p>}
            canWrite={canWrite}
            onEdit={(r) =>
              setDraft({
                id: r.id,
                floorId: r.floorId,
                userId: r.userId,
                everyDay: r.dates.length === 0,
                dates: r.dates,
                standIns: r.standIns.map(({ date, userId }) => ({ date, userId })),
              })
            }
            confirmDelete={(r) => t.rosterConfirmDelete(r.userName, floorName(r.floorId))}
            onDelete={async (r) => {
              if ((await roster.remove(r.id)) && draft.id === r.id) setDraft(EMPTY);
            }}
            columns={[
              { header: t.floor, cell: (r) => floorName(r.floorId) },
              { header: t.rosterOfficer, cell: (r) => r.userName },
              {
                header: t.rosterDays,
                cell: (r) =>
                  r.dates.length === 0
                    ? t.rosterEveryDay
                    : `${r.dates.map((d) => Number(d.slice(8))).join('、')}（${t.rosterDayCount(rosterDays(r.month, r.dates).length)}）`,
              },
              {
                header: t.rosterStandIns,
                cell: (r) => r.standIns.map((s) => `${s.date.slice(5)} ${s.userName}`).join('；') || '—',
              },
            ]}
          />
        )}
      </Loading>
    </div>
  );
}
