import type { Scheme } from '../../../../domain/scheme/schema';
import { SourceWords } from './SourceWords';
import { leaveRulesOf } from '../../../../domain/leave/rule-defaults';
import { useLang } from '../../../i18n';
import { useScoringT } from './scoring-strings';

type HonourCode = Scheme['honours']['tiers'][number]['code'];
type Period = 'month' | 'quarter' | 'year';
const PERIODS: Period[] = ['month', 'quarter', 'year'];

/**
 * The scheme editor's scoring rules of issue #15 (points 1, 2, 3, 8, 9), each with the source's
 * wording as help. An option left at the default is left out of the scheme (absent = DOMAIN's reading).
 */
export default function ScoringRules({
  scheme,
  update,
}: {
  scheme: Scheme;
  update: (fn: (s: Scheme) => void) => void;
}) {
  const t = useScoringT();
  const lang = useLang();
  const tiers = scheme.honours.tiers;
  const neglect = scheme.dutyNeglect ?? {
    removes: tiers.map((x) => x.code),
    threshold: { kind: 'rounds_missed' as const, atLeast: 1 },
  };
  const setNeglect = (next: NonNullable<Scheme['dutyNeglect']>) =>
    update((s) => {
      s.dutyNeglect = next;
    });
  const outingCode = leaveRulesOf(scheme).leave.consequenceItems.outingOverLimit;
  const outingIndex = scheme.items.findIndex((i) => i.code === outingCode);
  const periodsOf = (code: string): Period[] =>
    scheme.disqualificationPeriods?.find((d) => d.code === code)?.periods ?? PERIODS;
  const setPeriods = (code: string, periods: Period[]) =>
    update((s) => {
      const others = (s.disqualificationPeriods ?? []).filter((d) => d.code !== code);
      const list = periods.length === PERIODS.length || !periods.length ? others : [...others, { code, periods }];
      if (list.length) s.disqualificationPeriods = list;
      else delete s.disqualificationPeriods;
    });
  const number = (v: string) => (v.trim() === '' ? undefined : Number(v));

  return (
    <section data-testid="scheme-scoring-rules">
      <h4>{t.title}</h4>
      <p className="muted small">{t.intro}</p>

      <h5>{t.dutyNeglect}</h5>
      <p className="muted small">
        <SourceWords text={t.dutyNeglectHelp} />
      </p>
      <div className="console-form">
        <fieldset className="field">
          <legend>{t.removes}</legend>
          {tiers.map((tier) => (
            <label key={tier.code}>
              <input
                type="checkbox"
                data-testid={`neglect-removes-${tier.code}`}
                checked={neglect.removes.includes(tier.code)}
                onChange={(e) =>
                  setNeglect({
                    ...neglect,
                    removes: e.target.checked
                      ? tiers.map((x) => x.code).filter((c) => c === tier.code || neglect.removes.includes(c))
                      : neglect.removes.filter((c: HonourCode) => c !== tier.code),
                  })
                }
              />{' '}
              {tier.name[lang]}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{t.threshold}</span>
          <select
            value={neglect.threshold.kind}
            data-testid="neglect-threshold-kind"
            onChange={(e) =>
              setNeglect({
                ...neglect,
                threshold:
                  e.target.value === 'share_done'
                    ? { kind: 'share_done', below: 0.9 }
                    : { kind: 'rounds_missed', atLeast: 1 },
              })
            }
          >
            {Object.entries(t.thresholds).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{neglect.threshold.kind === 'rounds_missed' ? t.roundsUnit : t.percentUnit}</span>
          <input
            type="number"
            min={neglect.threshold.kind === 'rounds_missed' ? 1 : 0}
            max={neglect.threshold.kind === 'rounds_missed' ? 10000 : 100}
            aria-label={`${t.threshold} · ${t.thresholds[neglect.threshold.kind]}`}
            value={
              neglect.threshold.kind === 'rounds_missed'
                ? neglect.threshold.atLeast
                : Math.round(neglect.threshold.below * 10000) / 100
            }
            onChange={(e) =>
              setNeglect({
                ...neglect,
                threshold:
                  neglect.threshold.kind === 'rounds_missed'
                    ? { kind: 'rounds_missed', atLeast: Number(e.target.value) }
                    : { kind: 'share_done', below: Number(e.target.value) / 100 },
              })
            }
          />
        </label>
      </div>

      <h5>{t.honourBase}</h5>
      <p className="muted small">
        <SourceWords text={t.honourBaseHelp} />
      </p>
      <label className="field">
        <span>{t.honourBase}</span>
        <select
          value={scheme.honourBase ?? 'group'}
          data-testid="honour-base"
          onChange={(e) =>
            update((s) => {
              if (e.target.value === 'all_windows') s.honourBase = 'all_windows';
              else delete s.honourBase;
            })
          }
        >
          {Object.entries(t.honourBases).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </label>

      <h5>{t.disqualificationPeriods}</h5>
      <p className="muted small">
        <SourceWords text={t.disqualificationPeriodsHelp} />
      </p>
      <div className="console-table-wrap" tabIndex={0}>
        <table className="console-table" data-testid="disqualification-periods">
          <tbody>
            {scheme.disqualifications.map((d) => (
              <tr key={d.code}>
                <td>{d.name[lang] || d.code}</td>
                {PERIODS.map((p) => (
                  <td key={p}>
                    <label>
                      <input
                        type="checkbox"
                        checked={periodsOf(d.code).includes(p)}
                        onChange={(e) => {
                          const current = periodsOf(d.code);
                          setPeriods(
                            d.code,
                            PERIODS.filter((x) => (x === p ? e.target.checked : current.includes(x))),
                          );
                        }}
                      />{' '}
                      {t.periods[p]}
                    </label>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {outingIndex >= 0 && (
        <>
          <h5>{t.outingPoints}</h5>
          <p className="muted small">
            <SourceWords text={t.outingPointsHelp} />
          </p>
          <label className="field">
            <span>{scheme.items[outingIndex]!.name[lang]}</span>
            <input
              type="number"
              min={0}
              step="0.5"
              data-testid="outing-points"
              value={scheme.items[outingIndex]!.points}
              onChange={(e) =>
                update((s) => {
                  s.items[outingIndex]!.points = Number(e.target.value);
                })
              }
            />
          </label>
        </>
      )}

      <h5>{t.bonusCaps}</h5>
      <p className="muted small">
        <SourceWords text={t.bonusCapsHelp} />
      </p>
      <div className="console-form">
        <label className="field">
          <span>{t.windowBonusCap}</span>
          <input
            type="number"
            min={0}
            value={scheme.bonus.cap}
            onChange={(e) =>
              update((s) => {
                s.bonus.cap = Number(e.target.value);
              })
            }
          />
        </label>
        <label className="field">
          <span>{t.staffBonusCap}</span>
          <input
            type="number"
            min={0}
            data-testid="staff-bonus-cap"
            value={scheme.staffBonusCap ?? ''}
            onChange={(e) =>
              update((s) => {
                const v = number(e.target.value);
                if (v === undefined) delete s.staffBonusCap;
                else s.staffBonusCap = v;
              })
            }
          />
        </label>
        <label className="field">
          <span>{t.ranking}</span>
          <select
            value={scheme.ranking ?? 'windows'}
            data-testid="ranking-of"
            onChange={(e) =>
              update((s) => {
                const v = e.target.value as NonNullable<Scheme['ranking']>;
                if (v === 'windows') delete s.ranking;
                else s.ranking = v;
              })
            }
          >
            {Object.entries(t.rankings).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small">
        <SourceWords text={t.rankingHelp} />
      </p>
    </section>
  );
}
