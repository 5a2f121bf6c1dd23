import { createDatabase, type WindowDutyDb } from './database';

/** The app's one database (tests create their own with createDatabase). */
export const db: WindowDutyDb = createDatabase();
