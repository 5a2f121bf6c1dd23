export * from './roles';
export * from './entities';
export * from './violation';
export * from './scheme';
export * from './patrol';
export * from './sync/protocol';
export * from './sync/mutations';
export * from './leave';
