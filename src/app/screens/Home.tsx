import { useEffect } from 'react';
import { HALL_WIDE_ROLES, type Role } from '../../domain/role-list';
import { firstScreenShown } from '../first-screen';

// Imported with Home, not lazily: the build puts every role's home in Home's chunk (group "homes"
// in vite.config.ts), and a lazy one suspended once more after that chunk had loaded.
import DutyHome from './DutyHome';
import OtherHome from './OtherHome';
import SupervisionHome from './SupervisionHome';

/** The home screen depends on the role (kept out of the shell so the shell carries no zod). */
export default function Home({ role }: { role: Role }) {
  return (
    <>
      {HALL_WIDE_ROLES.includes(role) ? <SupervisionHome /> : role === 'duty_leader' ? <DutyHome /> : <OtherHome />}
      <Shown />
    </>
  );
}

/** Commits with the role's home: the first sync may start now. */
function Shown() {
  useEffect(() => firstScreenShown(), []);
  return null;
}
