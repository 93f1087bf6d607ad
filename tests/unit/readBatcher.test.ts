import { BATCH_MAX_MS, BATCH_QUIET_MS, ReadBatcher, ReadWave } from "../../provider/api/readBatcher";

describe("ReadBatcher", () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  /** A batcher whose list takes 50 ms and shows a, b and c as they are when it answers; each list's start noted. */
  function batcher(wave?: ReadWave) {
    const lists: number[] = [];
    const reads = new ReadBatcher<{ id: string; at: number }>(
      async () => {
        lists.push(Date.now());
        await new Promise((resolve) => setTimeout(resolve, 50));
        return { items: ["a", "b", "c"].map((id) => ({ id, at: Date.now() })) };
      },
      undefined,
      wave,
    );
    const read = (id: string) => reads.read(id, async () => ({ id, at: -1 }), 60_000);
    return { lists, read };
  }

  test("reads less than the quiet time apart share a list requested after the last; a later one waits for the next", async () => {
    const { lists, read } = batcher();
    const a = read("a");
    await jest.advanceTimersByTimeAsync(BATCH_QUIET_MS / 2);
    const b = read("b");
    await jest.advanceTimersByTimeAsync(BATCH_QUIET_MS + 5);
    // The first list is in flight: a read arriving now is not answered by it, which began before the read.
    const c = read("c");
    const d = read("d");
    await jest.advanceTimersByTimeAsync(BATCH_QUIET_MS + 100);
    expect(lists).toEqual([BATCH_QUIET_MS * 1.5, BATCH_QUIET_MS * 2.5 + 5]);
    expect((await a).at).toBeGreaterThanOrEqual(lists[0]);
    expect((await b).at).toBeGreaterThanOrEqual(lists[0]);
    expect((await c).at).toBeGreaterThanOrEqual(lists[1]);
    // Not in the list: its own read.
    expect(await d).toEqual({ id: "d", at: -1 });
  });

  test("reads that keep coming are served at most BATCH_MAX_MS after the first", async () => {
    const { lists, read } = batcher();
    for (let t = 0; t < 2 * BATCH_MAX_MS; t += BATCH_QUIET_MS / 2) {
      void read("a");
      await jest.advanceTimersByTimeAsync(BATCH_QUIET_MS / 2);
    }
    expect(lists[0]).toBe(BATCH_MAX_MS);
  });

  test("reads of other types of the wave keep a batch open until no read of any type has come for the quiet time", async () => {
    const wave = new ReadWave();
    const templates = batcher(wave);
    const snapshots = batcher(wave);
    const a = templates.read("a");
    const b = templates.read("b");
    // A refresh's templates come mixed with the other types' reads, further apart than the quiet time.
    for (let t = 0; t < 10; t++) {
      await jest.advanceTimersByTimeAsync(BATCH_QUIET_MS / 2);
      void snapshots.read("a");
    }
    const c = templates.read("c");
    await jest.advanceTimersByTimeAsync(BATCH_QUIET_MS + 100);
    // One list of the templates, after the last read of the wave, shows all three.
    expect(templates.lists).toEqual([5 * BATCH_QUIET_MS + BATCH_QUIET_MS]);
    expect(await Promise.all([a, b, c])).toEqual(["a", "b", "c"].map((id) => ({ id, at: templates.lists[0] + 50 })));
  });

  test("a batch of one makes no list", async () => {
    const list = jest.fn();
    const reads = new ReadBatcher<{ id: string }>(list);
    const read = reads.read("a", async () => ({ id: "a" }), 60_000);
    await jest.advanceTimersByTimeAsync(BATCH_QUIET_MS);
    expect(await read).toEqual({ id: "a" });
    expect(list).not.toHaveBeenCalled();
  });
});
