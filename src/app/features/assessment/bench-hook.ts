// What `npm run bench` times in Chromium: the engine and the stored-rows mapping as the phone runs them.
export { assessMonth } from '../../../domain/assessment/month';
export { monthInputFromRecords } from '../../../domain/assessment/from-records';
export { computeProvisional } from './provisional';
export { keepOwnExplanations } from './explanations';
export { summarizeVersion } from '../../../domain/assessment/summary';
