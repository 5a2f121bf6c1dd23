import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { ProvisionalAssessment } from '../../../domain/assessment/published';
import { HALL_WIDE_ROLES } from '../../../domain/roles';
import { db } from '../../db/instance';
import { bulletinUrl } from '../../features/assessment/api';
import { hallMonth } from '../../../domain/hall-time';
import { computeProvisional } from '../../features/assessment/provisional';
import { useAssessT } from '../../features/assessment/strings';
import { loadSummary } from '../../features/assessment/summaries';
import { versionIndex } from '../../features/assessment/versions';
import {
  fetchExplanation,
  readExplanation,
  touchExplanation,
  type FetchOutcome,
} from '../../features/assessment/explanations';
import type { RankingSummary } from '../../features/assessment/summaries';
import { browserFetch } from '../../http/client';
import { formatMonth, formatTime, useLang } from '../../i18n';
import { useHallZone, useSession } from '../../stores/session';
import { useSyncStatus } from '../../stores/syncStatus';
import { Link, navigate } from '../../router';
import { href, type RouteOf } from '../../routes';
import { Explanation } from './Explanation';
import { PeriodRankings } from './PeriodRankings';
import { RankingTable } from './RankingTable';
import { useHallClockText } from './names';
import './assessment.css';
import { correctedNow } from '../../sync/clock';

export type RankingsRoute = RouteOf<
  'rankings' | 'rankingsVersion' | 'rankingsWindow' | 'provisional' | 'provisionalWindow' | 'period' | 'periodOf'
>;

/** What a rankings route shows (routes.ts has the paths): a published version, the provisional month, or a period. */
function viewOf(route: RankingsRoute): {
  provisional: boolean;
  period: string | null | false;
  month: string | null;
  version: number | null;
  windowId: string | null;
} {
  const none = { provisional: false, period: false as const, month: null, version: null, windowId: null };
  switch (route.name) {
    case 'rankings':
      return none;
    case 'rankingsVersion':
      return { ...none, ...route.params };
    case 'rankingsWindow':
      return { ...none, ...route.params };
    case 'provisional':
      return { ...none, provisional: true };
    case 'provisionalWindow':
      return { ...none, provisional: true, windowId: route.params.windowId };
    case 'period':
      return { ...none, period: null };
    case 'periodOf':
      return { ...none, period: route.params.period };
  }
}

/** 'wd:rankings-open': from the nav tap (marked in the shell, App.tsx) to the ranking rendered from IndexedDB; read by `npm run bench`. */
let openedSinceLoad = false;

function measureOpen(): void {
  const tap = performance.getEntriesByName('wd:rankings-tap', 'mark').at(-1);
  if (tap) {
    performance.clearMarks('wd:rankings-tap');
    performance.measure('wd:rankings-open', { start: tap.startTime, end: performance.now() });
  } else if (!openedSinceLoad) {
    // The app opened straight on the rankings (the bus case): from the navigation's start.
    performance.measure('wd:rankings-load', { start: 0, end: performance.now() });
  }
  openedSinceLoad = true;
}

/**
 * Rankings for every role (issue 4): the latest published version of each month from the phone
 * (offline), its groups with honours, the version history, a window's explanation; and the
 * provisional "this month so far" computed on the phone.
 */
export default function Rankings({ route: at }: { route: RankingsRoute }) {
  const t = useAssessT();
  const profile = useSession((s) => s.profile);
  const route = viewOf(at);
  return (
    <section data-testid="rankings">
      <h1>{t.rankings}</h1>
      <div className="segmented tabs">
        <Link
          to={href('rankings')}
          className={`btn small ${route.provisional || route.period !== false ? '' : 'active'}`}
          data-testid="tab-published"
        >
          {t.published}
        </Link>
        <Link
          to={href('provisional')}
          className={`btn small ${route.provisional ? 'active' : ''}`}
          data-testid="tab-provisional"
        >
          {t.provisional}
        </Link>
        <Link
          to={href('period')}
          className={`btn small ${route.period !== false ? 'active' : ''}`}
          data-testid="tab-period"
        >
          {t.periodTab}
        </Link>
      </div>
      {profile?.role === 'window_head' && !route.windowId && (
        <Link to={href('verify')} className="btn big" data-testid="open-verify">
          {t.verify}
        </Link>
      )}
      {profile && HALL_WIDE_ROLES.includes(profile.role) && !route.windowId && (
        <Link to={href('cycle')} className="btn big" data-testid="open-cycle">
          {t.cycle}
        </Link>
      )}
      {route.provisional ? (
        <Provisional windowId={route.windowId} />
      ) : route.period !== false ? (
        <PeriodRankings label={route.period} />
      ) : (
        <Published month={route.month} version={route.version} windowId={route.windowId} />
      )}
    </section>
  );
}

function Published({
  month,
  version,
  windowId,
}: {
  month: string | null;
  version: number | null;
  windowId: string | null;
}) {
  const clock = useHallClockText();
  const t = useAssessT();
  const lang = useLang();
  const online = useSyncStatus((s) => s.online);
  const profile = useSession((s) => s.profile);
  // One query for the months on the phone and the summary shown: the table renders in one pass.
  // The table reads the version's summary; the full result only for a window's explanation.
  const data = useLiveQuery(async () => {
    const index = await versionIndex(db);
    const m = month ?? index.months[0]?.month ?? null;
    const entry = index.months.find((x) => x.month === m);
    const v = version ?? entry?.latest ?? null;
    return { index, entry, row: m && v ? await loadSummary(db, m, v) : null };
  }, [month, version]);
  const index = data?.index;
  const entry = data?.entry;
  const row = data?.row;
  const shownMonth = row?.month ?? null;
  const [history, setHistory] = useState(false);
  const versions = useLiveQuery(
    async () =>
      history && shownMonth && entry
        ? (await Promise.all(entry.versions.map((v) => loadSummary(db, shownMonth, v)))).filter((v) => v !== null)
        : [],
    [history, shownMonth, entry?.versions.join(',')],
    [],
  );
  const shown = !!row && !windowId;
  useEffect(() => {
    if (shown) measureOpen();
  }, [shown]);

  if (!index) return <p className="muted center">…</p>;
  if (!index.months.length)
    return (
      <p className="banner note" data-testid="no-published">
        {t.noPublished}
      </p>
    );
  if (!row || !entry) return <p className="banner note">{t.noPublished}</p>;
  const base = href('rankingsVersion', { month: row.month, version: row.version });
  if (windowId)
    return (
      <>
        <button type="button" className="btn" data-testid="explanation-back" onClick={() => navigate(base)}>
          {t.back}
        </button>
        <p className="muted small">
          {formatMonth(row.month, lang)} · {t.version(row.version)}
        </p>
        <PublishedExplanation version={row} windowId={windowId} />
      </>
    );

  return (
    <div data-testid="published" data-month={row.month} data-version={row.version}>
      <label className="field inline">
        <span>{t.month}</span>
        <select
          data-testid="rankings-month"
          value={row.month}
          onChange={(e) =>
            navigate(
              href('rankingsVersion', {
                month: e.target.value,
                version: index.months.find((m) => m.month === e.target.value)!.latest,
              }),
            )
          }
        >
          {index.months.map((m) => (
            <option key={m.month} value={m.month}>
              {formatMonth(m.month, lang)}
            </option>
          ))}
        </select>
      </label>
      <p className="small muted" data-testid="version-line">
        {t.version(row.version)} · {t.publishedAt(clock(row.publishedAt))} · {t.dataAsOf(clock(row.dataAsOf))} ·{' '}
        {t.schemeVersion(row.schemeVersion)}
      </p>
      {row.reason && (
        <p className="banner note" data-testid="correction-reason">
          {t.correctionReason(row.reason)}
        </p>
      )}
      {row.version < entry.latest && (
        <p className="banner warn" data-testid="older-version">
          {t.olderVersion}
        </p>
      )}
      {entry.versions.length > 1 && (
        <div>
          <button
            type="button"
            className="btn small"
            data-testid="toggle-history"
            onClick={() => setHistory((h) => !h)}
          >
            {t.versionHistory} ({entry.versions.length})
          </button>
          {history && (
            <ul className="list" data-testid="version-history">
              {versions.map((v) => (
                <li key={v.id}>
                  <Link
                    to={href('rankingsVersion', { month: v.month, version: v.version })}
                    className={`card version-row${v.version === row.version ? ' own' : ''}`}
                    data-testid="version-row"
                    data-version={v.version}
                  >
                    <strong>{t.version(v.version)}</strong> <span className="small muted">{clock(v.publishedAt)}</span>
                    <div className="small">{v.reason ? t.correctionReason(v.reason) : t.firstVersion}</div>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="actions start">
        <Link
          to={href('printVersion', { month: row.month, version: row.version })}
          className="btn small"
          data-testid="open-print"
        >
          {t.printBulletin}
        </Link>
        {online ? (
          <a
            className="btn small link-btn"
            data-testid="download-xlsx"
            href={bulletinUrl(row.month, row.version)}
            download
          >
            {t.downloadXlsx}
          </a>
        ) : (
          <button type="button" className="btn small" disabled title={t.needsOnline}>
            {t.downloadXlsx} ({t.needsOnline})
          </button>
        )}
        <Link to={href('display')} className="btn small" data-testid="open-display">
          {t.hallDisplay}
        </Link>
      </div>
      <RankingTable
        result={row.result}
        ownWindowId={profile?.windowId ?? null}
        windowHref={(id) => href('rankingsWindow', { month: row.month, version: row.version, windowId: id })}
      />
      <p className="muted small">{formatTime(row.publishedAt, lang)}</p>
    </div>
  );
}

/**
 * A window's explanation in a published version (issue 14 §4): from the phone when kept, else
 * fetched (and kept for offline use); offline and not kept, a clear "needs a connection".
 * 'wd:explanation-open' (tap → explanation rendered) is read by `npm run bench`.
 */
function PublishedExplanation({ version, windowId }: { version: RankingSummary; windowId: string }) {
  const t = useAssessT();
  const online = useSyncStatus((s) => s.online);
  const kept = useLiveQuery(
    async () => (await readExplanation(db, version.id, windowId)) ?? null,
    [version.id, windowId],
  );
  const [outcome, setOutcome] = useState<FetchOutcome | 'loading' | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => setOutcome(null), [version.id, windowId]);
  useEffect(() => {
    if (kept === undefined) return;
    if (kept) {
      void touchExplanation(db, version.id, windowId).catch(() => undefined);
      return;
    }
    if (!online) return;
    let live = true;
    setOutcome('loading');
    void fetchExplanation(db, version, windowId, browserFetch)
      .catch((): FetchOutcome => 'failed')
      .then((o) => live && setOutcome(o));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the version's id and the kept row's presence decide
  }, [version.id, windowId, kept === undefined, !!kept, online, attempt]);
  const shown = !!kept;
  useEffect(() => {
    if (!shown) return;
    const tap = performance.getEntriesByName('wd:explanation-tap', 'mark').at(-1);
    if (!tap) return;
    performance.clearMarks('wd:explanation-tap');
    performance.measure('wd:explanation-open', { start: tap.startTime, end: performance.now() });
  }, [shown]);

  if (kept) return <Explanation result={kept.result} windowId={windowId} fetched={kept.records} />;
  if (kept === undefined || outcome === 'loading' || (online && outcome === null))
    return <p className="muted center">{t.explanationLoading}</p>;
  if (outcome === 'not_found')
    return (
      <p className="banner note" data-testid="explanation-missing">
        {t.explanationMissing}
      </p>
    );
  if (!online || outcome === 'offline')
    return (
      <p className="banner warn" data-testid="explanation-needs-connection">
        {t.explanationNeedsConnection}
      </p>
    );
  return (
    <div className="banner error" data-testid="explanation-failed">
      {t.explanationFailed}{' '}
      <button type="button" className="btn small" onClick={() => setAttempt((n) => n + 1)}>
        {t.retry}
      </button>
    </div>
  );
}

function Provisional({ windowId }: { windowId: string | null }) {
  const t = useAssessT();
  const lang = useLang();
  const profile = useSession((s) => s.profile);
  const lastSyncAt = useSyncStatus((s) => s.lastSyncAt);
  const [result, setResult] = useState<ProvisionalAssessment | null | undefined>(undefined);
  const zone = useHallZone();
  const month = hallMonth(correctedNow(), zone);
  useEffect(() => {
    if (!profile) return;
    let live = true;
    void computeProvisional(db, month, profile.role, zone).then((r) => live && setResult(r));
    return () => {
      live = false;
    };
  }, [month, zone, profile, lastSyncAt]);

  if (result === undefined) return <p className="muted center">…</p>;
  if (result === null) return <p className="banner error">{t.noScheme}</p>;
  const header = (
    <div className="banner warn provisional" data-testid="provisional-label" data-data-as-of={result.dataAsOf ?? ''}>
      <strong>{t.provisionalLabel}</strong>
      <span>
        {formatMonth(result.month, lang)} ·{' '}
        {result.dataAsOf ? t.provisionalDataAt(formatTime(result.dataAsOf, lang)) : t.provisionalNeverSynced}
      </span>
      <span className="small">{t.provisionalNotes}</span>
    </div>
  );
  if (windowId)
    return (
      <>
        {header}
        <button type="button" className="btn" onClick={() => navigate(href('provisional'))}>
          {t.back}
        </button>
        <Explanation result={result.result} windowId={windowId} showRank={result.complete} />
      </>
    );
  if (!result.complete) {
    const own = profile?.windowId ?? null;
    return (
      <div data-testid="provisional" data-complete="false">
        {header}
        {own ? (
          <>
            <p className="muted small">{t.provisionalPartial}</p>
            <Explanation result={result.result} windowId={own} showRank={false} />
          </>
        ) : (
          <p className="banner note">{t.provisionalNoScope}</p>
        )}
      </div>
    );
  }
  return (
    <div data-testid="provisional" data-complete="true">
      {header}
      <RankingTable
        result={result.result}
        ownWindowId={profile?.windowId ?? null}
        windowHref={(id) => href('provisionalWindow', { windowId: id })}
      />
    </div>
  );
}
