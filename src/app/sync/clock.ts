/**
 * The phone's one clock for user actions (issue 11 §8). A phone whose clock is a day slow would
 * file a record made on 1 December under November (and the server refuses it as `closed`), so
 * every action is stamped with the device time plus the offset the server measured at the last
 * sync (server time − device time). The offset is kept in the meta table by the sync engine, so
 * it survives a restart and holds offline. The device's own time is kept beside the corrected
 * one where the schema has a field for it (a record's deviceRecordedAt, an entry's createdAt).
 *
 * Known limit: when the user corrects the phone's clock while offline, the kept offset applies
 * until the next sync measures it again.
 */

/** Beyond this the status bar asks the user to set the phone's clock. */
export const CLOCK_WARN_MS = 2 * 60 * 1000;

/**
 * Offsets below this are not applied: a measured offset includes the request's own travel time
 * (tens of ms to a few seconds), and a phone whose clock is right should stamp its own time.
 */
export const CLOCK_CORRECT_MIN_MS = 10_000;

export function clockSkewWarns(skewMs: number | null): boolean {
  return skewMs !== null && Math.abs(skewMs) > CLOCK_WARN_MS;
}

export class PhoneClock {
  private skew: number | null = null;
  private readonly listeners = new Set<() => void>();

  /** deviceMs: the device clock (Date.now in the app; a fake clock in tests). */
  constructor(private readonly deviceMs: () => number = () => Date.now()) {}

  /** The last measured server − device offset (ms), or null before the first sync. */
  get skewMs(): number | null {
    return this.skew;
  }

  /** The offset applied to the device time. */
  get offsetMs(): number {
    return this.skew !== null && Math.abs(this.skew) >= CLOCK_CORRECT_MIN_MS ? Math.round(this.skew) : 0;
  }

  setSkew(skewMs: number | null): void {
    const before = this.offsetMs;
    this.skew = typeof skewMs === 'number' && Number.isFinite(skewMs) ? skewMs : null;
    // The screens' "now" (useCorrectedNow) moves at once when a sync changes the offset.
    if (this.offsetMs !== before) for (const listener of this.listeners) listener();
  }

  /** Called when the applied offset changes; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The device's own time. */
  device(): Date {
    return new Date(this.deviceMs());
  }

  /** The server's time as best known: what user actions are stamped with. */
  now(): Date {
    return new Date(this.deviceMs() + this.offsetMs);
  }
}

/**
 * A clock as the actions take it: called, it gives the time to stamp; `device`, when present,
 * the device's own time. A plain `() => Date` (tests) is a clock without correction.
 */
export type Now = (() => Date) & { device?: () => Date };

export function nowOf(clock: PhoneClock): Now {
  return Object.assign(() => clock.now(), { device: () => clock.device() });
}

/** The device's own time of a clock (the same time when it has no correction). */
export function deviceTime(now: Now): Date {
  return (now.device ?? now)();
}

/** The app's phone clock; the sync engine of the app keeps its offset (controller.ts). */
export const phoneClock = new PhoneClock();

/** The corrected "now" for every user action of the app. */
export const correctedNow: Now = nowOf(phoneClock);
