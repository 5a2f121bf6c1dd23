import { useState } from 'react';
import {
  compareHalfDays,
  halfDayOfInstant,
  leaveTypeRule,
  nextHalfDay,
  type HalfDay,
  type LeaveRequest,
} from '../../../domain';
import type { LocalLeave } from '../../db/database';
import { db } from '../../db/instance';
import * as actions from '../../features/leave/actions';
import type { LeaveData } from '../../features/leave/hooks';
import { useLeaveT } from '../../features/leave/strings';
import { photoToKeep } from '../../features/patrol/photos';
import { useLang } from '../../i18n';
import { useHallZone } from '../../stores/session';
import { useUi } from '../../stores/ui';
import { ErrorText, HalfDayPicker, errorText } from './parts';
import { correctedNow } from '../../sync/clock';

type Full = LocalLeave & LeaveRequest;

/** The first half day back at work by default: now, but never before the leave's second half day. */
function defaultReturn(leave: Full, zone: string): HalfDay {
  const now = halfDayOfInstant(correctedNow().toISOString(), zone);
  const earliest = nextHalfDay(leave.from);
  return compareHalfDays(now, earliest) < 0 ? earliest : now;
}

/** 销假: the first half day back, the sick certificate if due at return (else the warning), a note. */
export function CloseForm({
  leave,
  data,
  user,
  onDone,
}: {
  leave: Full;
  data: LeaveData;
  user: { id: string; displayName: string };
  onDone: () => void;
}) {
  const t = useLeaveT();
  const lang = useLang();
  const setFlash = useUi((s) => s.setFlash);
  const zone = useHallZone();
  const [returnedOn, setReturnedOn] = useState<HalfDay>(() => defaultReturn(leave, zone));
  const [note, setNote] = useState('');
  const [certificate, setCertificate] = useState<Blob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rule = leaveTypeRule(data.rules.leave, leave.type)?.attachment;
  const needsCertificate = !!rule && rule.due === 'close' && !leave.attachments.some((a) => a.kind === rule.kind);
  return (
    <div className="card form" data-testid="close-form">
      <h2>{t.closeTitle}</h2>
      <HalfDayPicker label={t.returnedOn} value={returnedOn} onChange={setReturnedOn} testId="close-returned" />
      {needsCertificate && (
        <>
          <label className="btn" data-testid="close-certificate-label">
            📎 {t.certificateAtClose} {certificate ? '✓' : ''}
            <input
              type="file"
              accept="image/*,application/pdf"
              hidden
              data-testid="close-certificate"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file)
                  void (file.type.startsWith('image/') ? photoToKeep(file) : Promise.resolve(file)).then((kept) => {
                    setError(kept ? null : t.fileNotAdded);
                    if (kept) setCertificate(kept);
                  });
              }}
            />
          </label>
          {!certificate && (
            <p className="banner warn" data-testid="certificate-missing">
              {t.certificateMissingWarn}
            </p>
          )}
        </>
      )}
      <label className="field">
        <span>{t.closeNote}</span>
        <input data-testid="close-note" value={note} maxLength={300} onChange={(e) => setNote(e.target.value)} />
      </label>
      <ErrorText error={error} />
      <div className="actions">
        <button type="button" className="btn" onClick={onDone}>
          {t.cancel}
        </button>
        <button
          type="button"
          className="btn primary"
          data-testid="close-save"
          onClick={() =>
            void actions.closeLeave(db, { leaveId: leave.id, returnedOn, note, certificate }, user).then(
              () => {
                setFlash(t.decided);
                onDone();
              },
              (e) => setError(errorText(e, lang)),
            )
          }
        >
          {t.close}
        </button>
      </div>
    </div>
  );
}
