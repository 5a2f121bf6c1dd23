import { lazyScreen } from '../lazy-screen';

/** The home screen (its chunk holds every role's home: vite.config.ts, group "homes"). */
export const HomeScreen = lazyScreen(() => import('./Home'));
