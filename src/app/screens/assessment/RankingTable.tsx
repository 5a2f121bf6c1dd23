import type { Disqualification } from '../../../domain/assessment/disqualification';
import type { GroupRanking } from '../../../domain/assessment/group-ranking';
import { useAssessT } from '../../features/assessment/strings';
import { useLang } from '../../i18n';
import { namesOf, useSchemeVersion } from './names';
import { Link } from '../../router';
import type { Href } from '../../routes';

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
  windowHref,
  onWindow,
}: {
  result: RankedResult;
  ownWindowId: string | null;
  /** Where a row leads (a window's explanation, a link); or what a tap on it does (onWindow); or neither. */
  windowHref?: (windowId: string) => Href;
  onWindow?: (windowId: string) => void;
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
                const row = {
                  className: `card ranking-row${own ? ' own' : ''}`,
                  'data-testid': 'ranking-row',
                  'data-window-id': e.windowId,
                  'data-own': own ? 'true' : undefined,
                  'data-rank': e.rank,
                  'data-score': e.score,
                };
                const content = (
                  <>
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
                  </>
                );
                return (
                  <li key={e.windowId}>
                    {windowHref ? (
                      // The tap, for the bench's "explanation opens" figure (Rankings measures to the render).
                      <Link to={windowHref(e.windowId)} {...row} onClick={() => performance.mark('wd:explanation-tap')}>
                        {content}
                      </Link>
                    ) : onWindow ? (
                      <button type="button" {...row} onClick={() => onWindow(e.windowId)}>
                        {content}
                      </button>
                    ) : (
                      <div {...row}>{content}</div>
                    )}
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
