import type { Disqualification } from '../../../domain/assessment/disqualification';
import type { GroupRanking } from '../../../domain/assessment/group-ranking';
import { useAssessT } from '../../features/assessment/strings';
import { useLang } from '../../i18n';
import { namesOf, useSchemeVersion } from './names';

/** What the table reads: a full result (MonthAssessment) or a version's summary both fit. */
export interface RankedResult {
  schemeVersion: number;
  groups: Partial<Record<string, GroupRanking>>;
  windows: {
    windowId: string;
    number: string;
    name: string;
    department: string;
    disqualifications: Disqualification[];
  }[];
}

/** The rankings of a result, group by group (scheme order), honours and disqualifications marked. */
export function RankingTable({
  result,
  ownWindowId,
  onWindow,
}: {
  result: RankedResult;
  ownWindowId: string | null;
  onWindow: (windowId: string) => void;
}) {
  const t = useAssessT();
  const lang = useLang();
  const names = namesOf(useSchemeVersion(result.schemeVersion), lang);
  const byId = new Map(result.windows.map((w) => [w.windowId, w]));
  return (
    <>
      {Object.values(result.groups).map((group) =>
        group ? (
          <div key={group.kind} className="ranking-group" data-testid="ranking-group" data-kind={group.kind}>
            <h2>
              {t.groups[group.kind] ?? group.kind} <span className="muted small">({group.size})</span>
            </h2>
            <ol className="list ranking">
              {group.entries.map((e) => {
                const w = byId.get(e.windowId)!;
                const own = e.windowId === ownWindowId;
                return (
                  <li key={e.windowId}>
                    <button
                      type="button"
                      className={`card ranking-row${own ? ' own' : ''}`}
                      data-testid="ranking-row"
                      data-window-id={e.windowId}
                      data-own={own ? 'true' : undefined}
                      data-rank={e.rank}
                      data-score={e.score}
                      onClick={() => onWindow(e.windowId)}
                    >
                      <span className="rank">{e.rank}</span>
                      <span className="who">
                        <strong>
                          {w.number} {w.name}
                        </strong>
                        {own && <span className="badge own-badge"> {t.ownWindow}</span>}
                        <span className="small muted"> {w.department}</span>
                        {e.disqualified.length > 0 && (
                          <span className="small error-text" data-testid="disqualified">
                            {' '}
                            {t.disqualified}:{' '}
                            {w.disqualifications
                              .map((d) => `${names.disqualification(d.code)}（${d.reason}）`)
                              .join('；')}
                          </span>
                        )}
                      </span>
                      <span className="points">
                        <strong>{e.score}</strong>
                        {e.honour && (
                          <span className={`badge honour ${e.honour}`} data-testid="honour" data-honour={e.honour}>
                            {names.honour(e.honour)}
                          </span>
                        )}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ol>
          </div>
        ) : null,
      )}
    </>
  );
}
