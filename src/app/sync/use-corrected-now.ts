import { useEffect, useState } from 'react';
import { phoneClock, type PhoneClock } from './clock';

/**
 * The screens' one "now": the phone's clock corrected by the offset of the last sync (the clock
 * rounds, records and leaves are stamped with), re-read every `intervalMs` and at once when a
 * sync measures a new offset. A phone whose own clock is a day off shows the server's day, the
 * same day as the round it has just started.
 */
export function useCorrectedNow(intervalMs = 60_000, clock: PhoneClock = phoneClock): Date {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    const reread = () => setNow(clock.now());
    const handle = setInterval(reread, intervalMs);
    const stop = clock.subscribe(reread);
    return () => {
      clearInterval(handle);
      stop();
    };
  }, [intervalMs, clock]);
  return now;
}
