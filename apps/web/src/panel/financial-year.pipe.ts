import { Injectable, type PipeTransform } from '@nestjs/common';
import { NotFoundError } from '#platform/index.js';

/**
 * A financial year in a page's path, written `2014-15` (a slash cannot be in a path segment):
 * answers the domain's `2014/15`; anything else is a page that does not exist (404).
 */
@Injectable()
export class FinancialYearPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    const match = typeof value === 'string' ? /^(\d{4})-(\d{2})$/.exec(value) : null;
    if (!match || (Number(match[1]) + 1) % 100 !== Number(match[2])) throw new NotFoundError('page');
    return `${match[1]}/${match[2]}`;
  }
}

/** `2014/15` as a path segment. */
export const yearSlug = (financialYear: string): string => financialYear.replace('/', '-');
