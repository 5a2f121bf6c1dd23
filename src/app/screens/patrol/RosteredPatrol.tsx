import { useLiveQuery } from 'dexie-react-hooks';
import { Suspense, lazy } from 'react';
import { hallDayAndMinutes } from '../../../domain/hall-time';
import { dutyFloorsOf } from '../../../domain/patrol/roster-days';
import { db } from '../../db/instance';
import { useT } from '../../i18n';
import { useHallZone, useSession } from '../../stores/session';
import { Link } from '../../router';
import { href } from '../../routes';
import { useCorrectedNow } from '../../sync/use-corrected-now';

// Loaded on a day the roster names the user: most window heads' and every staff member's home
// never needs the rounds card (its chunks kept the staff home over its first-load budget).
const TodayRounds = lazy(() => import('./TodayRounds').then((m) => ({ default: m.TodayRounds })));

/**
 * The patrol part of the home of someone who patrols by the roster, not by role (DOMAIN §2: the
 * heads of the month's duty windows serve as duty officers): on a day the roster names them,
 * today's rounds and the record button, as a floor duty leader has them.
 */
export function RosteredPatrol() {
  const t = useT();
  const profile = useSession((s) => s.profile);
  const zone = useHallZone();
  const { day } = hallDayAndMinutes(useCorrectedNow(), zone);
  const roster = useLiveQuery(() => db.duty_roster.where('month').equals(day.slice(0, 7)).toArray(), [day], []);
  if (!profile || dutyFloorsOf(roster, profile.id, day).length === 0) return null;
  return (
    <div data-testid="rostered-patrol">
      <Suspense fallback={null}>
        <TodayRounds />
      </Suspense>
      <Link to={href('record')} className="btn primary big" data-testid="record-violation">
        {t.recordViolation}
      </Link>
    </div>
  );
}
