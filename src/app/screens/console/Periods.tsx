import { useEffect, useState } from 'react';
import { hallMonth } from '../../../domain/hall-time';
import { OfflineError } from '../../http/client';
import { useHallZone } from '../../stores/session';
import { correctedNow } from '../../sync/clock';
import { admin } from './api';
import { usePeriodT } from './period-strings';
import { ErrorBox, Loading, run, useAdminGet } from './shared';
import { useCT } from './strings';

type ScoreKind = 'peer_review' | 'public_satisfaction';
type TieRule = 'exclude_all_tied' | 'include_all_tied';

interface PeriodDto {
  period: string;
  quota: { quota: number; tieRule: TieRule } | null;
  scores: {
    staffId: string;
    name: string;
    windowNumber: string;
    department: string;
    peerReview: number | null;
    publicSatisfaction: number | null;
  }[];
}

interface Problem {
  code: string;
  args: Record<string, string | number>;
}

interface ScorePreview {
  kind: ScoreKind;
  rows: {
    row: number;
    values: Record<string, string>;
    action: 'create' | 'update' | 'unchanged' | 'error';
    staffName: string | null;
    score: number | null;
    problems: Problem[];
  }[];
  summary: { create: number; update: number; unchanged: number; error: number };
}

/** Quarters and years to choose from: this year's and last year's, newest first. */
function periodChoices(month: string): string[] {
  const year = Number(month.slice(0, 4));
  const out: string[] = [];
  for (const y of [year, year - 1]) {
    for (const q of [4, 3, 2, 1]) out.push(`${y}-Q${q}`);
    out.push(String(y));
  }
  return out;
}

/**
 * Quarter and year inputs (issue #15 point 10): the personnel office's 优秀 quota per period and
 * the import of peer review (窗口互评) and public satisfaction (群众满意度) scores — preview with
 * row errors, then confirm (the same file is sent again), like the staff import.
 */
export default function Periods({ canWrite }: { canWrite: boolean }) {
  const p = usePeriodT();
  const zone = useHallZone();
  const [month] = useState(() => hallMonth(correctedNow(), zone));
  const choices = periodChoices(month);
  const [period, setPeriod] = useState(() => `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`);
  const loaded = useAdminGet<PeriodDto>(`/periods/${period}`);
  const label = (l: string) => (l.length > 4 ? p.quarter(l.slice(0, 4), l.slice(-1)) : p.year(l));

  return (
    <div data-testid="console-periods">
      <p className="muted">{p.help}</p>
      <label className="field">
        <span>{p.period}</span>
        <select data-testid="periods-period" value={period} onChange={(e) => setPeriod(e.target.value)}>
          {choices.map((c) => (
            <option key={c} value={c}>
              {label(c)}
            </option>
          ))}
        </select>
      </label>
      <Loading loaded={loaded}>
        {(data) => (
          <>
            <QuotaForm
              key={`${data.period}/${JSON.stringify(data.quota)}`}
              period={data.period}
              quota={data.quota}
              canWrite={canWrite}
              onSaved={loaded.reload}
            />
            {canWrite && <ScoreImport key={data.period} period={data.period} onImported={loaded.reload} />}
            <h3>{p.scores}</h3>
            {data.scores.length === 0 ? (
              <p className="muted" data-testid="periods-no-scores">
                {p.noScores}
              </p>
            ) : (
              <div className="console-table-wrap" tabIndex={0}>
                <table className="console-table" data-testid="periods-scores">
                  <thead>
                    <tr>
                      <th>{p.windowNo}</th>
                      <th>{p.person}</th>
                      <th>{p.kinds.peer_review}</th>
                      <th>{p.kinds.public_satisfaction}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.scores.map((s) => (
                      <tr key={s.staffId}>
                        <td>{s.windowNumber}</td>
                        <td>{s.name}</td>
                        <td className="num">
                          {p.kinds.peer_review} {s.peerReview ?? '—'}
                        </td>
                        <td className="num">
                          {p.kinds.public_satisfaction} {s.publicSatisfaction ?? '—'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </Loading>
    </div>
  );
}

function QuotaForm({
  period,
  quota,
  canWrite,
  onSaved,
}: {
  period: string;
  quota: PeriodDto['quota'];
  canWrite: boolean;
  onSaved: () => void;
}) {
  const t = useCT();
  const p = usePeriodT();
  const [value, setValue] = useState(quota ? String(quota.quota) : '');
  const [tieRule, setTieRule] = useState<TieRule>(quota?.tieRule ?? 'exclude_all_tied');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const valid = value === '' || /^\d{1,5}$/.test(value);

  async function save() {
    setError(null);
    setSaved(false);
    const body = { quota: value === '' ? null : { quota: Number(value), tieRule } };
    const r = await run('PUT', `/periods/${period}/quota`, body);
    if (!r.ok) return setError(r.error);
    setSaved(true);
    onSaved();
  }

  return (
    <div className="console-form">
      <label className="field">
        <span>{p.quota}</span>
        <input
          type="number"
          inputMode="numeric"
          min={0}
          max={10000}
          step={1}
          data-testid="periods-quota"
          placeholder={p.quotaNone}
          value={value}
          disabled={!canWrite}
          onChange={(e) => {
            setValue(e.target.value);
            setSaved(false);
          }}
        />
      </label>
      <label className="field">
        <span>{p.tieRule}</span>
        <select
          data-testid="periods-tie-rule"
          value={tieRule}
          disabled={!canWrite}
          onChange={(e) => setTieRule(e.target.value as TieRule)}
        >
          {(['exclude_all_tied', 'include_all_tied'] as const).map((r) => (
            <option key={r} value={r}>
              {p.tieRules[r]}
            </option>
          ))}
        </select>
      </label>
      {canWrite && (
        <button className="btn primary" type="button" data-testid="periods-save-quota" disabled={!valid} onClick={save}>
          {p.saveQuota}
        </button>
      )}
      <ErrorBox error={error} />
      {saved && (
        <p className="banner ok" role="status">
          {p.quotaSaved}
        </p>
      )}
      {!canWrite && <p className="muted">{t.readOnly}</p>}
    </div>
  );
}

function ScoreImport({ period, onImported }: { period: string; onImported: () => void }) {
  const t = useCT();
  const p = usePeriodT();
  const [kind, setKind] = useState<ScoreKind>('peer_review');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ScorePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setPreview(null);
    setDone(null);
  }, [kind]);

  async function send(step: 'preview' | 'commit') {
    if (!file) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const a = await admin<ScorePreview & { details?: ScorePreview }>(
        'POST',
        `/periods/${period}/scores/${step}?kind=${kind}`,
        file,
        { 'x-file-name': encodeURIComponent(file.name) },
      );
      if (a.ok) {
        setPreview(a.body);
        if (step === 'commit') {
          setDone(`${t.imported}: ${t.importSummary(a.body.summary)}`);
          onImported();
        }
      } else {
        setError(a.error ?? 'error');
        if (a.body?.details?.rows) setPreview(a.body.details);
      }
    } catch (e) {
      setError(e instanceof OfflineError ? 'offline' : String(e));
    } finally {
      setBusy(false);
    }
  }

  const problemText = (x: Problem) => p.problems[x.code]?.(x.args) ?? x.code;
  return (
    <div>
      <h3>{p.importTitle}</h3>
      <p className="muted">{p.importHelp}</p>
      <div className="console-form">
        <label className="field">
          <span>{p.kind}</span>
          <select data-testid="periods-kind" value={kind} onChange={(e) => setKind(e.target.value as ScoreKind)}>
            {(['peer_review', 'public_satisfaction'] as const).map((k) => (
              <option key={k} value={k}>
                {p.kinds[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t.chooseFile}</span>
          <input
            type="file"
            data-testid="periods-file"
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPreview(null);
              setDone(null);
              setError(null);
            }}
          />
        </label>
        <button
          className="btn"
          type="button"
          disabled={!file || busy}
          onClick={() => send('preview')}
          data-testid="periods-preview"
        >
          {t.previewImport}
        </button>
        <button
          className="btn primary"
          type="button"
          data-testid="periods-commit"
          disabled={
            !file ||
            busy ||
            !preview ||
            preview.summary.error > 0 ||
            preview.summary.create + preview.summary.update === 0 ||
            !!done
          }
          onClick={() => send('commit')}
        >
          {t.commitImport}
        </button>
      </div>
      <ErrorBox error={error} />
      {done && (
        <p className="banner ok" role="status">
          {done}
        </p>
      )}
      {preview && (
        <>
          <p>
            <strong>{p.kinds[preview.kind]}</strong> · {t.importSummary(preview.summary)}
          </p>
          {preview.summary.error > 0 && <p className="banner error">{t.importBlocked}</p>}
          <div className="console-table-wrap" tabIndex={0}>
            <table className="console-table" data-testid="periods-import-table">
              <thead>
                <tr>
                  <th>{t.row}</th>
                  <th>{t.action}</th>
                  <th>{p.person}</th>
                  <th>{p.score}</th>
                  <th>{t.errors}</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={r.row} className={r.action === 'error' ? 'row-error' : ''}>
                    <td className="num">
                      {t.row} {r.row}
                    </td>
                    <td>{t.actions[r.action]}</td>
                    <td>{r.staffName ?? r.values.name ?? ''}</td>
                    <td className="num">{r.score ?? r.values.score ?? ''}</td>
                    <td className="error-text">{r.problems.map(problemText).join(' · ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
