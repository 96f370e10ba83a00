import { Foundation1764000000000 } from './1764000000000-foundation.js';

/** Every migration, in order. Listed explicitly: globs break under ESM and bundling. */
export const MIGRATIONS = [Foundation1764000000000];
