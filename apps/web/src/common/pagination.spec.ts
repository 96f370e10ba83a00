import { describe, expect, it } from '@jest/globals';
import { pageNumber, paginationFor } from './pagination.js';

describe('server-side pages', () => {
  it('reads ?page= as a positive whole number, else page 1', () => {
    expect([pageNumber('3'), pageNumber('0'), pageNumber('-2'), pageNumber('2.5'), pageNumber('x'), pageNumber(undefined), pageNumber(['2'])]).toEqual([3, 1, 1, 1, 1, 1, 1]);
  });

  it('has no pagination when everything fits on one page', () => {
    expect(paginationFor(20, 1, 20, '/')).toBeUndefined();
  });

  it('links previous, next and nearby pages, keeping the rest of the query', () => {
    const model = paginationFor(200, 5, 20, '/awards', { status: 'active', page: '5' })!;
    expect(model.previous).toEqual({ href: '/awards?status=active&page=4' });
    expect(model.next).toEqual({ href: '/awards?status=active&page=6' });
    expect(model.items).toEqual([
      { number: 1, href: '/awards?status=active' },
      { ellipsis: true },
      { number: 4, href: '/awards?status=active&page=4' },
      { number: 5, href: '/awards?status=active&page=5', current: true },
      { number: 6, href: '/awards?status=active&page=6' },
      { ellipsis: true },
      { number: 10, href: '/awards?status=active&page=10' },
    ]);
  });
});
