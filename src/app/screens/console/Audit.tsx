import { useEffect, useState } from 'react';
import type { AuditRecord } from '../../../domain/admin';
import { formatTime, useLang } from '../../i18n';
import { ErrorBox, run } from './shared';
import { useCT } from './strings';

const EMPTY = { action: '', entity: '', actor: '', from: '', to: '' };

export default function Audit() {
  const t = useCT();
  const lang = useLang();
  const [filters, setFilters] = useState(EMPTY);
  const [applied, setApplied] = useState(EMPTY);
  const [entries, setEntries] = useState<AuditRecord[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const query = (f: typeof EMPTY, extra: Record<string, string> = {}) =>
    new URLSearchParams(Object.entries({ ...f, ...extra }).filter(([, v]) => v !== '')).toString();

  async function load(f: typeof EMPTY, from: number | null) {
    setLoading(true);
    const r = await run('GET', `/audit?${query(f, { limit: '100', ...(from ? { cursor: String(from) } : {}) })}`);
    setLoading(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    const page = r.body as { entries: AuditRecord[]; nextCursor: number | null };
    setEntries((old) => (from ? [...old, ...page.entries] : page.entries));
    setCursor(page.nextCursor);
  }

  useEffect(() => {
    void load(applied, null);
  }, [applied]);

  const show = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v, null, 1));
  return (
    <div>
      <form
        className="console-form"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(filters);
        }}
      >
        <label className="field">
          <span>{t.auditAction}</span>
          <select
            value={filters.action}
            onChange={(e) => setFilters({ ...filters, action: e.target.value })}
            data-testid="audit-action"
          >
            <option value="">{t.all}</option>
            {Object.entries(t.auditActions).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t.auditEntity}</span>
          <select value={filters.entity} onChange={(e) => setFilters({ ...filters, entity: e.target.value })}>
            <option value="">{t.all}</option>
            {Object.entries(t.auditEntities).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t.actor}</span>
          <input value={filters.actor} onChange={(e) => setFilters({ ...filters, actor: e.target.value })} />
        </label>
        <label className="field">
          <span>{t.from}</span>
          <input type="date" value={filters.from} onChange={(e) => setFilters({ ...filters, from: e.target.value })} />
        </label>
        <label className="field">
          <span>{t.to}</span>
          <input type="date" value={filters.to} onChange={(e) => setFilters({ ...filters, to: e.target.value })} />
        </label>
        <button className="btn primary" type="submit">
          {t.filter}
        </button>
        <a
          className="btn"
          href={`/api/admin/audit.csv?${query(applied)}`}
          download
          data-testid="audit-csv"
          style={{ display: 'inline-flex', alignItems: 'center', textDecoration: 'none' }}
        >
          {t.exportCsv}
        </a>
      </form>
      <ErrorBox error={error} />
      <div className="console-table-wrap" tabIndex={0}>
        <table className="console-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>{t.time}</th>
              <th>{t.actor}</th>
              <th>{t.auditAction}</th>
              <th>{t.auditEntity}</th>
              <th>{t.details}</th>
              <th>{t.ip}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{formatTime(e.at, lang)}</td>
                <td>{e.actorName}</td>
                <td>{t.auditActions[e.action] ?? e.action}</td>
                <td>{t.auditEntities[e.entity] ?? e.entity}</td>
                <td>
                  {(e.before !== null || e.after !== null) && (
                    <pre className="audit">
                      {e.before !== null ? `− ${show(e.before)}\n` : ''}
                      {e.after !== null ? `+ ${show(e.after)}` : ''}
                    </pre>
                  )}
                </td>
                <td>{e.ip ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!loading && entries.length === 0 && !error && <p className="muted">{t.empty}</p>}
      {loading && <p className="muted">{t.loading}</p>}
      {cursor && !loading && (
        <button className="btn" type="button" onClick={() => load(applied, cursor)}>
          {t.more}
        </button>
      )}
    </div>
  );
}
