import { type ListedPage, findInPages } from "./pages";

/**
 * A batch closes once no read of any type has arrived for `BATCH_QUIET_MS`, or `BATCH_MAX_MS` after its first read.
 * The engine hands a refresh's reads to the provider over about half a second for 400 resources, most within a few
 * milliseconds of the one before but some up to 70 ms apart (measured, see PERFORMANCE.md): a quiet time of 80 ms keeps
 * such a wave in one batch, at the cost of 80 ms for a read that comes alone. The reads of one type come mixed with the
 * others' (50 templates among 1,000 resources), so the quiet is of all reads; and a wave of 1,000 took the engine
 * several seconds, so a batch may wait 10 s: reads keep coming that long only when the engine has them all in flight,
 * and the refresh then ends with its last read whenever the first is answered.
 */
export const BATCH_QUIET_MS = 80;
export const BATCH_MAX_MS = 10_000;
/** How long a list of a batch is retried before its reads make their own GETs instead. */
export const LIST_RETRY_MS = 5_000;

/** Where the pages of one type's list come from; a request started later than `deadline` is not retried. */
export type ReadListPage<T> = (after: string | undefined, deadline: number) => Promise<ListedPage<T>>;

/** When the last read of any type arrived, shared by the batchers of one API and key. */
export class ReadWave {
  lastReadAt = 0;
}

interface PendingRead<T> {
  id: string;
  /** The read's own GET, for when the lists do not show the object. */
  readOne(): Promise<T>;
  deadline: number;
  resolve(object: T): void;
  reject(error: unknown): void;
}

/**
 * Reads of one type of object, on one API and key, that arrive together (a refresh, a `preview --refresh`) are served
 * from the type's list instead of one GET each. Reads that arrive while reads of any type (of the `wave`) keep coming
 * less than `BATCH_QUIET_MS` apart make a batch (of at most `BATCH_MAX_MS`); a batch of one is its own GET. The list is requested only after every read of the batch has arrived, so no
 * answer is staler than a GET issued with the read, and nothing is kept between batches. Pages are read while some
 * read is still unseen and the page may spare more than one GET; what the lists did not show, and every read of a
 * batch whose list still failed after `LIST_RETRY_MS`, is its own GET, so a 404 still means gone and a failing list fails no read.
 */
export class ReadBatcher<T> {
  private pending: PendingRead<T>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private openedAt = 0;

  /** `keyOf` is what a read names an object by: its id, or (a public IP) its address. */
  constructor(
    private readonly readPage: ReadListPage<T>,
    private readonly keyOf: (item: T) => string = (item) => (item as { id: string }).id,
    private readonly wave = new ReadWave(),
  ) {}

  read(id: string, readOne: () => Promise<T>, deadline: number): Promise<T> {
    return new Promise((resolve, reject) => {
      this.wave.lastReadAt = Date.now();
      if (this.pending.length === 0) this.openedAt = Date.now();
      this.pending.push({ id, readOne, deadline, resolve, reject });
      this.schedule();
    });
  }

  /** Serves the batch once it closes: the wave's reads of other types, which this one cannot see come, move it on. */
  private schedule(): void {
    clearTimeout(this.timer);
    const closesAt = () => Math.min(this.wave.lastReadAt + BATCH_QUIET_MS, this.openedAt + BATCH_MAX_MS);
    this.timer = setTimeout(
      () => (Date.now() < closesAt() ? this.schedule() : void this.serve()),
      closesAt() - Date.now(),
    );
  }

  private async serve(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.timer = undefined;
    const listed = batch.length > 1 ? await this.list(batch) : new Map<string, T>();
    for (const read of batch) {
      const object = listed.get(read.id);
      if (object) read.resolve(object);
      else read.readOne().then(read.resolve, read.reject);
    }
  }

  /** The batch's objects the list's pages show (a list that still fails after `LIST_RETRY_MS` shows none). */
  private list(batch: PendingRead<T>[]): Promise<Map<string, T>> {
    const deadline = Math.min(Date.now() + LIST_RETRY_MS, ...batch.map((read) => read.deadline));
    const wanted = new Set(batch.map((read) => read.id));
    return findInPages(wanted, (after) => this.readPage(after, deadline), undefined, this.keyOf).then(
      ({ found }) => found,
    );
  }
}
