export * from './giving360.types.js';
export * from './giving360.errors.js';
export { giving360QualityWarnings, isPublicSector, PUBLIC_SECTOR_ORG_ID_PREFIXES, summariseChecks } from './giving360-quality.js';
export { poundsFromPence } from './giving360.rules.js';
export * from './giving360.service.js';
export * from './giving360.module.js';
