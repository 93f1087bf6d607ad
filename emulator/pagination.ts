import { apiError } from "./errors";

/** The page size when `limit` is absent (the real default is undocumented). */
export const DEFAULT_PAGE_SIZE = 20;
/** The page size when `limit` is absent under the `duplicate-pages` quirk. */
export const REPEATING_PAGE_SIZE = 2;

export interface ListQuery {
  after?: string;
  limit?: number;
  orderBy?: string;
  order?: "asc" | "desc";
}

export interface PageOf<T> {
  hasMore: boolean;
  items: T[];
  nextPage?: string;
}

export type SortValue = string | number;

/** Where an item stands in a list's order: its sort key, then its id. */
export type Position = [SortValue, string];

export function comparePositions(a: Position, b: Position): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/**
 * One page of `items`, sorted by `orderBy` (ties broken by id) in `order` (default desc, as the API).
 * The cursor names the last item's sort key and id, so pages stay consistent while objects come and go. Under the
 * `duplicate-pages` quirk, each page after the first starts again with the last item of the page before it.
 */
export function paginate<T extends { id: string }>(
  items: T[],
  query: ListQuery,
  sortKeys: Record<string, (item: T) => SortValue>,
  defaultOrderBy: string,
  repeatPrevious = false,
): PageOf<T> {
  const key = sortKeys[query.orderBy ?? defaultOrderBy];
  const direction = query.order === "asc" ? 1 : -1;
  const compare = (a: [SortValue, string], b: [SortValue, string]): number =>
    direction * (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  const sorted = items.map((item) => ({ item, at: [key(item), item.id] as [SortValue, string] }));
  sorted.sort((a, b) => compare(a.at, b.at));

  const start = query.after ? decodeCursor(query.after) : undefined;
  const remaining = start ? sorted.filter((entry) => compare(entry.at, start) > 0) : sorted;
  // Pages that repeat items need pages: without a `limit`, they come two items at a time.
  const limit = query.limit ?? (repeatPrevious ? REPEATING_PAGE_SIZE : DEFAULT_PAGE_SIZE);
  const page = remaining.slice(0, limit);
  const hasMore = remaining.length > limit;
  const last = page[page.length - 1];
  const repeated = start && repeatPrevious ? sorted.filter((e) => same(e.at, start)) : [];
  return {
    hasMore,
    items: [...repeated, ...page].map((entry) => entry.item),
    ...(hasMore && last ? { nextPage: encodeCursor(last.at) } : {}),
  };
}

/**
 * The page `paginate` would answer, from an index: positions already in ascending order, the cursor found by binary
 * search, and only the page's items fetched. For lists that grow long (machine events), so a page costs the same
 * with ten events or ten thousand.
 */
export function pageOfIndex<T>(
  ascending: readonly Position[],
  query: ListQuery,
  fetch: (id: string) => T,
  repeatPrevious = false,
): PageOf<T> {
  const start = query.after ? decodeCursor(query.after) : undefined;
  const limit = query.limit ?? (repeatPrevious ? REPEATING_PAGE_SIZE : DEFAULT_PAGE_SIZE);
  /** The first index whose position is past `at` (or at it, when `inclusive`). */
  const firstAfter = (at: Position, inclusive: boolean) => {
    let low = 0;
    let high = ascending.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const order = comparePositions(ascending[middle], at);
      if (order > 0 || (inclusive && order === 0)) high = middle;
      else low = middle + 1;
    }
    return low;
  };
  let indices: number[];
  let remaining: number;
  if (query.order === "asc") {
    const from = start ? firstAfter(start, false) : 0;
    remaining = ascending.length - from;
    indices = range(from, Math.min(ascending.length, from + limit));
  } else {
    const before = start ? firstAfter(start, true) : ascending.length;
    remaining = before;
    indices = range(Math.max(0, before - limit), before).reverse();
  }
  const hasMore = remaining > limit;
  const at = start ? firstAfter(start, true) : -1;
  const repeated = start && repeatPrevious && at < ascending.length && same(ascending[at], start) ? [at] : [];
  const last = indices[indices.length - 1];
  return {
    hasMore,
    items: [...repeated, ...indices].map((index) => fetch(ascending[index][1])),
    ...(hasMore && last !== undefined ? { nextPage: encodeCursor(ascending[last]) } : {}),
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, offset) => from + offset);
}

function same(a: [SortValue, string], b: [SortValue, string]): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function encodeCursor(at: [SortValue, string]): string {
  return Buffer.from(JSON.stringify(at)).toString("base64url");
}

function decodeCursor(cursor: string): [SortValue, string] {
  try {
    const at = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(at) && at.length === 2 && typeof at[1] === "string") return at as [SortValue, string];
  } catch {
    // falls through to the error below
  }
  throw apiError.badRequest("Invalid cursor", "after");
}
