import { Injectable, type PipeTransform } from '@nestjs/common';
import { NotFoundError } from '#platform/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A record id in a page's path: anything that is not an id is a page that does not exist (404). */
@Injectable()
export class RecordIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value !== 'string' || !UUID.test(value)) throw new NotFoundError('page');
    return value.toLowerCase();
  }
}
