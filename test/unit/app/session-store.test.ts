import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../src/domain';
import { useSession } from '../../../src/app/stores/session';

const duty1: Profile = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'duty1',
  displayName: '值班一',
  role: 'duty_leader',
  staffId: null,
  windowId: null,
  floorId: null,
  hallTimeZone: 'Asia/Shanghai',
};

describe('session store', () => {
  it('keeps the profile object when the server answers the cached profile again (no re-render of every screen)', () => {
    useSession.getState().signIn(duty1);
    const first = useSession.getState().profile;
    useSession.getState().signIn({ ...duty1 });
    expect(useSession.getState().profile).toBe(first);
    expect(useSession.getState().status).toBe('signed_in');
  });

  it('takes a changed profile', () => {
    useSession.getState().signIn(duty1);
    useSession.getState().signIn({ ...duty1, displayName: '值班一（新）' });
    expect(useSession.getState().profile?.displayName).toBe('值班一（新）');
  });

  it('signs in again after an expiry with the same profile', () => {
    useSession.getState().signIn(duty1);
    useSession.getState().expire();
    expect(useSession.getState().status).toBe('expired');
    useSession.getState().signIn({ ...duty1 });
    expect(useSession.getState().status).toBe('signed_in');
  });
});
