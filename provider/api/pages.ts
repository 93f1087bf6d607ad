/** One page of a list, its items decoded and the deleted ones left out; `next` is the cursor of the following page. */
export interface ListedPage<T> {
  items: T[];
  next?: string;
}

/**
 * The objects with the `wanted` ids that a list's pages show, for the shared reads (`EventPoller`, `ReadBatcher`).
 * Pages are read while some wanted object is unseen and more of them are unseen than pages have been read (so that the
 * pages cost less than a read of each would), and while `worthMore` says a later page may still hold one. A page that
 * fails ends the search with what it found: each object it did not find is then read on its own.
 */
export async function findInPages<T extends { id: string }>(
  wanted: Set<string>,
  readPage: (after: string | undefined) => Promise<ListedPage<T>>,
  worthMore: (items: T[]) => boolean = () => true,
): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  const cursors = new Set<string>();
  let after: string | undefined;
  try {
    for (let pages = 1; ; pages++) {
      const page = await readPage(after);
      for (const item of page.items) if (wanted.has(item.id) && !found.has(item.id)) found.set(item.id, item);
      const unseen = wanted.size - found.size;
      if (unseen <= pages || !worthMore(page.items) || page.next === undefined || cursors.has(page.next)) break;
      cursors.add(page.next);
      after = page.next;
    }
  } catch {
    // What the pages did not show is read on its own.
  }
  return found;
}
