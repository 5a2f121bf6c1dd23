import { Suspense, lazy, useEffect } from 'react';
import { HALL_WIDE_ROLES, type Role } from '../../domain/role-list';
import { firstScreenShown } from '../first-screen';

const DutyHome = lazy(() => import('./DutyHome'));
const SupervisionHome = lazy(() => import('./SupervisionHome'));
const OtherHome = lazy(() => import('./OtherHome'));

/** The home screen depends on the role (kept out of the shell so the shell carries no zod). */
export default function Home({ role }: { role: Role }) {
  return (
    <Suspense fallback={null}>
      {HALL_WIDE_ROLES.includes(role) ? <SupervisionHome /> : role === 'duty_leader' ? <DutyHome /> : <OtherHome />}
      <Shown />
    </Suspense>
  );
}

/** Commits with the role's home (same Suspense boundary): the first sync may start now. */
function Shown() {
  useEffect(() => firstScreenShown(), []);
  return null;
}
