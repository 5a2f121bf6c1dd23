import { z } from 'zod';
import { hallDate } from '../bounds';

// The half-day schemas, apart from days.ts so that the calendar arithmetic the home screens use
// loads without zod (the leave barrel exports both).

export const HalfSchema = z.enum(['am', 'pm']);

/** A real calendar day within the hall's years (bounds.ts). */
export const HallDaySchema = hallDate;

export const HalfDaySchema = z.object({ date: HallDaySchema, half: HalfSchema });
