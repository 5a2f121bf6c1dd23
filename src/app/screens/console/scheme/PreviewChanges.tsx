import { useScoringT } from './scoring-strings';

export interface PreviewStaffRow {
  staffId: string;
  name: string;
  current: number;
  draft: number;
  delta: number;
  currentRank?: number | null;
  draftRank?: number | null;
  currentHonour?: string | null;
  draftHonour?: string | null;
}

/** "rank · honour" of one side of a preview (issue #15: the honour is what most variants change). */
export function RankHonour({ rank, honour }: { rank: number | null | undefined; honour: string | null | undefined }) {
  const t = useScoringT();
  return (
    <>
      {rank ?? '–'}
      {honour ? ` · ${t.honourNames[honour] ?? honour}` : ''}
    </>
  );
}

/** The people whose score, rank or honour the draft changes (#15.9 person bonus cap and ranking). */
export function PreviewStaff({ staff }: { staff: readonly PreviewStaffRow[] | undefined }) {
  const t = useScoringT();
  if (!staff?.length) return null;
  return (
    <>
      <h4>{t.previewStaff}</h4>
      <div className="console-table-wrap" tabIndex={0}>
        <table className="console-table" data-testid="scheme-preview-staff">
          <thead>
            <tr>
              <th>{t.person}</th>
              <th>{t.current}</th>
              <th>{t.draft}</th>
              <th>{t.delta}</th>
              <th>{t.rankHonour}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.staffId}>
                <td>{s.name}</td>
                <td className="num">{s.current}</td>
                <td className="num">{s.draft}</td>
                <td className={`num ${s.delta < 0 ? 'delta-neg' : s.delta > 0 ? 'delta-pos' : ''}`}>
                  {s.delta > 0 ? `+${s.delta}` : s.delta}
                </td>
                <td className="num">
                  <RankHonour rank={s.currentRank} honour={s.currentHonour} /> →{' '}
                  <RankHonour rank={s.draftRank} honour={s.draftHonour} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
