import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { bulletin } from '../../../domain/assessment/bulletin';
import type { AssessmentVersion } from '../../../domain/assessment/published';
import { resultOfSummary } from '../../../domain/assessment/summary';
import { request } from '../../http/client';
import { db } from '../../db/instance';
import { useAssessT } from '../../features/assessment/strings';
import { loadVersion, versionIndex } from '../../features/assessment/versions';
import { useHallZone } from '../../stores/session';
import { useUi } from '../../stores/ui';
import { useSchemeVersion } from './names';
import './assessment.css';
import { navigate } from '../../router';
import { href } from '../../routes';

/**
 * The monthly bulletin (通报) as a print-ready A4 page (/print/<month>/<version>, routes.ts): the same
 * tables as the .xlsx (domain/assessment/bulletin.ts) — groups with ranks, scores and honours,
 * the deductions and bonuses, staff scores. The phone holds the version's summary (issue 14 §4):
 * online the full version is fetched for the deduction lines; offline the rest prints from the phone.
 */
export default function Print({
  month: monthPart,
  version: versionPart,
}: {
  month: string | null;
  version: number | null;
}) {
  const t = useAssessT();
  const lang = useUi((s) => s.language);
  const row = useLiveQuery(async () => {
    let month = monthPart;
    let version = versionPart;
    if (!month || !version) {
      const latest = (await versionIndex(db)).months[0];
      if (!latest) return null;
      month = latest.month;
      version = latest.latest;
    }
    return loadVersion(db, month, version);
  }, [monthPart, versionPart]);
  const scheme = useSchemeVersion(row?.schemeVersion);
  const zone = useHallZone();
  // The full version (every deduction line) from the server; null while offline or not yet there.
  const [full, setFull] = useState<{ id: string; result: AssessmentVersion['result'] } | null | undefined>(undefined);
  const rowId = row?.id;
  useEffect(() => {
    if (!row) return;
    let live = true;
    void request<{ version: AssessmentVersion }>('GET', `/api/assessments/${row.month}/versions/${row.version}`)
      .then((a) => live && setFull(a.ok && a.body.version.id === row.id ? a.body.version : null))
      .catch(() => live && setFull(null));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rowId]);
  if (row === undefined) return <p className="muted center">…</p>;
  if (!row) return <p className="banner note">{t.noPublished}</p>;
  if (full === undefined) return <p className="muted center">…</p>;
  const b = bulletin(
    {
      month: row.month,
      kind: 'published',
      result: full?.id === row.id ? full.result : resultOfSummary(row.result),
      dataAsOf: row.dataAsOf,
      version: row.version,
      publishedAt: row.publishedAt,
      reason: row.reason,
    },
    scheme,
    zone,
    lang,
  );
  return (
    <article className="bulletin" data-testid="bulletin-print">
      <div className="no-print actions start">
        <button
          type="button"
          className="btn"
          onClick={() => navigate(href('rankingsVersion', { month: row.month, version: row.version }))}
        >
          {t.back}
        </button>
        <button type="button" className="btn primary" data-testid="print-now" onClick={() => window.print()}>
          {t.print}
        </button>
      </div>
      <h1>{b.title}</h1>
      {!full && (
        <p className="banner note no-print" data-testid="bulletin-offline">
          {t.bulletinDetailNeedsConnection}
        </p>
      )}
      {b.lines.map((line) => (
        <p key={line} className="bulletin-line">
          {line}
        </p>
      ))}
      {[...b.groups, b.deductions, b.staff].map((table) => (
        // Focusable: the wide table scrolls sideways on a phone, also by keyboard.
        <section
          key={table.title}
          className="bulletin-table"
          data-testid="bulletin-table"
          tabIndex={0}
          aria-label={table.title}
        >
          <h2>{table.title}</h2>
          <table>
            <thead>
              <tr>
                {table.header.map((h) => (
                  <th key={h}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((cells, i) => (
                <tr key={i}>
                  {cells.map((c, j) => (
                    <td key={j} className={typeof c === 'number' ? 'num' : undefined}>
                      {c ?? ''}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </article>
  );
}
