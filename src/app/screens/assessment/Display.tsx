import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { db } from '../../db/instance';
import { useAssessT } from '../../features/assessment/strings';
import { loadSummary, summaryRows } from '../../features/assessment/summaries';
import { versionIndex } from '../../features/assessment/versions';
import { formatMonth, useLang } from '../../i18n';
import { navigate } from '../../router';
import { href } from '../../routes';
import { namesOf, useSchemeVersion } from './names';
import './assessment.css';

/** Rows on one screen of the hall display; a longer group is shown page by page. */
const PAGE_ROWS = 10;
const PAGE_MS = 12_000;

/**
 * The hall display (大屏, /display): the latest published rankings, full screen, large type,
 * cycling through the groups (and pages of a long group) on its own. No status bar or nav; works
 * offline from the version on the device, and follows a new version as soon as it is synced.
 */
export default function Display() {
  const t = useAssessT();
  const lang = useLang();
  const row = useLiveQuery(async () => {
    const latest = (await versionIndex(db)).months[0];
    return latest ? loadSummary(db, latest.month, latest.latest) : null;
  }, []);
  const names = namesOf(useSchemeVersion(row?.schemeVersion), lang);
  const pages = useMemo(() => {
    if (!row) return [];
    const all = summaryRows(row.result);
    const out: { kind: string; rows: typeof all; page: number; pageCount: number }[] = [];
    for (const kind of Object.keys(row.result.groups)) {
      const rows = all.filter((r) => r.kind === kind);
      const count = Math.max(1, Math.ceil(rows.length / PAGE_ROWS));
      for (let p = 0; p < count; p++)
        out.push({ kind, rows: rows.slice(p * PAGE_ROWS, (p + 1) * PAGE_ROWS), page: p + 1, pageCount: count });
    }
    return out;
  }, [row]);
  const [index, setIndex] = useState(0);
  useEffect(() => {
    if (pages.length < 2) return;
    const timer = setInterval(() => setIndex((i) => (i + 1) % pages.length), PAGE_MS);
    return () => clearInterval(timer);
  }, [pages.length]);

  if (row === undefined) return <div className="display" />;
  if (!row)
    return (
      <div className="display" data-testid="display">
        <p className="display-empty">{t.noPublished}</p>
      </div>
    );
  const page = pages[index % pages.length]!;
  return (
    <div
      className="display"
      data-testid="display"
      data-month={row.month}
      data-version={row.version}
      data-kind={page.kind}
      onDoubleClick={() => navigate(href('rankings'))}
    >
      <header className="display-head">
        <h1>{t.displayTitle(formatMonth(row.month, lang), t.groups[page.kind] ?? page.kind)}</h1>
        <span className="display-meta">
          {t.version(row.version)}
          {page.pageCount > 1 ? ` · ${page.page}/${page.pageCount}` : ''}
        </span>
      </header>
      <table className="display-table">
        <thead>
          <tr>
            <th>{t.rank}</th>
            <th>{t.windowCol}</th>
            <th className="num">{t.score}</th>
            <th>{t.honour}</th>
          </tr>
        </thead>
        <tbody>
          {page.rows.map((r) => (
            <tr
              key={r.windowId}
              data-testid="display-row"
              data-window-id={r.windowId}
              className={r.honour ?? undefined}
            >
              <td className="num">{r.rank}</td>
              <td>
                <strong>{r.number}</strong> {r.name}
                <span className="display-dept"> {r.department}</span>
              </td>
              <td className="num">{r.score}</td>
              <td>
                {r.honour ? names.honour(r.honour) : ''}
                {r.disqualified.length > 0 ? <span className="display-dq">{t.disqualified}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="display-dots" aria-hidden="true">
        {pages.map((p, i) => (
          <span key={`${p.kind}${p.page}`} className={i === index % pages.length ? 'on' : ''} />
        ))}
      </div>
      <button
        type="button"
        className="display-exit"
        aria-label={t.exitDisplay}
        onClick={() => navigate(href('rankings'))}
      >
        ×
      </button>
    </div>
  );
}
