/** `?page=` as a page number: anything but a positive whole number is page 1. */
export function pageNumber(value: unknown): number {
  const page = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return page >= 1 ? page : 1;
}

export interface PaginationModel {
  previous?: { href: string };
  next?: { href: string };
  items: ({ number: number; href: string; current?: boolean } | { ellipsis: true })[];
}

/**
 * govukPagination's parameters for a server-paged list (docs/web-contract.md#conventions: every list pages on the server),
 * keeping the rest of the query string; undefined when everything fits on one page.
 */
export function paginationFor(total: number, page: number, pageSize: number, path: string, query: Record<string, unknown> = {}): PaginationModel | undefined {
  const pages = Math.ceil(total / pageSize);
  if (pages <= 1) return undefined;
  const href = (n: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (typeof value === 'string' && key !== 'page') params.set(key, value);
    if (n > 1) params.set('page', String(n));
    const search = params.toString();
    return search ? `${path}?${search}` : path;
  };
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const items: PaginationModel['items'] = [];
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1]! > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), ...(n === page ? { current: true } : {}) });
  });
  return { ...(page > 1 ? { previous: { href: href(page - 1) } } : {}), ...(page < pages ? { next: { href: href(page + 1) } } : {}), items };
}
