import { useState } from 'react';
import type { LocalDispute } from '../../db/database';
import { db } from '../../db/instance';
import { AlreadyDisputedError, fileDispute } from '../../features/assessment/disputes';
import { useAssessT } from '../../features/assessment/strings';
import { useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';
import { RefusedNote } from '../RefusedNote';
import { DISPUTE_EVIDENCE_MAX, evidenceMime } from '../../features/assessment/dispute-files';
import { photoToKeep } from '../../features/patrol/photos';
import { EvidenceList, useEvidenceT } from './Evidence';

/**
 * A record's dispute during verification: its status and the supervision's reason, or the form
 * to dispute it with a reason (offline too). The record is a violation or a consequence of leave,
 * named by its id either way (consequences have ids derived from their source).
 *
 * A dispute the server refused never happened there (issue 13 §6): the box shows what the server
 * has — its dispute of the record, or none (and the form again) — and the refused one beside it,
 * "未生效：reason", leading to the rejected list where it can be discarded.
 */
export function DisputeBox(props: {
  recordId: string;
  /** The record's dispute as the server has it (or one waiting to be sent); never a refused one. */
  dispute: LocalDispute | null;
  /** This phone's latest refused dispute of the record. */
  refused?: LocalDispute | null;
  canDispute: boolean;
}) {
  const t = useAssessT();
  const { refused } = props;
  const live = props.dispute?.syncState === 'rejected' ? null : props.dispute;
  return (
    <>
      <DisputeState {...props} dispute={live} />
      {refused && (
        <div className="dispute refused small" data-testid="dispute-refused">
          <div>
            {t.disputeReason}: {refused.reason}
          </div>
          <RefusedNote row={{ refused: { code: refused.rejectionCode, reason: refused.rejectionReason } }} />
        </div>
      )}
    </>
  );
}

function DisputeState({
  recordId,
  dispute,
  canDispute,
}: {
  recordId: string;
  dispute: LocalDispute | null;
  canDispute: boolean;
}) {
  const t = useAssessT();
  const te = useEvidenceT();
  const profile = useSession((s) => s.profile);
  const [open, setOpen] = useState(false);
  const [files, setFiles] = useState<{ blob: Blob; name: string }[]>([]);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function send() {
    if (!profile) return;
    if (!reason.trim()) {
      setError(t.reasonRequired);
      return;
    }
    setSaving(true);
    try {
      await fileDispute(
        db,
        { violationId: recordId, reason, evidence: files },
        { id: profile.id, displayName: profile.displayName },
      );
      setOpen(false);
      useUi.getState().setFlash(t.disputeSaved);
    } catch (e) {
      setError(e instanceof AlreadyDisputedError ? t.alreadyDisputed : e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  /** Photos are scaled on the phone (like patrol photos); PDFs and other images are kept as they are. */
  async function pick(list: FileList | null) {
    setError(null);
    const picked = [...(list ?? [])];
    if (picked.some((f) => !f.type.startsWith('image/') && !evidenceMime(f))) setError(te.badType);
    const usable = picked.filter((f) => f.type.startsWith('image/') || evidenceMime(f));
    const scaled = await Promise.all(
      usable.map(async (f) => {
        const blob = f.type.startsWith('image/') ? await photoToKeep(f) : f;
        return { blob, name: f.name };
      }),
    );
    const ok = scaled.flatMap((f) => (f.blob && evidenceMime(f.blob) ? [{ blob: f.blob, name: f.name }] : []));
    if (ok.length < scaled.length) setError(te.badType); // an image the phone could not turn into a JPEG
    if (files.length + ok.length > DISPUTE_EVIDENCE_MAX) setError(te.tooMany);
    setFiles((all) => [...all, ...ok].slice(0, DISPUTE_EVIDENCE_MAX));
  }

  if (dispute) {
    return (
      <div
        className={`dispute ${dispute.status}`}
        data-testid="dispute-status"
        data-status={dispute.status}
        data-sync-state={dispute.syncState ?? 'synced'}
      >
        <div>
          <strong>{t.disputeStatus[dispute.status]}</strong>{' '}
          <span className={`badge ${dispute.syncState ?? 'synced'}`}>
            {t.disputeSync[dispute.syncState ?? 'synced']}
          </span>
        </div>
        <div className="small">
          {t.disputeReason}: {dispute.reason}
        </div>
        <EvidenceList disputeId={dispute.id} evidence={dispute.evidence ?? []} />
        {dispute.decisionReason && (
          <div className="small" data-testid="decision-reason">
            {t.decisionReason(dispute.decisionReason)}
          </div>
        )}
      </div>
    );
  }
  if (!canDispute) return null;
  return open ? (
    <div className="form">
      <label className="field">
        <span>{t.disputeReason}</span>
        <textarea
          data-testid="dispute-reason"
          value={reason}
          maxLength={1000}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <div className="field">
        <span>{te.evidence}</span>
        <p className="small muted">{te.attachHelp}</p>
        {files.length > 0 && (
          <ul className="list" data-testid="dispute-picked">
            {files.map((f, i) => (
              <li key={i} className="row-head small">
                <span>{f.blob.type === 'application/pdf' ? te.document(i + 1) : te.photo(i + 1)}</span>
                <button
                  type="button"
                  className="btn small"
                  aria-label={te.remove}
                  onClick={() => setFiles((all) => all.filter((_, j) => j !== i))}
                >
                  ✕
                </button>
              </li>
            ))}
          </ul>
        )}
        {files.length < DISPUTE_EVIDENCE_MAX && (
          <label className="btn">
            📎 {te.attach}
            <input
              type="file"
              accept="image/*,application/pdf"
              multiple
              hidden
              data-testid="dispute-evidence-input"
              onChange={(e) => void pick(e.target.files).finally(() => (e.target.value = ''))}
            />
          </label>
        )}
      </div>
      {error && <p className="banner error">{error}</p>}
      <div className="actions">
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          {t.cancel}
        </button>
        <button
          type="button"
          className="btn primary"
          data-testid="dispute-send"
          disabled={saving}
          onClick={() => void send()}
        >
          {t.send}
        </button>
      </div>
    </div>
  ) : (
    <div className="actions">
      <button type="button" className="btn" data-testid="dispute-open" onClick={() => setOpen(true)}>
        {t.dispute}
      </button>
    </div>
  );
}
