import { useEffect } from 'react';
import type { Role } from '../../domain/role-list';
import { firstScreenShown } from '../first-screen';
import { homeKindOf, type HomeKind } from '../home-kind';
import { lazyScreen } from '../lazy-screen';

/**
 * Each role's home is a chunk of its own (vite.config.ts, groups "home-*" and what they share,
 * "homes"): a duty leader's start does not fetch the supervision section's home, nor theirs his.
 */
const HOMES: Record<HomeKind, ReturnType<typeof lazyScreen<object>>> = {
  duty: lazyScreen(() => import('./DutyHome')),
  supervision: lazyScreen(() => import('./SupervisionHome')),
  other: lazyScreen(() => import('./OtherHome')),
};

/** Starts loading a role's home (the HTML has usually preloaded its chunks already). */
export function preloadHome(role: string): Promise<unknown> {
  return HOMES[homeKindOf(role)].preload();
}

/** The home screen of a role. */
export function HomeScreen({ role }: { role: Role }) {
  const Home = HOMES[homeKindOf(role)];
  return (
    <>
      <Home />
      <Shown />
    </>
  );
}

/** Commits with the role's home: the first sync may start now. */
function Shown() {
  useEffect(() => firstScreenShown(), []);
  return null;
}
