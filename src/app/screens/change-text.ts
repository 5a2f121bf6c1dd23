import type { RecordViolationArgs } from '../../domain';
import type { LocalLeave, LocalViolation, OutboxEntry } from '../db/database';
import { describeLeaveChange, isLeaveChange } from '../features/leave/rejections';
import { DICTS } from '../i18n';
import { rejectionText } from '../rejection-text';
import type { Language } from '../stores/ui';
import type { Lookups } from './common';

/**
 * How a queued change reads for its user, on the rejected/stuck list and in the copied text: in
 * the user's language, by what it is and what it concerns (window, item, leave), never by the
 * mutation's name or an id.
 */
export interface ChangeContext {
  lookups: Lookups;
  leaves: ReadonlyMap<string, LocalLeave>;
  /** Local records that corrections and withdrawals refer to. */
  violations: ReadonlyMap<string, LocalViolation>;
}

type Entry = Pick<OutboxEntry, 'name' | 'args' | 'createdAt'>;

function recordLabel(record: Partial<RecordViolationArgs> | undefined, ctx: ChangeContext, lang: Language): string {
  const t = DICTS[lang];
  const win = record?.windowId ? ctx.lookups.windows.get(record.windowId) : undefined;
  const person = record?.staffId ? ctx.lookups.staff.get(record.staffId)?.name : undefined;
  const item = record?.itemCode ? ctx.lookups.items.get(record.itemCode) : undefined;
  const parts = [win ? `${win.number} ${win.name}` : t.window];
  if (person) parts.push(person);
  if (item) parts.push(`${item.name[lang]} × ${record?.count ?? 1}`);
  return parts.join(' · ');
}

export function describeChange(entry: Entry, ctx: ChangeContext, lang: Language): string {
  const t = DICTS[lang];
  const args = (entry.args ?? {}) as Record<string, unknown>;
  const id = typeof args.id === 'string' ? args.id : '';
  switch (entry.name) {
    case 'violation.record':
      return recordLabel(args as Partial<RecordViolationArgs>, ctx, lang);
    case 'violation.late_submit':
      return `${t.changeLate}: ${recordLabel(args.violation as Partial<RecordViolationArgs> | undefined, ctx, lang)}`;
    case 'violation.update':
      return `${t.changeCorrection}: ${recordLabel(ctx.violations.get(id), ctx, lang)}`;
    case 'violation.withdraw':
      return `${t.changeWithdrawal}: ${recordLabel(ctx.violations.get(id), ctx, lang)}`;
    case 'round.start':
      return t.changeRoundStart;
    case 'round.finish':
      return t.changeRoundFinish;
    case 'round.check_window': {
      const win = typeof args.windowId === 'string' ? ctx.lookups.windows.get(args.windowId) : undefined;
      return win ? `${t.changeRoundCheck} · ${win.number} ${win.name}` : t.changeRoundCheck;
    }
    case 'round.abandon':
      return t.changeRoundAbandon;
    case 'dispute.file':
      return `${t.changeDispute}: ${typeof args.reason === 'string' ? args.reason : ''}`;
    default:
      if (isLeaveChange(entry))
        return describeLeaveChange(entry, ctx.leaves, (staffId) => ctx.lookups.staff.get(staffId)?.name ?? '—', lang);
      return t.changeOther;
  }
}

/** When the change was made, as the list shows it: a record's observed time, else the action's. */
export function changeTime(entry: Entry): string {
  const args = (entry.args ?? {}) as Record<string, unknown>;
  const time = ['observedAt', 'startedAt', 'finishedAt', 'filedAt']
    .map((key) => args[key])
    .find((v) => typeof v === 'string');
  return isLeaveChange(entry) ? entry.createdAt : ((time as string | undefined) ?? entry.createdAt);
}

/** What the user wrote with the change (a note, a reason), if anything. */
function userText(entry: Entry): string | null {
  const args = (entry.args ?? {}) as Record<string, unknown>;
  const violation = args.violation as Record<string, unknown> | undefined;
  for (const value of [args.note, args.reason, args.comment, args.purpose, violation?.note]) {
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return null;
}

/**
 * The text copied to the clipboard: readable lines first (what, when, the user's words, what
 * happened), then the change itself for the administrator who may enter it by hand.
 */
export function copyText(entry: OutboxEntry, ctx: ChangeContext, lang: Language): string {
  const t = DICTS[lang];
  const when = new Date(changeTime(entry));
  const status =
    entry.state === 'stuck'
      ? entry.stuck?.kind === 'refused'
        ? t.stuckRefused
        : t.stuckServerError
      : entry.state === 'rejected'
        ? rejectionText(entry.code, entry.reason, lang).summary
        : t.statePending;
  const lines = [
    `${t.copyWhat}: ${describeChange(entry, ctx, lang)}`,
    `${t.copyWhen}: ${Number.isNaN(when.getTime()) ? changeTime(entry) : when.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')}`,
  ];
  const text = userText(entry);
  if (text) lines.push(`${t.copyNote}: ${text}`);
  lines.push(`${t.copyStatus}: ${status}`);
  const technical = {
    id: entry.id,
    name: entry.name,
    createdAt: entry.createdAt,
    args: entry.args,
    ...(entry.stuck ? { failure: entry.stuck } : {}),
  };
  lines.push('', `${t.copyTechnical}:`, JSON.stringify(technical, null, 2));
  return lines.join('\n');
}
