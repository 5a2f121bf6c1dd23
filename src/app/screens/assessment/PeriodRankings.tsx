import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { GRADE_NAMES } from '../../../domain/assessment/grades';
import { schemeVersionInForce } from '../../../domain/assessment/from-records';
import { periodFromVersions, periodMonths, periodOptions } from '../../../domain/assessment/period-of-versions';
import { db } from '../../db/instance';
import { keptPeriodInputs, refreshPeriodInputs, useBlendT } from '../../features/assessment/period-inputs';
import { useAssessT } from '../../features/assessment/strings';
import { versionIndex } from '../../features/assessment/versions';
import { useLang } from '../../i18n';
import { useSession } from '../../stores/session';
import { navigate } from '../../router';
import { href } from '../../routes';
import { useSyncStatus } from '../../stores/syncStatus';
import { RankingTable } from './RankingTable';

/**
 * Quarter and year (DOMAIN §5.6, §5.8): average scores, the period's honours and the staff
 * grades (优秀/称职/基本称职/不称职), computed on the phone from the published versions it keeps —
 * offline too, with the same pure engine as the server's /api/assessments/periods/:period.
 */
export function PeriodRankings({ label }: { label: string | null }) {
  const t = useAssessT();
  const b = useBlendT();
  const lang = useLang();
  const online = useSyncStatus((s) => s.online);
  const profile = useSession((s) => s.profile);
  const data = useLiveQuery(async () => {
    const options = periodOptions((await versionIndex(db)).months.map((m) => m.month));
    const chosen = label && options.includes(label) ? label : (options[0] ?? null);
    if (!chosen) return { options, chosen, period: null };
    const months = periodMonths(chosen);
    const [versions, schemes, inputs] = await Promise.all([
      db.assessments.where('month').anyOf(months).toArray(),
      db.schemes.toArray(),
      keptPeriodInputs(db, chosen),
    ]);
    // Names (honours, disqualifications) from the scheme the period is graded under: the one in force in its last month.
    return {
      options,
      chosen,
      period: periodFromVersions(chosen, versions, schemes, inputs),
      schemeVersion: schemeVersionInForce(schemes, months.at(-1)!)?.version ?? 1,
    };
  }, [label]);
  const chosenLabel = data?.chosen ?? null;
  // The quota and imported scores of the period (issue #15): fetched when online, kept for offline.
  useEffect(() => {
    if (chosenLabel && online) void refreshPeriodInputs(db, chosenLabel);
  }, [chosenLabel, online]);
  if (!data) return <p className="muted center">…</p>;
  const { options, chosen, period } = data;
  if (!chosen) return <p className="banner note">{t.noPublished}</p>;
  if (!period) return <p className="banner error">{t.noScheme}</p>;
  const labelText = (l: string) => (l.length > 4 ? t.quarterLabel(l.slice(0, 4), l.slice(-1)) : t.yearLabel(l));
  const windowNumber = new Map(period.windows.map((w) => [w.windowId, w.number]));
  const staff = [...period.staff].sort(
    (a, b) =>
      (windowNumber.get(a.windowId) ?? '').localeCompare(windowNumber.get(b.windowId) ?? '', 'zh', { numeric: true }) ||
      a.name.localeCompare(b.name, 'zh'),
  );
  return (
    <div data-testid="period" data-period={chosen}>
      <label className="field">
        <span>{t.periodField}</span>
        <select
          data-testid="period-select"
          value={chosen}
          onChange={(e) => navigate(href('periodOf', { period: e.target.value }))}
        >
          {options.map((o) => (
            <option key={o} value={o}>
              {labelText(o)}
            </option>
          ))}
        </select>
      </label>
      <p className="small muted" data-testid="period-months">
        {t.periodMonths(period.publishedMonths.length, period.months.length)}
      </p>
      <RankingTable
        result={{
          schemeVersion: data.schemeVersion,
          groups: period.groups,
          windows: period.windows.map((w) => ({ ...w, department: '' })),
        }}
        ownWindowId={profile?.windowId ?? null}
      />
      <h2>{t.staffGrades}</h2>
      {period.blendWeights && (
        <p className="small muted" data-testid="period-blend-weights">
          {b.weights(
            Math.round(period.blendWeights.monthly * 100),
            Math.round(period.blendWeights.peerReview * 100),
            Math.round(period.blendWeights.publicSatisfaction * 100),
          )}
        </p>
      )}
      {period.excellentQuota && (
        <p className="small" data-testid="period-quota">
          {b.quota(period.excellentQuota.quota, period.excellentQuota.candidates, period.excellentQuota.awarded)}
          {period.excellentQuota.tie &&
            ` · ${(period.excellentQuota.tie.outcome === 'all_in' ? b.tieIn : b.tieOut)(
              period.excellentQuota.tie.staffIds.length,
              period.excellentQuota.tie.score,
            )}`}
        </p>
      )}
      <ul className="list">
        {staff.map((s) => {
          const own = !!profile?.staffId && s.staffId === profile.staffId;
          return (
            <li
              key={s.staffId}
              className={`card small${own ? ' own' : ''}`}
              data-testid="period-staff"
              data-staff-id={s.staffId}
              data-grade={s.grade}
              data-score={s.score}
            >
              <div className="row-head">
                <span>
                  {windowNumber.get(s.windowId) ?? ''} {s.name}
                  {own && <span className="badge own-badge"> {t.ownSelf}</span>}
                </span>
                <span>
                  <strong>{s.score}</strong> · {GRADE_NAMES[s.grade][lang]}
                </span>
              </div>
              {period.blendWeights && (
                <div className="small period-blend" data-testid="period-staff-blend">
                  {b.average} {s.average} · {b.peer} {s.peerReview ?? '—'} · {b.satisfaction}{' '}
                  {s.publicSatisfaction ?? '—'} · {b.blended} {s.blended ?? '—'}
                </div>
              )}
              {period.blendWeights && s.blended === null && <div className="muted">{b.noBlend}</div>}
              {s.grade !== s.gradeByThreshold && <div className="muted">{b.overQuota}</div>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
