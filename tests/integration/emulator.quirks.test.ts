import { PROFILES } from "../../emulator/profiles";
import { QUIRK_NAMES } from "../../emulator/quirks";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";

/** Every event done at its first read, so that a test moves them without waiting. */
const AT_FIRST_READ = Object.fromEntries(Object.keys(PROFILES.fast).map((name) => [name, { polls: 1 }]));

/** The real API's rough edges, each off by default and on when asked for, one by one or all at once. */
describe("emulator quirks", () => {
  let emulator: TestEmulator;
  let now = Date.parse("2026-06-01T00:00:00Z");

  beforeAll(async () => {
    emulator = await TestEmulator.start({ clock: () => now, eventDurations: AT_FIRST_READ });
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    await emulator.control("POST", "/reset");
    await emulator.control("POST", "/quirks", { quirks: [], deleteLagMs: 3_000 });
  });

  const quirks = (body: unknown) => emulator.control<Record<string, unknown>>("POST", "/quirks", body);
  const machine = async (id: string) => (await emulator.call("GET", `/machines/${id}`)).body;
  const bareJsonPatch = (path: string) =>
    fetch(emulator.url + path, {
      method: "PATCH",
      headers: { authorization: `Bearer ${DEFAULT_API_KEY}`, "content-type": "application/json" },
    });

  test("off by default: pages do not repeat, a delete is a 404 at once, a bare JSON PATCH passes", async () => {
    expect(await emulator.control("GET", "/quirks")).toEqual({ quirks: [], deleteLagMs: 3_000 });
    const first = await emulator.call("GET", "/machines?limit=1");
    const second = await emulator.call("GET", `/machines?limit=1&after=${first.body.nextPage as string}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items).not.toEqual(first.body.items);
    const script = await emulator.call("POST", "/startup-scripts", { name: "boot", script: "echo" });
    await emulator.call("DELETE", `/startup-scripts/${script.body.id as string}`);
    expect((await emulator.call("GET", `/startup-scripts/${script.body.id as string}`)).status).toBe(404);
    expect((await bareJsonPatch(`/machines/${emulator.machine("off")}/start`)).status).toBe(200);
  });

  test("duplicate-pages: each page after the first starts with the last item of the page before", async () => {
    await quirks({ quirks: ["duplicate-pages"] });
    const first = await emulator.call("GET", "/machines?limit=1&order=asc");
    const second = await emulator.call("GET", `/machines?limit=1&order=asc&after=${first.body.nextPage as string}`);
    const [repeated, next] = second.body.items as { id: string }[];
    expect(repeated).toEqual((first.body.items as object[])[0]);
    expect(next.id).not.toBe(repeated.id);
    expect(second.body.hasMore).toBe(false);
    // Without a limit, pages of two: the two seeded machines and a third made now take two pages.
    await emulator.call("POST", "/machines", {
      name: "third",
      machineType: "A4000",
      templateId: "t0nspur5",
      region: "ny2",
      diskSize: 50,
    });
    const unlimited = await emulator.call("GET", "/machines");
    expect(unlimited.body).toMatchObject({ hasMore: true, items: [expect.anything(), expect.anything()] });
  });

  test("delete-lag: a deleted object still answers and is listed, with dtDeleted, until the lag is over", async () => {
    await quirks({ quirks: ["delete-lag"], deleteLagMs: 60_000 });
    const script = await emulator.call("POST", "/startup-scripts", { name: "boot", script: "echo" });
    const id = script.body.id as string;
    await emulator.call("DELETE", `/startup-scripts/${id}`);
    expect(await emulator.call("GET", `/startup-scripts/${id}`)).toMatchObject({
      status: 200,
      body: { id, dtDeleted: expect.any(String) },
    });
    expect((await emulator.call("GET", "/startup-scripts")).body.items).toEqual([expect.objectContaining({ id })]);
    // Only reads see it: it cannot be changed or deleted again.
    expect((await emulator.call("DELETE", `/startup-scripts/${id}`)).status).toBe(404);
    now += 60_000;
    expect((await emulator.call("GET", `/startup-scripts/${id}`)).status).toBe(404);

    const machineId = emulator.machine("off");
    const deleted = await emulator.call("DELETE", `/machines/${machineId}`);
    await emulator.settle((deleted.body.event as { id: string }).id);
    expect(await machine(machineId)).toMatchObject({ id: machineId, dtDeleted: expect.any(String) });
    now += 60_000;
    expect((await emulator.call("GET", `/machines/${machineId}`)).status).toBe(404);
  });

  test("ambiguous-errors: a success reads error with no message and an end time; a failure, with no end time", async () => {
    await quirks({ quirks: ["ambiguous-errors"] });
    const off = emulator.machine("off");
    const made = await emulator.call("POST", "/snapshots", { machineId: off, name: "good" });
    const succeeded = await emulator.settle((made.body.event as { id: string }).id);
    expect(succeeded).toMatchObject({ state: "error", error: null, dtFinished: expect.any(String) });
    const snapshotId = (made.body.data as { id: string }).id;
    expect((await emulator.call("GET", `/snapshots/${snapshotId}`)).status).toBe(200);

    await emulator.control("POST", "/faults", { rules: [{ method: "POST", path: "/snapshots", event: "error" }] });
    const failing = await emulator.call("POST", "/snapshots", { machineId: off, name: "bad" });
    const eventId = (failing.body.event as { id: string }).id;
    for (let read = 0; read < 3; read++) {
      const failed = await emulator.call("GET", `/machine-events/${eventId}`);
      expect(failed.body).toMatchObject({ state: "error", error: null, dtFinished: null });
    }
    expect((await emulator.call("GET", `/snapshots/${(failing.body.data as { id: string }).id}`)).status).toBe(404);
    await emulator.control("DELETE", "/faults");
  });

  test("bodyless-patch-refused: a PATCH that says JSON and sends nothing is refused; {} is not", async () => {
    await quirks({ quirks: ["bodyless-patch-refused"] });
    const off = emulator.machine("off");
    const refused = await bareJsonPatch(`/machines/${off}/start`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: "PARSE_ERROR" });
    expect((await emulator.call("PATCH", `/machines/${off}/start`, {})).status).toBe(200);
  });

  test("all of them at once; an unknown name or a bad lag is refused, naming it, and changes nothing", async () => {
    expect(await quirks({ quirks: "all", deleteLagMs: 500 })).toEqual({ quirks: [...QUIRK_NAMES], deleteLagMs: 500 });
    const refused = await fetch(`${emulator.emulator.rootUrl}/_emulator/quirks`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ quirks: ["delete-lag", "slow-dns"] }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      message: expect.stringContaining('"slow-dns"'),
      details: { field: "quirks" },
    });
    const badLag = await quirks({ deleteLagMs: -1 });
    expect(badLag).toMatchObject({ code: "BAD_REQUEST", details: { field: "deleteLagMs" } });
    expect(await emulator.control("GET", "/quirks")).toEqual({ quirks: [...QUIRK_NAMES], deleteLagMs: 500 });
  });
});

describe("routes of the real API the emulator does not serve", () => {
  let emulator: TestEmulator;
  beforeAll(async () => (emulator = await TestEmulator.start()));
  afterAll(() => emulator.close());

  test.each(["/billing/account-standing", "/projects/pr123/secrets", "/machines/ps123/desktop"])(
    "%s answers 501 NOT_IMPLEMENTED naming the route, not a 404",
    async (path) => {
      const answer = await emulator.call("GET", path);
      expect(answer).toMatchObject({ status: 501, body: { code: "NOT_IMPLEMENTED" } });
      expect(answer.body.message).toContain(`GET /v1${path}`);
    },
  );

  test("a route the real API does not have is still a 404", async () => {
    expect(await emulator.call("GET", "/nothing-here")).toMatchObject({ status: 404, body: { code: "NOT_FOUND" } });
  });
});
