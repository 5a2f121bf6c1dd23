export * from './rounds';
export * from './roster';
export * from './expected';
export * from './fairness';
export * from './corrections';
export * from './coverage';
export * from './rights';
