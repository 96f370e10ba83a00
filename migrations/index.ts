import { Foundation1764000000000 } from './1764000000000-foundation.js';
import { AwardLifecycle1764000200000 } from './1764000200000-award-lifecycle.js';

/** Every migration, in order. Listed explicitly: globs break under ESM and bundling. */
export const MIGRATIONS = [Foundation1764000000000, AwardLifecycle1764000200000];
