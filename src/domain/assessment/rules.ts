import type { Scheme, SchemeCategory, SchemeItem } from '../scheme/schema';
import { toCenti, type Centi } from './points';
import { staffBonusCapOf } from './scoring-variants';

type BonusItem = Scheme['bonus']['items'][number];

export interface CategoryRule {
  category: SchemeCategory;
  /** Position in the scheme: explanations list categories in scheme order. */
  index: number;
  weight: Centi;
}

export interface ItemRule {
  item: SchemeItem;
  index: number;
  categoryIndex: number;
  points: Centi;
}

export interface BonusRule {
  item: BonusItem;
  min: Centi;
  max: Centi;
}

/** A scheme turned into lookups, in centi; built once per scheme object. */
export interface ScoringRules {
  scheme: Scheme;
  base: Centi;
  categories: CategoryRule[];
  items: Map<string, ItemRule>;
  /** The items in scheme order (ItemRule.index). */
  itemList: ItemRule[];
  /** Per category (scheme order): its items' indexes, ascending. */
  categoryItems: number[][];
  bonusItems: Map<string, BonusRule>;
  bonusCap: Centi;
  /** #15.9 A person's bonus cap (scheme staffBonusCap, else bonusCap). */
  staffBonusCap: Centi;
  substituteDeductsOwnScore: boolean;
}

const cache = new WeakMap<Scheme, ScoringRules>();

export function scoringRules(scheme: Scheme): ScoringRules {
  const cached = cache.get(scheme);
  if (cached) return cached;
  const categories = scheme.categories.map((category, index) => ({
    category,
    index,
    weight: toCenti(category.weight),
  }));
  const categoryIndex = new Map(scheme.categories.map((c, i) => [c.code, i]));
  const items = new Map<string, ItemRule>();
  scheme.items.forEach((item, index) => {
    const ci = categoryIndex.get(item.category);
    if (ci === undefined) throw new Error(`scheme item ${item.code} is in unknown category ${item.category}`);
    items.set(item.code, { item, index, categoryIndex: ci, points: toCenti(item.points) });
  });
  const itemList = [...items.values()].sort((a, b) => a.index - b.index);
  const categoryItems: number[][] = categories.map(() => []);
  for (const rule of itemList) categoryItems[rule.categoryIndex]!.push(rule.index);
  const bonusItems = new Map<string, BonusRule>(
    scheme.bonus.items.map((item) => [item.code, { item, min: toCenti(item.minPoints), max: toCenti(item.maxPoints) }]),
  );
  const rules: ScoringRules = {
    scheme,
    base: toCenti(scheme.base),
    categories,
    items,
    itemList,
    categoryItems,
    bonusItems,
    bonusCap: toCenti(scheme.bonus.cap),
    staffBonusCap: toCenti(staffBonusCapOf(scheme)),
    substituteDeductsOwnScore: scheme.substitutes?.deductOwnScore ?? true,
  };
  cache.set(scheme, rules);
  return rules;
}
