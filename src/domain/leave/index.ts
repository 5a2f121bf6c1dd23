/** Leave, substitute cover and outings (DOMAIN §6–§7): pure rules shared by phone and server. */
export * from './days';
export * from './half-day-schema';
export * from './rules';
export * from './entities';
export * from './mutations';
export * from './chain';
export * from './conflicts';
export * from './machine';
export * from './outings';
export * from './privacy';
export * from './coverage';
export * from './consequences';
export * from './inbox';
