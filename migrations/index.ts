import { Foundation1764000000000 } from './1764000000000-foundation.js';
import { Conditions1764000100000 } from './1764000100000-conditions.js';
import { AwardLifecycle1764000200000 } from './1764000200000-award-lifecycle.js';
import { Payments1764000300000 } from './1764000300000-payments.js';

/** Every migration, in order. Listed explicitly: globs break under ESM and bundling. */
export const MIGRATIONS = [Foundation1764000000000, Conditions1764000100000, AwardLifecycle1764000200000, Payments1764000300000];
