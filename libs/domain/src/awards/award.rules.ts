/** The award's status rules and named status sets live in the award ledger (docs/award-ledger.md); this path keeps older imports working. */
export * from '../award-ledger/award.rules.js';
