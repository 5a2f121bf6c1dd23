import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type ReactNode } from 'react';
import { engine } from '../sync/app-sync';
import type { LocalViolation, OutboxEntry } from '../db/database';
import { db } from '../db/instance';
import { discardRejected } from '../db/outbox';
import { formatTime, useLang, useT } from '../i18n';
import { useSession } from '../stores/session';
import { NETWORK_UNREACHABLE } from '../stores/syncStatus';
import { useUi } from '../stores/ui';
import { changeTime, copyText, describeChange, type ChangeContext } from './change-text';
import { useLookups } from './common';
import { Flash } from './Flash';
import { ForwardLate } from './patrol/ForwardLate';
import { RejectionReason } from './RejectionReason';
import { navigate } from '../router';
import { href } from '../routes';

/**
 * Changes that did not reach the server: those it failed on again and again (stuck: held, not
 * sent again on their own) and those it refused, with why. They stay until the user acts.
 */
export default function Rejected() {
  const t = useT();
  const lang = useLang();
  const profile = useSession((s) => s.profile);
  const lookups = useLookups();
  const userId = profile?.id ?? '';
  const rejected = useLiveQuery(
    () => db.outbox.where('[userId+state]').equals([userId, 'rejected']).toArray(),
    [userId],
    [],
  );
  const stuck = useLiveQuery(() => db.outbox.where('[userId+state]').equals([userId, 'stuck']).toArray(), [userId], []);
  // Later changes of a stuck change's row wait behind it: how many, per stuck entry.
  const heldCounts = useLiveQuery(
    async () => {
      const counts = new Map<string, number>();
      for (const entry of stuck) {
        if (!entry.rowKey) continue;
        const same = await db.outbox.where('rowKey').equals(entry.rowKey).toArray();
        counts.set(
          entry.id,
          same.filter((other) => other.state === 'pending' && (other.seq ?? 0) > (entry.seq ?? 0)).length,
        );
      }
      return counts;
    },
    [stuck],
    new Map<string, number>(),
  );
  // Leave changes name their leave, corrections their record (the rows are on the phone).
  const leaves = useLiveQuery(async () => new Map((await db.leaves.toArray()).map((l) => [l.id, l])), [], new Map());
  const referred = [...rejected, ...stuck]
    .filter((e) => e.name === 'violation.update' || e.name === 'violation.withdraw')
    .map((e) => (e.args as { id: string }).id);
  const violations = useLiveQuery(
    async () =>
      new Map((await db.violations.bulkGet(referred)).filter((v): v is LocalViolation => !!v).map((v) => [v.id, v])),
    [referred.join()],
    new Map<string, LocalViolation>(),
  );
  const ctx: ChangeContext = { lookups, leaves, violations };

  return (
    <section>
      <Flash />
      {stuck.length > 0 && (
        <>
          <h1>{t.stuckTitle}</h1>
          <ul className="list" data-testid="stuck-list">
            {stuck.map((entry) => (
              <StuckRow key={entry.id} entry={entry} ctx={ctx} held={heldCounts.get(entry.id) ?? 0} />
            ))}
          </ul>
        </>
      )}
      <h1>{t.rejectedTitle}</h1>
      {rejected.length === 0 && (
        <p className="muted" data-testid="no-rejected">
          {t.noRejected}
        </p>
      )}
      <ul className="list">
        {rejected.map((entry) => (
          <li key={entry.id} className="card" data-testid="rejected-row" data-id={entry.id}>
            <div className="row-head">
              <strong data-testid="rejected-title">{describeChange(entry, ctx, lang)}</strong>
              <span className="badge rejected">{t.stateRejected}</span>
            </div>
            <div className="muted small">{formatTime(changeTime(entry), lang)}</div>
            <RejectionReason code={entry.code} reason={entry.reason} className="error-text" testId="rejected-reason" />
            <Discard entryId={entry.id} question={t.confirmDiscard} testId="discard">
              {entry.code === 'closed' && entry.name === 'violation.record' && <ForwardLate entryId={entry.id} />}
              <CopyButton entry={entry} ctx={ctx} testId="rejected-copy" />
            </Discard>
          </li>
        ))}
      </ul>
      <button type="button" className="btn" onClick={() => navigate(href('home'))}>
        {t.back}
      </button>
    </section>
  );
}

/** A stuck change: what happened in words, and the user's choices: try again, copy, discard. */
function StuckRow({ entry, ctx, held }: { entry: OutboxEntry; ctx: ChangeContext; held: number }) {
  const t = useT();
  const lang = useLang();
  const [retrying, setRetrying] = useState(false);
  const setFlash = useUi((s) => s.setFlash);
  const retry = async () => {
    setRetrying(true);
    try {
      const result = await engine.retryStuck(entry.id);
      // Sent: the row leaves this list by itself. Not sent: say why, in words.
      if (result.status === 'error') setFlash(result.error === NETWORK_UNREACHABLE ? t.unreachable : t.stuckStill);
    } finally {
      setRetrying(false);
    }
  };
  return (
    <li className="card" data-testid="stuck-row" data-id={entry.id}>
      <div className="row-head">
        <strong data-testid="stuck-title">{describeChange(entry, ctx, lang)}</strong>
        <span className="badge rejected">{t.stateStuck}</span>
      </div>
      <div className="muted small">{formatTime(changeTime(entry), lang)}</div>
      <p className="error-text small" data-testid="stuck-reason">
        {entry.stuck?.kind === 'refused' ? t.stuckRefused : t.stuckServerError}
      </p>
      {entry.stuck && <div className="muted small">{t.stuckTriedAt(formatTime(entry.stuck.at, lang))}</div>}
      {held > 0 && (
        <div className="muted small" data-testid="stuck-held">
          {t.stuckHeld(held)}
        </div>
      )}
      <Discard entryId={entry.id} question={t.confirmDiscardStuck} testId="stuck-discard">
        <button
          type="button"
          className="btn primary"
          data-testid="stuck-retry"
          disabled={retrying}
          onClick={() => void retry()}
        >
          {retrying ? t.retrying : t.retry}
        </button>
        <CopyButton entry={entry} ctx={ctx} testId="stuck-copy" />
      </Discard>
    </li>
  );
}

/** The row's actions with a discard button that asks first (discarding cannot be undone). */
function Discard({
  entryId,
  question,
  testId,
  children,
}: {
  entryId: string;
  question: string;
  testId: string;
  children: ReactNode;
}) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  if (confirming) {
    return (
      <div className="confirm">
        <p>{question}</p>
        <div className="actions">
          <button type="button" className="btn" onClick={() => setConfirming(false)}>
            {t.cancel}
          </button>
          <button
            type="button"
            className="btn danger"
            data-testid={`${testId}-confirm`}
            onClick={() => {
              setConfirming(false);
              void discardRejected(db, entryId);
            }}
          >
            {t.confirm}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="actions">
      {children}
      <button type="button" className="btn" data-testid={testId} onClick={() => setConfirming(true)}>
        {t.discard}
      </button>
    </div>
  );
}

/** Copies the change as readable text; where the clipboard is not allowed, shows the text to select. */
function CopyButton({ entry, ctx, testId }: { entry: OutboxEntry; ctx: ChangeContext; testId: string }) {
  const t = useT();
  const lang = useLang();
  const setFlash = useUi((s) => s.setFlash);
  const [shown, setShown] = useState<string | null>(null);
  const copy = async () => {
    const text = copyText(entry, ctx, lang);
    try {
      await navigator.clipboard.writeText(text);
      setShown(null);
      setFlash(t.copied);
    } catch {
      setShown(text);
    }
  };
  return (
    <>
      <button type="button" className="btn" data-testid={testId} onClick={() => void copy()}>
        {t.copy}
      </button>
      {shown !== null && (
        <label className="field">
          <span>{t.copyFallback}</span>
          <textarea data-testid="copy-text" readOnly rows={6} value={shown} onFocus={(e) => e.currentTarget.select()} />
        </label>
      )}
    </>
  );
}
