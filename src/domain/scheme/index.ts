export * from './schema';
export { DEFAULT_SCHEME } from './default-scheme';
export { findItem, spotCheckItems } from './items';
