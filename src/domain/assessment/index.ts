/** The monthly assessment engine (DOMAIN §4–§5): pure functions, no I/O. */
export * from './inputs';
export { toCenti, fromCenti } from './points';
export { compareWindowNumbers } from './order';
export type { NotCounted, NotCountedReason } from './not-counted';
export type { RecordContribution, CategorySubtotal } from './deductions';
export type { BonusLine, BonusSubtotal } from './bonus';
export { scoreSheet, scoreWindow, scoreStaff, type ScoreSheet, type Subject } from './score-sheet';
export { scoringRules, type ScoringRules } from './rules';
export { rankGroup, type RankInput, type RankedWindow } from './ranking';
export { resolveLine, placesForShare, type TieRule, type Rounding, type ResolvedLine } from './tie-line';
export { awardHonours, type HonourCode, type HonourTier, type HonoursAward } from './honours';
export { rankAndHonour, type GroupEntry, type GroupRanking } from './group-ranking';
export { DUTY_NEGLECT, dutyNeglect, disqualificationsByWindow, type Disqualification } from './disqualification';
export {
  assessMonth,
  type MonthAssessment,
  type WindowAssessment,
  type StaffAssessment,
  type Unmatched,
} from './month';
export {
  GRADE_NAMES,
  DEFAULT_QUARTER_BLEND,
  gradeByThreshold,
  assignGrades,
  blendQuarterScore,
  type Grade,
  type GradedStaff,
  type Grading,
  type ExcellentQuota,
  type QuotaExplanation,
  type QuarterBlendWeights,
} from './grades';
export {
  aggregatePeriod,
  type PeriodInput,
  type PeriodAssessment,
  type PeriodStaff,
  type PeriodWindow,
  type MonthScore,
  type MissingMonthRule,
} from './period';
export * from './cycle';
export * from './disputes';
export * from './from-records';
export * from './published';
export * from './requests';
export * from './bulletin';
export * from './period-of-versions';
export * from './period-inputs';
export * from './dispute-evidence';
export * from './leave-records';
export * from './summary';
