import { provider } from "../../provider/runtime";
import type { SnapshotOutputs } from "../../provider/resources/snapshot.generated";
import { emulatorForRuntime } from "../support/runtime";

/**
 * Requests shared by the resources of one provider process: the waits read one poll of the events, and reads of one
 * type that arrive together are served from the type's list. What they cost, and that a failing list fails nothing.
 */
const snapshot = provider("Snapshot");
const customTemplate = provider("CustomTemplate");

const ctx = emulatorForRuntime();

const log = async () => ctx.emulator.requests();
const faults = (rules: object[]) => ctx.emulator.control("POST", "/faults", { rules });

/** `n` snapshots of the running machine, made directly; their ids and the outputs a state would hold. */
async function snapshots(n: number): Promise<{ id: string; props: SnapshotOutputs }[]> {
  const machineId = ctx.emulator.machine("ready");
  const made = [];
  for (let i = 0; i < n; i++) {
    const { body } = await ctx.emulator.call("POST", "/snapshots", { machineId, name: `s${i}` });
    await ctx.emulator.settle((body.event as { id: string }).id);
    const id = (body.data as { id: string }).id;
    made.push({ id, props: { machineId, name: `s${i}`, dtCreated: "" } as unknown as SnapshotOutputs });
  }
  return made;
}

/** The requests the log holds from `since` on. */
async function since(seq: number) {
  return (await log()).filter((r) => r.seq > seq);
}
const lastSeq = async () => Math.max(0, ...(await log()).map((r) => r.seq));

describe("reads that arrive together share the list", () => {
  test("130 reads at once: two pages of the list, no GET by id; each read sees its own object", async () => {
    const made = await snapshots(130);
    const from = await lastSeq();
    const read = await Promise.all(made.map(({ id, props }) => snapshot.read!(id, props)));
    expect(read.map((r) => r.id)).toEqual(made.map((m) => m.id));
    expect(read.map((r) => (r.props as SnapshotOutputs).name)).toEqual(made.map((_, i) => `s${i}`));
    const requests = await since(from);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /snapshots", "GET /snapshots"]);
  }, 60_000);

  test("a lone read is its own GET", async () => {
    const [{ id, props }] = await snapshots(1);
    const from = await lastSeq();
    expect((await snapshot.read!(id, props)).id).toBe(id);
    expect((await since(from)).map((r) => `${r.method} ${r.path}`)).toEqual([`GET /snapshots/${id}`]);
  });

  test("an object the lists do not show is read by its GET, so a 404 still reads as gone", async () => {
    const made = await snapshots(3);
    const gone = made[1];
    const deleting = await ctx.emulator.call("DELETE", `/snapshots/${gone.id}`);
    await ctx.emulator.settle((deleting.body.event as { id: string }).id);
    const from = await lastSeq();
    const read = await Promise.all(made.map(({ id, props }) => snapshot.read!(id, props)));
    expect(read.map((r) => r.id)).toEqual([made[0].id, undefined, made[2].id]);
    const requests = (await since(from)).map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(requests).toEqual(["GET /snapshots 200", `GET /snapshots/${gone.id} 404`]);
  });

  test("a list that keeps failing fails no read: each makes its own GET", async () => {
    const made = await snapshots(4);
    await faults([{ method: "GET", path: "/snapshots", status: 500, count: 100 }]);
    const from = await lastSeq();
    const read = await Promise.all(made.map(({ id, props }) => snapshot.read!(id, props)));
    expect(read.map((r) => r.id)).toEqual(made.map((m) => m.id));
    const requests = await since(from);
    const byId = requests.filter((r) => /^\/snapshots\/[^/]+$/.test(r.path));
    expect(byId.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(requests.filter((r) => r.path === "/snapshots").every((r) => r.status === 500)).toBe(true);
  }, 30_000);
});

describe("waits share one poll of the events", () => {
  const templateInputs = (machineId: string, name: string) => ({ machineId, name, powerOffMachine: false });

  /** `n` templates made side by side with 3 s events; the event requests they cost. */
  async function templatesSideBySide(n: number) {
    await ctx.emulator.control("POST", "/config", { eventDurations: { "template-create": 3_000 } });
    const machines = [];
    for (let i = 0; i < n; i++) {
      machines.push(
        (await ctx.emulator.control<{ id: string }>("POST", "/machines", { name: `m${i}`, state: "off" })).id,
      );
    }
    const from = await lastSeq();
    const made = await Promise.all(machines.map((id, i) => customTemplate.create(templateInputs(id, `t${i}`))));
    const requests = await since(from);
    return {
      made,
      lists: requests.filter((r) => r.method === "GET" && r.path === "/machine-events"),
      gets: requests.filter((r) => r.method === "GET" && /^\/machine-events\/[^/]+$/.test(r.path)),
    };
  }

  test("8 templates waiting together: about one list a second in all, each seen done", async () => {
    const { made, lists, gets } = await templatesSideBySide(8);
    expect(made).toHaveLength(8);
    // Alone, each would poll its 3 s event 7 or 8 times (64 requests); shared, one list a second.
    expect(lists.length).toBeGreaterThanOrEqual(2);
    expect(lists.length).toBeLessThanOrEqual(6);
    expect(gets).toHaveLength(0);
  }, 30_000);

  test("a failing list of events fails no wait: each reads its own event when due", async () => {
    await faults([{ method: "GET", path: "/machine-events", status: 500, count: 1_000 }]);
    const { made, lists, gets } = await templatesSideBySide(3);
    expect(made).toHaveLength(3);
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((r) => r.status === 500)).toBe(true);
    expect(gets.length).toBeGreaterThanOrEqual(3);
  }, 30_000);
});
