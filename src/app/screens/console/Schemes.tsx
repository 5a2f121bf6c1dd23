import { useEffect, useMemo, useState } from 'react';
import { SchemeSchema, type Scheme } from '../../../domain/scheme/schema';
import { formatTime, useLang } from '../../i18n';
import { CrudTable, Feedback, useCrud } from './crud';
import { Loading, run } from './shared';
import { PeriodBlendFields } from './PeriodBlendFields';
import { useCT } from './strings';
import ScoringRules from './scheme/ScoringRules';
import { PreviewStaff, RankHonour, type PreviewStaffRow } from './scheme/PreviewChanges';
import { LeaveRules } from './scheme/LeaveRules';

interface StoredScheme {
  id: string;
  version: number;
  effectiveFrom: string;
  scheme: Scheme;
  createdAt: string;
}
interface SchemeList {
  schemes: StoredScheme[];
  currentMonth: string;
  inForce: number | null;
}
interface PreviewWindow {
  windowId: string;
  number: string;
  name: string;
  kind: string;
  current: { score: number; rank: number | null; honour: string | null };
  draft: { score: number; rank: number | null; honour: string | null };
  delta: number;
}
interface Preview {
  month: string;
  records: number;
  changedWindows: number;
  current: { version: number };
  draft: { version: number };
  windows: PreviewWindow[];
  staff?: PreviewStaffRow[];
}

/** zod issues as "path: message" lines. */
function validate(text: string, invalidJson: string): { scheme: Scheme | null; problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { scheme: null, problems: [`${invalidJson}: ${e instanceof Error ? e.message : String(e)}`] };
  }
  const parsed = SchemeSchema.safeParse(value);
  if (parsed.success) return { scheme: parsed.data, problems: [] };
  return { scheme: null, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}

export default function Schemes({ canWrite }: { canWrite: boolean }) {
  const t = useCT();
  const lang = useLang();
  const schemes = useCrud<SchemeList>('/schemes');
  const { list, action } = schemes;
  const [text, setText] = useState('');
  const [asJson, setAsJson] = useState(false);
  const [month, setMonth] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);

  // Start the draft from the version in force.
  useEffect(() => {
    if (!list.data || text) return;
    const base = list.data.schemes.find((s) => s.version === list.data!.inForce) ?? list.data.schemes[0];
    if (base) setText(JSON.stringify(base.scheme, null, 2));
    setMonth(list.data.currentMonth);
  }, [list.data, text]);

  const { scheme, problems } = useMemo(
    () => (text ? validate(text, t.invalidJson) : { scheme: null, problems: [] }),
    [text, t.invalidJson],
  );
  const update = (fn: (s: Scheme) => void) => {
    if (!scheme) return;
    const next = structuredClone(scheme);
    fn(next);
    setText(JSON.stringify(next, null, 2));
    setPreview(null);
  };

  async function doPreview() {
    if (!scheme) return;
    setBusy(true);
    action.fail(null);
    const r = await run('POST', '/schemes/preview', { scheme });
    setBusy(false);
    if (r.ok) setPreview(r.body as Preview);
    else action.fail(r.error);
  }

  async function save() {
    if (!scheme) return;
    setBusy(true);
    action.fail(null);
    const r = await run('POST', '/schemes', { effectiveFrom: month, scheme });
    setBusy(false);
    if (!r.ok) return action.fail(r.error);
    const saved = (r.body as { scheme: StoredScheme }).scheme;
    action.say(t.versionSaved(saved.version, saved.effectiveFrom));
    list.reload();
  }

  return (
    <div>
      <Loading loaded={list}>
        {(data) => (
          <CrudTable
            testId="schemes-table"
            rows={data.schemes}
            canWrite={canWrite}
            columns={[
              { header: t.version, num: true, cell: (s) => `v${s.version}` },
              { header: t.name, cell: (s) => s.scheme.name },
              { header: t.effectiveFrom, cell: (s) => s.effectiveFrom },
              { header: t.createdAt, cell: (s) => formatTime(s.createdAt, lang) },
            ]}
            // Any version can start the draft of a new one (readers preview too).
            actions={(s) => (
              <>
                {s.version === data.inForce && <strong>{t.inForce}</strong>}
                <button
                  className="btn small"
                  type="button"
                  onClick={() => {
                    setText(JSON.stringify(s.scheme, null, 2));
                    setPreview(null);
                  }}
                >
                  {t.edit}
                </button>
              </>
            )}
          />
        )}
      </Loading>

      <h3>{t.newVersion}</h3>
      <div className="console-actions">
        <button className="btn small" type="button" onClick={() => setAsJson(!asJson)} data-testid="scheme-toggle">
          {asJson ? t.editAsForm : t.editAsJson}
        </button>
      </div>
      {asJson || !scheme ? (
        <textarea
          className="json"
          aria-label="scheme JSON"
          data-testid="scheme-json"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setPreview(null);
          }}
          spellCheck={false}
        />
      ) : (
        <>
          <label className="field">
            <span>{t.name}</span>
            <input
              value={scheme.name}
              onChange={(e) =>
                update((s) => {
                  s.name = e.target.value;
                })
              }
            />
          </label>
          <h4>{t.categories}</h4>
          <div className="console-table-wrap" tabIndex={0}>
            <table className="console-table">
              <thead>
                <tr>
                  <th>{t.name}</th>
                  <th>{t.weight}</th>
                  <th>{t.policy}</th>
                </tr>
              </thead>
              <tbody>
                {scheme.categories.map((c, i) => (
                  <tr key={c.code}>
                    <td>{c.name[lang]}</td>
                    <td>
                      <input
                        type="number"
                        step="0.5"
                        aria-label={`${c.name[lang]} · ${t.weight}`}
                        value={c.weight}
                        onChange={(e) =>
                          update((s) => {
                            s.categories[i]!.weight = Number(e.target.value);
                          })
                        }
                      />
                    </td>
                    <td>
                      <select
                        aria-label={`${c.name[lang]} · ${t.policy}`}
                        value={c.policy}
                        onChange={(e) =>
                          update((s) => {
                            s.categories[i]!.policy = e.target.value as 'capped' | 'no_floor';
                          })
                        }
                      >
                        {Object.entries(t.policies).map(([k, label]) => (
                          <option key={k} value={k}>
                            {label}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h4>{t.items}</h4>
          <div className="console-table-wrap" tabIndex={0}>
            <table className="console-table" data-testid="scheme-items">
              <thead>
                <tr>
                  <th>{t.name}</th>
                  <th>{t.categories}</th>
                  <th>{t.points}</th>
                </tr>
              </thead>
              <tbody>
                {scheme.items.map((item, i) => (
                  <tr key={item.code}>
                    <td>{item.name[lang]}</td>
                    <td>
                      <select
                        aria-label={`${item.name[lang]} · ${t.categories}`}
                        value={item.category}
                        onChange={(e) =>
                          update((s) => {
                            s.items[i]!.category = e.target.value;
                          })
                        }
                      >
                        {scheme.categories.map((c) => (
                          <option key={c.code} value={c.code}>
                            {c.name[lang]}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input
                        type="number"
                        step="0.5"
                        aria-label={`${item.name[lang]} · ${t.points}`}
                        value={item.points}
                        onChange={(e) =>
                          update((s) => {
                            s.items[i]!.points = Number(e.target.value);
                          })
                        }
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ScoringRules scheme={scheme} update={update} />
          <LeaveRules scheme={scheme} update={update} />
          {/* #15 period variants */}
          <PeriodBlendFields scheme={scheme} update={update} />
        </>
      )}
      {problems.length > 0 && (
        <ul className="banner error console-error" data-testid="scheme-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="console-form">
        <label className="field">
          <span>{t.effectiveFrom}</span>
          <input type="month" value={month} min={list.data?.currentMonth} onChange={(e) => setMonth(e.target.value)} />
        </label>
        <button
          className="btn"
          type="button"
          disabled={!scheme || busy}
          onClick={doPreview}
          data-testid="scheme-preview"
        >
          {t.previewScheme}
        </button>
        {canWrite && (
          <button
            className="btn primary"
            type="button"
            disabled={!scheme || busy || !month}
            onClick={save}
            data-testid="scheme-save"
          >
            {t.saveVersion}
          </button>
        )}
      </div>
      <Feedback action={action} />
      {preview && (
        <div data-testid="scheme-preview-result">
          <p>
            {t.previewTitle(preview.month, preview.current.version, preview.draft.version)} ·{' '}
            {t.records(preview.records)} · {t.changed(preview.changedWindows)}
          </p>
          <div className="console-table-wrap" tabIndex={0}>
            <table className="console-table">
              <thead>
                <tr>
                  <th>{t.window}</th>
                  <th>{t.kind}</th>
                  <th>{t.current}</th>
                  <th>{t.draft}</th>
                  <th>{t.delta}</th>
                  <th>{t.rank}</th>
                </tr>
              </thead>
              <tbody>
                {[...preview.windows]
                  .sort((a, b) => a.delta - b.delta || a.number.localeCompare(b.number, 'zh-CN', { numeric: true }))
                  .map((w) => (
                    <tr key={w.windowId}>
                      <td>
                        {w.number} {w.name}
                      </td>
                      <td>{t.kinds[w.kind] ?? w.kind}</td>
                      <td className="num">{w.current.score}</td>
                      <td className="num">{w.draft.score}</td>
                      <td className={`num ${w.delta < 0 ? 'delta-neg' : w.delta > 0 ? 'delta-pos' : ''}`}>
                        {w.delta > 0 ? `+${w.delta}` : w.delta}
                      </td>
                      <td className="num">
                        <RankHonour {...w.current} /> → <RankHonour {...w.draft} />
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          <PreviewStaff staff={preview.staff} />
        </div>
      )}
    </div>
  );
}
