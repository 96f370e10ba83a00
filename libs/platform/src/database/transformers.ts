import type { ValueTransformer } from 'typeorm';

/**
 * bigint pence <-> number. PostgreSQL returns bigint as a string; every amount we hold is far
 * below 2^53 pence (£90 trillion), and the API validates money as safe integers on the way in.
 */
export const pence: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? value : Number(value)),
};
