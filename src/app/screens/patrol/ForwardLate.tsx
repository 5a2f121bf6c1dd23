import { useState } from 'react';
import { db } from '../../db/instance';
import { forwardAsLate } from '../../features/patrol/corrections';
import { usePatrolT } from '../../features/patrol/strings';
import { useT } from '../../i18n';
import { useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';

/** On a record rejected because its month is closed: forward it to the supervision section. */
export function ForwardLate({ entryId }: { entryId: string }) {
  const t = usePatrolT();
  const tc = useT();
  const profile = useSession((s) => s.profile);
  const setFlash = useUi((s) => s.setFlash);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open) {
    return (
      <button type="button" className="btn" data-testid="forward-late" onClick={() => setOpen(true)}>
        {t.forwardLate}
      </button>
    );
  }
  return (
    <div className="form">
      <label className="field">
        <span>{t.lateReason}</span>
        <textarea
          data-testid="late-reason"
          rows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <div className="actions">
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          {tc.cancel}
        </button>
        <button
          type="button"
          className="btn primary"
          data-testid="late-send"
          onClick={() => {
            if (!profile) return;
            void forwardAsLate(db, entryId, reason, { id: profile.id, displayName: profile.displayName }).then(
              (id) => id && setFlash(t.lateSubmitted),
            );
          }}
        >
          {t.send}
        </button>
      </div>
    </div>
  );
}
