import { CLOCK_OFFSET_ENV, installShiftedClock } from './test-clock';

// `node --import tsx --import ./test/support/fixed-clock-preload.ts src/server/cli.ts serve`:
// a server process started by a test runs on the test's clock, to the millisecond (the offset
// from the real clock, see startServerProcess). Loaded before the server's code; never part of
// `npm start`.
const offset = Number(process.env[CLOCK_OFFSET_ENV]);
if (!Number.isFinite(offset))
  throw new Error(`${CLOCK_OFFSET_ENV} must be a number of ms, not ${process.env[CLOCK_OFFSET_ENV]}`);
installShiftedClock(offset);
