import { useState } from 'react';
import type { ImportPreview } from '../../../domain/admin';
import { OfflineError } from '../../http/client';
import { admin } from './api';
import { ErrorBox } from './shared';
import { useCT } from './strings';

/** Upload → preview with row errors → confirm. The same file is sent again on confirm. */
export default function Import({ canWrite }: { canWrite: boolean }) {
  const t = useCT();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(step: 'preview' | 'commit') {
    if (!file) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const a = await admin<ImportPreview & { details?: ImportPreview }>('POST', `/import/${step}`, file, {
        'x-file-name': encodeURIComponent(file.name),
      });
      if (a.ok) {
        setPreview(a.body);
        if (step === 'commit') setDone(`${t.imported}: ${t.importSummary(a.body.summary)}`);
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

  if (!canWrite) return <p className="muted">{t.readOnly}</p>;
  const columns = preview ? [...new Set(preview.rows.flatMap((r) => Object.keys(r.values)))] : [];
  return (
    <div>
      <p className="muted">{t.importHelp}</p>
      <div className="console-form">
        <label className="field">
          <span>{t.chooseFile}</span>
          <input
            type="file"
            data-testid="import-file"
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
          data-testid="import-preview"
        >
          {t.previewImport}
        </button>
        <button
          className="btn primary"
          type="button"
          data-testid="import-commit"
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
            <strong>{t.importKind[preview.kind]}</strong> · {t.importSummary(preview.summary)}
          </p>
          {preview.summary.error > 0 && <p className="banner error">{t.importBlocked}</p>}
          <div className="console-table-wrap" tabIndex={0}>
            <table className="console-table" data-testid="import-table">
              <thead>
                <tr>
                  <th>{t.row}</th>
                  <th>{t.action}</th>
                  {columns.map((c) => (
                    <th key={c}>{c}</th>
                  ))}
                  <th>{t.errors}</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={r.row} className={r.action === 'error' ? 'row-error' : ''}>
                    <td className="num">{r.row}</td>
                    <td>{t.actions[r.action]}</td>
                    {columns.map((c) => (
                      <td key={c}>{r.values[c] ?? ''}</td>
                    ))}
                    <td className="error-text">{r.errors.join('；')}</td>
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
