import { create } from 'zustand';
import type { Profile } from '../../domain';
import { DEFAULT_HALL_TIME_ZONE } from '../../domain/hall-time';

export type SessionStatus = 'signed_out' | 'signed_in' | 'expired';

export interface SessionState {
  /** False until the cached profile has been read from the phone. */
  ready: boolean;
  profile: Profile | null;
  status: SessionStatus;
  signIn: (profile: Profile) => void;
  expire: () => void;
  signOut: () => void;
  setReady: () => void;
}

export const useSession = create<SessionState>((set) => ({
  ready: false,
  profile: null,
  status: 'signed_out',
  // The same profile again (the server's answer at start, as cached) keeps its object: every
  // screen reading it would otherwise render again for nothing just after the home has shown.
  signIn: (profile) =>
    set((s) => ({
      profile: s.profile && JSON.stringify(s.profile) === JSON.stringify(profile) ? s.profile : profile,
      status: 'signed_in',
      ready: true,
    })),
  // The profile stays: the app keeps working offline and the user's queue waits for them.
  expire: () => set((s) => (s.profile ? { status: 'expired' } : { status: 'signed_out' })),
  signOut: () => set({ profile: null, status: 'signed_out' }),
  setReady: () => set({ ready: true }),
}));

/** The hall's time zone (from the server, in the profile): the phone's days and months are the hall's. */
/** The hall's time zone outside React (feature functions stamping a time). */
export const currentHallZone = (): string => useSession.getState().profile?.hallTimeZone ?? DEFAULT_HALL_TIME_ZONE;

export function useHallZone(): string {
  return useSession((s) => s.profile?.hallTimeZone ?? DEFAULT_HALL_TIME_ZONE);
}
