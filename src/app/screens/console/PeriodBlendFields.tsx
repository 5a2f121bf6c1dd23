import type { Scheme } from '../../../domain/scheme/schema';
import { useUi } from '../../stores/ui';

type Weights = NonNullable<Scheme['periodBlend']>;
const DEFAULT: Weights = { monthly: 0.4, peerReview: 0.3, publicSatisfaction: 0.3 };
const KEYS = ['monthly', 'peerReview', 'publicSatisfaction'] as const;

const zh = {
  title: '季度/年度综合得分',
  help: '来源规定：季度考核按月度考核得分占 40%、窗口互评占 30%、群众满意度占 30% 计算综合得分。三项之和须为 100%；互评和满意度得分在“季度/年度”中导入。',
  labels: { monthly: '月度平均 %', peerReview: '窗口互评 %', publicSatisfaction: '群众满意度 %' },
  sum: (n: number) => `合计 ${n}%`,
  reset: '恢复默认 40/30/30',
  isDefault: '（默认）',
};
const en: typeof zh = {
  title: 'Quarter/year blended score',
  help: 'Source rule: the quarter blends the monthly scores at 40%, peer review at 30% and public satisfaction at 30%. The three must add up to 100%; the peer and satisfaction scores are imported under Quarter/year.',
  labels: { monthly: 'Monthly average %', peerReview: 'Peer review %', publicSatisfaction: 'Public satisfaction %' },
  sum: (n) => `Total ${n}%`,
  reset: 'Back to the default 40/30/30',
  isDefault: '(default)',
};

/** #15 period variants: the scheme's blend weights (optional; absent = 40/30/30), in percent. */
export function PeriodBlendFields({ scheme, update }: { scheme: Scheme; update: (fn: (s: Scheme) => void) => void }) {
  const t = useUi((s) => s.language) === 'en' ? en : zh;
  const weights = scheme.periodBlend ?? DEFAULT;
  const pct = (x: number) => Math.round(x * 10_000) / 100;
  const sum = pct(weights.monthly + weights.peerReview + weights.publicSatisfaction);
  return (
    <section data-testid="scheme-period-blend">
      <h4>
        {t.title} {!scheme.periodBlend && <span className="muted">{t.isDefault}</span>}
      </h4>
      <p className="small muted">{t.help}</p>
      <div className="console-form">
        {KEYS.map((k) => (
          <label className="field" key={k}>
            <span>{t.labels[k]}</span>
            <input
              type="number"
              min={0}
              max={100}
              step={1}
              data-testid={`scheme-blend-${k}`}
              value={pct(weights[k])}
              onChange={(e) =>
                update((s) => {
                  s.periodBlend = { ...(s.periodBlend ?? DEFAULT), [k]: Number(e.target.value) / 100 };
                })
              }
            />
          </label>
        ))}
        <span className={sum === 100 ? 'small' : 'small error-text'}>{t.sum(sum)}</span>
        {scheme.periodBlend && (
          <button
            type="button"
            className="btn small"
            onClick={() =>
              update((s) => {
                delete s.periodBlend;
              })
            }
          >
            {t.reset}
          </button>
        )}
      </div>
    </section>
  );
}
