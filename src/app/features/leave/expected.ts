import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { expectedInputsFrom } from '../../../domain/leave/coverage';
import { outingMinutes } from '../../../domain/leave/outings';
import { onLeaveUntil } from '../../../domain/leave/privacy';
import { NO_ABSENCES, type ExpectedInputs, type ExpectedPerson } from '../../../domain/patrol/expected';
import type { LocalLeave, LocalOuting, LocalSubstitute } from '../../db/database';
import { db } from '../../db/instance';
import { formatTime } from '../../i18n';
import { useHallZone } from '../../stores/session';
import type { Language } from '../../stores/ui';
import { correctedNow } from '../../sync/clock';

/**
 * Who is expected at post, from the synced leave, outing and substitute rows (DOMAIN §3, §6, §7):
 * the patrol screen's inputs, and how an absent person or a substitute reads on it — "on leave
 * until …" (never the type or reason, which the duty leader's rows do not even carry), an open
 * outing since when, a substitute with the temporary badge.
 */
export interface ExpectedAtPost {
  inputs: ExpectedInputs;
  /** False until the leave, outing and substitute rows are read from the phone's database. */
  loaded?: boolean;
  /** The note after a person's name on the patrol screen ('' when nothing to say). */
  note: (person: ExpectedPerson, windowId: string, lang: Language) => string;
}

interface Rows {
  leaves: LocalLeave[];
  outings: LocalOuting[];
  substitutes: LocalSubstitute[];
}

export function expectedAtPost(rows: Rows | undefined, zone: string): ExpectedAtPost {
  if (!rows) return { inputs: NO_ABSENCES, note: () => '' };
  // Only what the server has confirmed excuses a person: a local pending change may still be refused.
  const synced = <T extends { syncState: string }>(list: T[]) => list.filter((r) => r.syncState === 'synced');
  const leaves = synced(rows.leaves);
  const outings = synced(rows.outings);
  const substitutes = synced(rows.substitutes);
  const inputs = expectedInputsFrom(leaves, outings, substitutes, zone);
  const leaveById = new Map(leaves.map((l) => [l.id, l]));
  const outingById = new Map(outings.map((o) => [o.id, o]));
  return {
    inputs,
    note: (person, windowId, lang) => {
      if (person.substituteFor) {
        const arrangement = substitutes.find(
          (s) =>
            s.status === 'confirmed' &&
            s.windowId === windowId &&
            s.forStaffId === person.substituteFor &&
            !s.badgeReturnedAt,
        );
        const badge = arrangement?.badgeIssuedAt && !arrangement.badgeReturnedAt ? arrangement.badgeNumber : null;
        return lang === 'zh'
          ? `替岗${badge ? ` 临时挂牌${badge}` : ' 未领临时挂牌'}`
          : `substitute${badge ? `, temporary badge ${badge}` : ', no temporary badge yet'}`;
      }
      const absence = person.absence;
      if (!absence) return '';
      if (absence.kind === 'leave') {
        const leave = leaveById.get(absence.leave.id);
        return leave ? onLeaveUntil(leave)[lang] : lang === 'zh' ? '请假' : 'on leave';
      }
      const outing = outingById.get(absence.outing.id);
      const since = outing ? formatTime(outing.startedAt, lang) : '';
      const minutes = outing ? outingMinutes(outing, correctedNow().toISOString()) : 0;
      return lang === 'zh'
        ? `临时外出中（${since}起，${minutes}分钟）`
        : `on an outing since ${since} (${minutes} min)`;
    },
  };
}

/** Live: the patrol screen's expected-staff inputs and notes. */
export function useExpectedAtPost(): ExpectedAtPost {
  const rows = useLiveQuery(async () => {
    const [leaves, outings, substitutes] = await Promise.all([
      db.leaves.toArray(),
      db.outings.toArray(),
      db.substitutes.toArray(),
    ]);
    return { leaves, outings, substitutes };
  }, []);
  const zone = useHallZone();
  return useMemo(() => ({ ...expectedAtPost(rows, zone), loaded: rows !== undefined }), [rows, zone]);
}
