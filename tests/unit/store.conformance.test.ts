import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore } from "../../emulator/fileStore";
import type { SnapshotRecord } from "../../emulator/kinds/snapshots";
import { type EmulatorStore, MemoryStore } from "../../emulator/store";

const snapshot = (id: string, teamId: string, name = id): SnapshotRecord => ({
  id,
  teamId,
  name,
  machineId: "psmachine0001",
  isAutoSnapshot: false,
  dtCreated: "2026-01-01T00:00:00.000Z",
});

let scratch: string;
beforeAll(() => (scratch = mkdtempSync(join(tmpdir(), "store-conformance-"))));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let fileCount = 0;
const backends: [string, () => EmulatorStore][] = [
  ["MemoryStore", () => new MemoryStore()],
  ["FileStore", () => new FileStore(join(scratch, `store-${++fileCount}.jsonl`))],
];

/** The one suite every store passes. */
describe.each(backends)("%s conformance", (_name, open) => {
  let store: EmulatorStore;
  beforeEach(() => (store = open()));
  afterEach(() => store.close());

  test("put, get, replace and list, scoped by team", () => {
    store.snapshots.put(snapshot("a", "t1"));
    store.snapshots.put(snapshot("b", "t1"));
    store.snapshots.put(snapshot("c", "t2"));
    store.snapshots.put(snapshot("a", "t1", "renamed"));
    expect(store.snapshots.get("t1", "a")?.name).toBe("renamed");
    expect(store.snapshots.get("t2", "a")).toBeUndefined();
    expect(
      store.snapshots
        .list("t1")
        .map((s) => s.id)
        .sort(),
    ).toEqual(["a", "b"]);
    expect(store.snapshots.list("t3")).toEqual([]);
  });

  test("delete answers what it deleted, and only within the team", () => {
    store.snapshots.put(snapshot("a", "t1"));
    expect(store.snapshots.delete("t2", "a")).toBeUndefined();
    expect(store.snapshots.delete("t1", "a")?.id).toBe("a");
    expect(store.snapshots.delete("t1", "a")).toBeUndefined();
    expect(store.snapshots.list("t1")).toEqual([]);
  });

  test("collections are separate", () => {
    store.snapshots.put(snapshot("same-id", "t1"));
    expect(store.customTemplates.get("t1", "same-id")).toBeUndefined();
  });

  test("teams and their keys", () => {
    store.addTeam({ id: "t1", name: "one", apiKeys: ["k1", "k2"] });
    store.addTeam({ id: "t2", name: "two", apiKeys: ["k3"] });
    expect(store.teamForKey("k2")?.id).toBe("t1");
    expect(store.teamForKey("k3")?.id).toBe("t2");
    expect(store.teamForKey("nope")).toBeUndefined();
    expect(store.teams().map((t) => t.name)).toEqual(["one", "two"]);
  });

  test("clear forgets everything, teams and meta included", () => {
    store.addTeam({ id: "t1", name: "one", apiKeys: ["k1"] });
    store.snapshots.put(snapshot("a", "t1"));
    store.meta = { ids: 7 };
    store.clear();
    expect(store.teams()).toEqual([]);
    expect(store.snapshots.list("t1")).toEqual([]);
    expect(store.meta).toEqual({});
  });

  test("a fresh store holds nothing from an earlier run", () => {
    expect(store.restored).toBe(false);
    expect(store.teams()).toEqual([]);
  });
});

describe("FileStore across restarts", () => {
  const path = () => join(scratch, `restart-${++fileCount}.jsonl`);

  function fill(store: FileStore): void {
    store.addTeam({ id: "t1", name: "one", apiKeys: ["k1"] });
    store.snapshots.put(snapshot("a", "t1"));
    store.snapshots.put(snapshot("b", "t1"));
    store.snapshots.delete("t1", "b");
    store.meta = { ids: 42 };
    store.snapshots.put(snapshot("c", "t1", "last"));
  }

  test("everything acknowledged is there after a reopen, with the meta of the last change", () => {
    const file = path();
    const first = new FileStore(file);
    fill(first);
    first.close();
    const second = new FileStore(file);
    expect(second.restored).toBe(true);
    expect(second.teamForKey("k1")?.id).toBe("t1");
    expect(
      second.snapshots
        .list("t1")
        .map((s) => s.id)
        .sort(),
    ).toEqual(["a", "c"]);
    expect(second.meta).toEqual({ ids: 42 });
    second.close();
  });

  test("a line torn by a crash mid-write is skipped; everything before it is kept", () => {
    const file = path();
    const first = new FileStore(file);
    fill(first);
    first.close();
    appendFileSync(file, '{"change":{"op":"put","collection":"snapshots","record":{"id":"tor');
    const second = new FileStore(file);
    expect(
      second.snapshots
        .list("t1")
        .map((s) => s.id)
        .sort(),
    ).toEqual(["a", "c"]);
    // The reopen compacted the journal: the torn line is gone, so a third open sees the same.
    second.close();
    expect(readFileSync(file, "utf8").endsWith("\n")).toBe(true);
    const third = new FileStore(file);
    expect(third.snapshots.list("t1")).toHaveLength(2);
    third.close();
  });

  test("a corrupt line in the middle is an error naming the file and line, not silent loss", () => {
    const file = path();
    writeFileSync(file, '{"change":{"op":"clear"},"meta":{}}\nnot json\n{"change":{"op":"clear"},"meta":{}}\n');
    expect(() => new FileStore(file)).toThrow(/line 2 is not a journal entry/);
  });

  test("reopening compacts the journal to the current state", () => {
    const file = path();
    const first = new FileStore(file);
    first.addTeam({ id: "t1", name: "one", apiKeys: ["k1"] });
    for (let i = 0; i < 50; i++) first.snapshots.put(snapshot("a", "t1", `name-${i}`));
    first.close();
    const linesBefore = readFileSync(file, "utf8").trim().split("\n").length;
    new FileStore(file).close();
    const linesAfter = readFileSync(file, "utf8").trim().split("\n").length;
    expect(linesBefore).toBe(52);
    expect(linesAfter).toBe(3); // clear, the team, the one snapshot
  });
});
