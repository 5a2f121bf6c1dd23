import { APPROVER_LABELS } from '../../../domain/leave/chain';
import { formatHalfDay, type HalfDay } from '../../../domain/leave/days';
import type { LeaveRequest, SubstituteArrangement } from '../../../domain/leave/entities';
import { leaveStage } from '../../../domain/leave/machine';
import { leaveTypeRule, type ResolvedLeaveRules } from '../../../domain/leave/rule-defaults';
import type { LocalLeave } from '../../db/database';
import { isFull, type LeaveData } from '../../features/leave/hooks';
import { leaveStrings, useLeaveT } from '../../features/leave/strings';
import type { Language } from '../../stores/ui';
import { useLang } from '../../i18n';
import { RefusedNote } from '../RefusedNote';
import { Link } from '../../router';
import { href } from '../../routes';

export function spanText(l: { from: HalfDay; to: HalfDay }, lang: Language): string {
  const a = formatHalfDay(l.from)[lang];
  const b = formatHalfDay(l.to)[lang];
  return lang === 'zh' ? `${a} 至 ${b}` : `${a} – ${b}`;
}

export function typeName(rules: ResolvedLeaveRules, code: string, lang: Language): string {
  return leaveTypeRule(rules.leave, code)?.name[lang] ?? code;
}

/** Where a request stands, in words: the step that waits, the substitute, or its status. */
export function stageText(
  leave: LocalLeave,
  substitute: SubstituteArrangement | null,
  rules: ResolvedLeaveRules,
  lang: Language,
): string {
  const t = leaveStrings(lang);
  if (!isFull(leave)) return t.status[leave.status];
  if (leave.status === 'pending' && leave.steps.length === 0) return t.waitingSync;
  const stage = leaveStage(leave as LeaveRequest, substitute, rules);
  if (stage.kind === 'step') return t.waitingStep(APPROVER_LABELS[stage.role][lang]);
  if (stage.kind === 'substitute') return stage.needs === 'name' ? t.waitingSubstituteName : t.waitingSubstituteConfirm;
  return t.status[stage.status];
}

export function HalfDayPicker({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: HalfDay;
  onChange: (h: HalfDay) => void;
  testId: string;
}) {
  const t = useLeaveT();
  return (
    <fieldset className="field halfday" data-testid={testId}>
      <span>{label}</span>
      <div className="segmented">
        <input
          type="date"
          aria-label={label}
          data-testid={`${testId}-date`}
          value={value.date}
          onChange={(e) => e.target.value && onChange({ ...value, date: e.target.value })}
        />
        {(['am', 'pm'] as const).map((half) => (
          <button
            key={half}
            type="button"
            className={`btn small${value.half === half ? ' active' : ''}`}
            aria-pressed={value.half === half}
            data-testid={`${testId}-${half}`}
            onClick={() => onChange({ ...value, half })}
          >
            {t[half]}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

export function LeaveStatusBadge({ leave }: { leave: LocalLeave }) {
  const t = useLeaveT();
  const cls =
    leave.syncState === 'rejected'
      ? 'rejected'
      : leave.status === 'approved' || leave.status === 'closed'
        ? 'synced'
        : leave.status === 'pending'
          ? 'pending'
          : 'rejected';
  return (
    <span
      className={`badge ${cls}`}
      data-testid="leave-status"
      data-status={leave.status}
      data-sync-state={leave.syncState}
    >
      {leave.syncState === 'rejected'
        ? t.rejectedChange
        : leave.syncState === 'pending'
          ? `${t.status[leave.status]} · ${t.waitingSync}`
          : t.status[leave.status]}
    </span>
  );
}

/** One leave as a card in a list; tap opens it. */
export function LeaveCard(props: { leave: LocalLeave; data: LeaveData; showPerson?: boolean }) {
  return (
    <li className="card" data-testid="leave-card" data-id={props.leave.id}>
      <LeaveCardBody {...props} />
    </li>
  );
}

function LeaveCardButton({
  leave,
  data,
  showPerson = false,
}: {
  leave: LocalLeave;
  data: LeaveData;
  showPerson?: boolean;
}) {
  const t = useLeaveT();
  const lang = useLang();
  const win = data.lookups.windows.get(leave.windowId);
  return (
    <Link to={href('leaveDetail', { id: leave.id })} className="card-button" data-testid="leave-row" data-id={leave.id}>
      <div className="row-head">
        <strong>
          {showPerson ? `${data.staffName(leave.staffId)} · ${win?.number ?? ''} · ` : ''}
          {isFull(leave) ? typeName(data.rules, leave.type, lang) : t.onLeave}
          {isFull(leave) && leave.days ? ` · ${t.days(leave.days)}` : ''}
        </strong>
        <LeaveStatusBadge leave={leave} />
      </div>
      <div className="small">{spanText(leave, lang)}</div>
      <div className="muted small" data-testid="leave-stage">
        {stageText(leave, data.substituteOf(leave.id), data.rules, lang)}
        {leave.filedAfterwards ? ` · ${t.filedAfterwardsBadge}` : ''}
        {leave.extensionOf ? ` · ${t.extensionBadge}` : ''}
      </div>
    </Link>
  );
}

/** A leave row with, beside it, a change of it the server refused (issue 13 §6): "未生效：reason". */
export function LeaveCardBody(props: { leave: LocalLeave; data: LeaveData; showPerson?: boolean }) {
  return (
    <>
      <LeaveCardButton {...props} />
      <RefusedNote row={props.leave} />
    </>
  );
}

export function ErrorText({ error }: { error: string | null }) {
  return error ? (
    <p className="error-text" role="alert" data-testid="leave-error">
      {error}
    </p>
  ) : null;
}

/** A failed local write in words (storage full, invalid input). */
export function errorText(e: unknown, lang: Language): string {
  const full = e as { messageZh?: string; messageEn?: string };
  if (full?.messageZh && full.messageEn) return lang === 'zh' ? full.messageZh : full.messageEn;
  return e instanceof Error ? e.message : String(e);
}
