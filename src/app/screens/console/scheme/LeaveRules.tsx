import { APPROVER_LABELS } from '../../../../domain/leave/chain';
import { CHAIN_PRESETS, chainPresetOf, tierRanges } from '../../../../domain/leave/chain-presets';
import { daysText } from '../../../../domain/leave/half-day-threshold';
import { DEFAULT_LEAVE_RULES, DEFAULT_SUBSTITUTE_THRESHOLDS } from '../../../../domain/leave/rule-defaults';
import { LATE_ITEM, OFF_POST, OFF_POST_LIMIT_MINUTES } from '../../../../domain/patrol/fairness';
import type { Scheme } from '../../../../domain/scheme/schema';
import { useLang } from '../../../i18n';
import { useLeaveRulesT } from './leave-strings';

/** The sources' own words, quoted as help beside each field. */
const QUOTES = {
  leaveDeduct: '004 工作纪律：请事假半天扣0.5分，一天扣1分。请病假须提供医院开据的证明，否则按事假处理。',
  offPost:
    '003 请假制度7：擅离岗位超过半小时视为旷工半天；迟到半小时亦视为旷工半天。004 工作纪律3：擅自脱岗……每次扣0.5分。',
  substitute:
    '003 替岗情形：独立窗口仅有一名工作人员时，需安排替岗人员后方可离岗；两人窗口，若一人请假一天以上（不含一天），需安排替岗；其他窗口工作人员请假超过五天，需安排替岗。004 第十二条：只有一个岗位的窗口，岗位责任人A不在岗超过半天以上的，由窗口单位安排相对固定的顶岗人员B到窗口受理业务。',
};

function Quote({ text }: { text: string }) {
  const t = useLeaveRulesT();
  return (
    <blockquote className="small muted" data-testid="scheme-source-quote">
      {t.sourceWords}
      <span lang="zh-CN">{text}</span>
    </blockquote>
  );
}

const itemCodeFor = (type: string) => `LEAVE_${type.toUpperCase()}`;

/**
 * The scheme editor's leave and off-post sections (issue #15 variants 4–7): leave that deducts per
 * half day, the off-post conversion, substitute thresholds in half days, the approval chain by
 * length with the sources' three readings. Each edits the draft through `update`.
 */
export function LeaveRules({ scheme, update }: { scheme: Scheme; update: (fn: (s: Scheme) => void) => void }) {
  const t = useLeaveRulesT();
  const lang = useLang();
  const types = scheme.leave?.types ?? DEFAULT_LEAVE_RULES.types;
  const tiers = scheme.leave?.approvalTiers ?? DEFAULT_LEAVE_RULES.approvalTiers;
  const thresholds = scheme.substitutes?.required ?? DEFAULT_SUBSTITUTE_THRESHOLDS;
  const preset = chainPresetOf(tiers);
  const offPost = scheme.offPost;
  const offPostItem = scheme.items.findIndex((i) => i.code === OFF_POST);

  const setDeducts = (type: string, on: boolean) =>
    update((s) => {
      const code = itemCodeFor(type);
      const list = (s.leaveDeductions ?? []).filter((d) => d.type !== type);
      if (on) {
        list.push({ type, itemCode: code });
        if (!s.items.some((i) => i.code === code)) {
          const name = types.find((x) => x.code === type)?.name ?? { zh: type, en: type };
          s.items.push({
            code,
            category: s.categories[0]!.code,
            name: { zh: `请${name.zh}`, en: name.en },
            points: 0.5,
            unit: 'half_day',
            spotCheck: false,
          });
        }
      }
      if (list.length) s.leaveDeductions = list;
      else delete s.leaveDeductions;
    });

  return (
    <section data-testid="scheme-leave-rules">
      <h4>{t.leaveDeductTitle}</h4>
      <p className="small">{t.leaveDeductHelp}</p>
      <Quote text={QUOTES.leaveDeduct} />
      <div className="console-table-wrap" tabIndex={0}>
        <table className="console-table" data-testid="scheme-leave-deductions">
          <tbody>
            {types.map((type) => {
              const rule = scheme.leaveDeductions?.find((d) => d.type === type.code);
              const itemIndex = rule ? scheme.items.findIndex((i) => i.code === rule.itemCode) : -1;
              return (
                <tr key={type.code}>
                  <td>
                    <label>
                      <input
                        type="checkbox"
                        data-testid="leave-deducts"
                        data-type={type.code}
                        checked={!!rule}
                        onChange={(e) => setDeducts(type.code, e.target.checked)}
                      />{' '}
                      {type.name[lang]} · {t.deducts}
                    </label>
                  </td>
                  <td>
                    {itemIndex >= 0 && (
                      <input
                        type="number"
                        step="0.5"
                        min="0.5"
                        aria-label={`${type.name[lang]} · ${t.pointsPerHalfDay}`}
                        value={scheme.items[itemIndex]!.points}
                        onChange={(e) =>
                          update((s) => {
                            s.items[itemIndex]!.points = Number(e.target.value);
                          })
                        }
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h4>{t.offPostTitle}</h4>
      <p className="small">{t.offPostHelp}</p>
      <Quote text={QUOTES.offPost} />
      <div className="console-form">
        {offPostItem >= 0 && (
          <label className="field">
            <span>{t.offPostPoints}</span>
            <input
              type="number"
              step="0.5"
              min="0.5"
              value={scheme.items[offPostItem]!.points}
              onChange={(e) =>
                update((s) => {
                  s.items[offPostItem]!.points = Number(e.target.value);
                })
              }
            />
          </label>
        )}
        <label className="field">
          <span>{t.offPostMinutes}</span>
          <input
            type="number"
            step="1"
            min="1"
            max="480"
            data-testid="off-post-minutes"
            value={offPost?.absenceAfterMinutes ?? OFF_POST_LIMIT_MINUTES}
            onChange={(e) =>
              update((s) => {
                s.offPost = {
                  ...(s.offPost ?? { scored: false, lateItem: LATE_ITEM }),
                  absenceAfterMinutes: Number(e.target.value),
                };
              })
            }
          />
        </label>
        <label>
          <input
            type="checkbox"
            data-testid="off-post-scored"
            checked={offPost?.scored ?? false}
            onChange={(e) =>
              update((s) => {
                s.offPost = {
                  absenceAfterMinutes: s.offPost?.absenceAfterMinutes ?? OFF_POST_LIMIT_MINUTES,
                  lateItem: s.offPost?.lateItem ?? LATE_ITEM,
                  scored: e.target.checked,
                };
              })
            }
          />{' '}
          {t.offPostScored}
        </label>
      </div>

      <h4>{t.substituteTitle}</h4>
      <Quote text={QUOTES.substitute} />
      <div className="console-table-wrap" tabIndex={0}>
        <table className="console-table" data-testid="scheme-substitutes">
          <tbody>
            {thresholds.map((th, i) => (
              <tr key={th.staffCount ?? 'more'}>
                <td>{t.staffCount(th.staffCount)}</td>
                <td>
                  <input
                    type="number"
                    step="0.5"
                    min="0"
                    data-testid="substitute-over-days"
                    aria-label={`${t.staffCount(th.staffCount)} · ${t.overDays}`}
                    value={th.overDays}
                    onChange={(e) =>
                      update((s) => {
                        const list = structuredClone(s.substitutes?.required ?? DEFAULT_SUBSTITUTE_THRESHOLDS);
                        list[i]!.overDays = Number(e.target.value);
                        s.substitutes = { deductOwnScore: s.substitutes?.deductOwnScore ?? true, required: list };
                      })
                    }
                  />
                </td>
                <td className="small">{th.overDays === 0 ? t.anyAbsence : `> ${daysText(th.overDays)[lang]}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h4>{t.chainTitle}</h4>
      <label className="field">
        <span>{t.chainPreset}</span>
        <select
          data-testid="chain-preset"
          value={preset ?? ''}
          onChange={(e) => {
            const chosen = CHAIN_PRESETS.find((p) => p.code === e.target.value);
            if (chosen)
              update((s) => {
                s.leave = { ...s.leave, approvalTiers: structuredClone(chosen.tiers) };
              });
          }}
        >
          {preset === null && <option value="">{t.chainCustom}</option>}
          {CHAIN_PRESETS.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name[lang]}
            </option>
          ))}
        </select>
      </label>
      {preset && <Quote text={CHAIN_PRESETS.find((p) => p.code === preset)!.quote} />}
      <div className="console-table-wrap" tabIndex={0}>
        <table className="console-table" data-testid="scheme-chain">
          <thead>
            <tr>
              <th>{t.length}</th>
              <th>{t.approvers}</th>
            </tr>
          </thead>
          <tbody>
            {tierRanges(tiers).map((r) => (
              <tr key={r.range.en} data-testid="scheme-chain-tier">
                <td>{r.range[lang]}</td>
                <td>{r.chain.map((role) => APPROVER_LABELS[role][lang]).join(' → ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
