import { useMemo, useState } from 'react';
import { APPROVER_LABELS, nextHalfDay, previewLeave, type AttachmentKind, type HalfDay } from '../../../domain';
import { db } from '../../db/instance';
import { requestLeave, type PickedDocument } from '../../features/leave/actions';
import { hallToday, isFull, useLeaveData } from '../../features/leave/hooks';
import { useLeaveT } from '../../features/leave/strings';
import { photoToKeep } from '../../features/patrol/photos';
import { useLang } from '../../i18n';
import { useHallZone } from '../../stores/session';
import { useUi } from '../../stores/ui';
import { ErrorText, HalfDayPicker, errorText, spanText } from './parts';
import { navigate } from '../../router';
import { href } from '../../routes';

/**
 * 请假 / 续假 (issue #4 points 1, 4, 5): type, half days, reason, documents, and before
 * submitting the rules' preview — the approval chain, whether a substitute is required, the
 * conflicts (blocking ones disable submit, with the reason) and the documents needed.
 */
export default function RequestLeave({ extensionOf }: { extensionOf?: string }) {
  const t = useLeaveT();
  const lang = useLang();
  const setFlash = useUi((s) => s.setFlash);
  const data = useLeaveData();
  const { actor, rules, lookups } = data;
  const base = extensionOf ? data.leaves.find((l) => l.id === extensionOf) : undefined;
  const today = hallToday(useHallZone());
  const start: HalfDay = base ? nextHalfDay(base.to) : { date: today, half: 'am' };
  const [type, setType] = useState<string | null>(null);
  const [from, setFrom] = useState<HalfDay | null>(null);
  const [to, setTo] = useState<HalfDay | null>(null);
  const [reason, setReason] = useState('');
  const [docs, setDocs] = useState<PickedDocument[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const chosenType = type ?? (base && isFull(base) ? base.type : (rules.leave.types[0]?.code ?? 'personal'));
  const chosenFrom = from ?? start;
  const chosenTo = to ?? { date: chosenFrom.date, half: 'pm' as const };
  const staffId = actor?.staffId ?? null;
  const windowId = staffId ? (lookups.staff.get(staffId)?.windowId ?? actor?.windowId ?? null) : null;
  const typeRule = rules.leave.types.find((r) => r.code === chosenType);
  const docKind: AttachmentKind = typeRule?.attachment?.kind ?? 'other';

  const preview = useMemo(() => {
    if (!staffId || !windowId) return null;
    const windowStaffIds = [...lookups.staff.entries()].filter(([, s]) => s.windowId === windowId).map(([id]) => id);
    return previewLeave(
      {
        staffId,
        windowId,
        type: chosenType,
        from: chosenFrom,
        to: chosenTo,
        extensionOf: extensionOf ?? null,
        attachments: docs.map((d) => ({ kind: d.kind })),
      },
      {
        rules,
        windowStaffIds,
        leaves: data.leaves.filter((l) => l.syncState !== 'rejected'),
        substitutes: data.substitutes.filter((s) => s.status === 'confirmed'),
        ...(actor ? { requesterRole: actor.role } : {}),
        today,
      },
    );
  }, [
    staffId,
    windowId,
    chosenType,
    chosenFrom,
    chosenTo,
    extensionOf,
    docs,
    rules,
    lookups.staff,
    data.leaves,
    data.substitutes,
    actor,
    today,
  ]);

  if (!actor) return null;
  if (!staffId || !windowId)
    return (
      <section>
        <h1>{extensionOf ? t.extendTitle : t.newLeave}</h1>
        <p className="banner note">{t.noStaffLink}</p>
      </section>
    );

  async function pick(files: FileList | null) {
    const picked = [...(files ?? [])].slice(0, 5 - docs.length);
    setBusy(true);
    try {
      const scaled = await Promise.all(
        picked.map(async (f) => ({
          blob: f.type.startsWith('image/') ? await photoToKeep(f) : f,
          kind: docKind,
          name: f.name,
        })),
      );
      const kept = scaled.flatMap((d) => (d.blob ? [{ ...d, blob: d.blob }] : []));
      setError(kept.length < scaled.length ? t.fileNotAdded : null);
      setDocs((d) => [...d, ...kept].slice(0, 5));
    } finally {
      setBusy(false);
    }
  }

  async function submit() {
    if (!preview || preview.blocked || busy || !actor || !staffId || !windowId) return;
    if (!reason.trim()) {
      setError(t.reasonRequired);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const args = await requestLeave(
        db,
        {
          staffId,
          windowId,
          type: chosenType,
          from: chosenFrom,
          to: chosenTo,
          reason,
          extensionOf: extensionOf ?? null,
          documents: docs,
        },
        { id: actor.id, displayName: actor.name, role: actor.role, staffId: actor.staffId, windowId: actor.windowId },
      );
      setFlash(t.submitted);
      navigate(href('leaveDetail', { id: args.id }), { replace: true });
    } catch (e) {
      setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  }

  const block = preview
    ? (preview.invalid[0] ??
      preview.conflicts.find((c) => c.severity === 'block')?.message ??
      preview.attachments.find((a) => a.blocking)?.message ??
      null)
    : null;
  return (
    <section className="form" data-testid="leave-form">
      <h1>{extensionOf ? t.extendTitle : t.newLeave}</h1>
      {base && <p className="banner note">{`${t.extend}: ${spanText(base, lang)}`}</p>}
      <label className="field">
        <span>{t.type}</span>
        <select data-testid="leave-type" value={chosenType} onChange={(e) => setType(e.target.value)}>
          {rules.leave.types.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name[lang]}
            </option>
          ))}
        </select>
      </label>
      <HalfDayPicker label={t.from} value={chosenFrom} onChange={setFrom} testId="leave-from" />
      <HalfDayPicker label={t.to} value={chosenTo} onChange={setTo} testId="leave-to" />
      <label className="field">
        <span>{t.reason}</span>
        <textarea
          data-testid="leave-reason"
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <div className="field">
        <span>{t.documents}</span>
        <ul className="list">
          {docs.map((d, i) => (
            <li key={i} className="card row-head small" data-testid="leave-doc">
              <span>
                {t.documentKind[d.kind]} · {d.name ?? d.blob.type}
              </span>
              <button
                type="button"
                className="btn small"
                onClick={() => setDocs((all) => all.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
        <label className="btn">
          📎 {t.addDocument}
          <input
            type="file"
            accept="image/*,application/pdf"
            multiple
            hidden
            data-testid="leave-doc-input"
            onChange={(e) => void pick(e.target.files).finally(() => (e.target.value = ''))}
          />
        </label>
      </div>

      {preview && (
        <div className="card preview" data-testid="leave-preview" data-blocked={preview.blocked}>
          <h2>{t.preview}</h2>
          <p data-testid="preview-days">
            {spanText({ from: chosenFrom, to: chosenTo }, lang)} · {t.days(preview.days)}
            {preview.totalDays !== preview.days ? ` · ${t.totalDays(preview.totalDays)}` : ''}
          </p>
          <p data-testid="preview-chain">
            {t.chain}: {preview.chain.map((r) => APPROVER_LABELS[r][lang]).join(' → ')}
          </p>
          <p
            className={`banner ${preview.substitute.required ? 'warn' : 'ok'}`}
            data-testid="preview-substitute"
            data-required={preview.substitute.required}
          >
            {preview.substitute.required ? t.substituteNeeded : t.substituteNotNeeded}:{' '}
            {preview.substitute.message[lang]}
          </p>
          {preview.conflicts.map((c, i) => (
            <p
              key={i}
              className={`banner ${c.severity === 'block' ? 'error' : 'warn'}`}
              data-testid="preview-conflict"
              data-code={c.code}
              data-severity={c.severity}
            >
              {c.message[lang]}
            </p>
          ))}
          {preview.attachments.map((a, i) => (
            <p
              key={i}
              className={`banner ${a.blocking ? 'error' : a.present ? 'ok' : 'note'}`}
              data-testid="preview-attachment"
            >
              {a.message[lang]}
            </p>
          ))}
          {preview.filedAfterwards && (
            <p className="banner warn" data-testid="preview-afterwards">
              {t.filedAfterwards}
            </p>
          )}
          {preview.invalid.map((m, i) => (
            <p key={i} className="banner error" data-testid="preview-invalid">
              {m[lang]}
            </p>
          ))}
        </div>
      )}
      {block && (
        <p className="error-text" data-testid="leave-blocked">
          {t.blockedBecause}
          {block[lang]}
        </p>
      )}
      <ErrorText error={error} />
      <div className="actions">
        <button type="button" className="btn" onClick={() => navigate(href('leave'))}>
          {t.cancel}
        </button>
        <button
          type="button"
          className="btn primary"
          data-testid="leave-submit"
          disabled={!preview || preview.blocked || busy}
          onClick={() => void submit()}
        >
          {t.submit}
        </button>
      </div>
    </section>
  );
}
