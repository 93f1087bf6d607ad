/** One page of a list, its items decoded and the deleted ones left out; `next` is the cursor of the following page. */
export interface ListedPage<T> {
  items: T[];
  next?: string;
}

/** What the pages of a search showed. */
export interface Found<T> {
  found: Map<string, T>;
  /**
   * Whether the search stopped to save requests while later pages might still show a wanted object: the objects it
   * did not find are then cheaper read on their own, now, than by reading on.
   */
  restCheaperAlone: boolean;
}

/**
 * The objects with the `wanted` ids that a list's pages show, for the shared reads (`EventPoller`, `ReadBatcher`).
 * Pages are read while some wanted object is unseen and more of them are unseen than pages have been read (so that the
 * pages cost less than a read of each would), and while `worthMore` says a later page may still hold one. A page that
 * fails ends the search with what it found: each object it did not find is then read on its own.
 */
export async function findInPages<T>(
  wanted: Set<string>,
  readPage: (after: string | undefined) => Promise<ListedPage<T>>,
  worthMore: (items: T[]) => boolean = () => true,
  keyOf: (item: T) => string = (item) => (item as { id: string }).id,
): Promise<Found<T>> {
  const found = new Map<string, T>();
  const cursors = new Set<string>();
  let after: string | undefined;
  try {
    for (let pages = 1; ; pages++) {
      const page = await readPage(after);
      for (const item of page.items) {
        const key = keyOf(item);
        if (wanted.has(key) && !found.has(key)) found.set(key, item);
      }
      const unseen = wanted.size - found.size;
      const more = worthMore(page.items) && page.next !== undefined && !cursors.has(page.next);
      if (unseen === 0 || !more) break;
      if (unseen <= pages) return { found, restCheaperAlone: true };
      cursors.add(page.next!);
      after = page.next;
    }
  } catch {
    // What the pages did not show is read on its own.
  }
  return { found, restCheaperAlone: false };
}
