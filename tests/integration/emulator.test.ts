import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { QUIRK_NAMES } from "../../emulator/quirks";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";

const OTHER_KEY = "other-team-key";

describe("emulator: /startup-scripts", () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await TestEmulator.start({
      teams: [{ name: "other", apiKeys: [OTHER_KEY], machines: [{ name: "m" }] }],
    });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.control("POST", "/reset"));

  const create = (body: Record<string, unknown> = {}, key?: string) =>
    emulator.call("POST", "/startup-scripts", { name: "boot", script: "echo hi", ...body }, key);

  test("create, get, update and delete, never answering the body", async () => {
    const created = await create({ isRunOnce: true });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^sc[0-9a-z]{10}$/),
      name: "boot",
      description: null,
      isEnabled: true,
      isRunOnce: true,
      assignedMachineIds: [],
      dtCreated: expect.any(String),
      dtDeleted: null,
    });
    const id = created.body.id as string;
    expect((await emulator.call("GET", `/startup-scripts/${id}`)).body).toEqual(created.body);

    const updated = await emulator.call("PUT", `/startup-scripts/${id}`, { script: "echo bye", isEnabled: false });
    expect(updated.body).toMatchObject({ id, name: "boot", isEnabled: false, isRunOnce: true });
    expect(updated.body).not.toHaveProperty("script");
    const state = await emulator.control<{ teams: { startupScripts: { script: string }[] }[] }>("GET", "/state");
    expect(state.teams[0].startupScripts[0].script).toBe("echo bye");

    const deleted = await emulator.call("DELETE", `/startup-scripts/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id, dtDeleted: expect.any(String) });
    expect((await emulator.call("GET", `/startup-scripts/${id}`)).status).toBe(404);
    expect((await emulator.call("DELETE", `/startup-scripts/${id}`)).body).toEqual({
      code: "NOT_FOUND",
      message: `Startup script ${id} not found`,
    });
  });

  test("assign is idempotent; unassign of an unassigned script is a bad request", async () => {
    const id = (await create()).body.id as string;
    const [machine] = emulator.machineIds();
    for (let i = 0; i < 2; i++) {
      const assigned = await emulator.call("POST", `/startup-scripts/${id}/assign`, { machineId: machine });
      expect(assigned.body.assignedMachineIds).toEqual([machine]);
    }
    expect((await emulator.call("POST", `/startup-scripts/${id}/unassign`, { machineId: machine })).body).toMatchObject(
      {
        assignedMachineIds: [],
      },
    );
    const again = await emulator.call("POST", `/startup-scripts/${id}/unassign`, { machineId: machine });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: "BAD_REQUEST", details: { field: "machineId" } });
    const unknown = await emulator.call("POST", `/startup-scripts/${id}/assign`, { machineId: "psnothere000" });
    expect(unknown.status).toBe(404);
  });

  test("a key sees only its team's objects and machines", async () => {
    const id = (await create()).body.id as string;
    for (const [method, path, body] of [
      ["GET", `/startup-scripts/${id}`, undefined],
      ["PUT", `/startup-scripts/${id}`, { name: "stolen" }],
      ["DELETE", `/startup-scripts/${id}`, undefined],
      ["POST", `/startup-scripts/${id}/assign`, { machineId: emulator.machineIds()[0] }],
    ] as const) {
      expect((await emulator.call(method, path, body, OTHER_KEY)).status).toBe(404);
    }
    expect((await emulator.call("GET", "/startup-scripts", undefined, OTHER_KEY)).body.items).toEqual([]);
    const theirs = (await create({}, OTHER_KEY)).body.id as string;
    const assignToMine = await emulator.call(
      "POST",
      `/startup-scripts/${theirs}/assign`,
      { machineId: emulator.machineIds()[0] },
      OTHER_KEY,
    );
    expect(assignToMine.status).toBe(404);
    expect((await emulator.call("GET", `/startup-scripts/${id}`)).body.name).toBe("boot");
  });

  test.each([
    ["no key", null],
    ["a wrong key", "not-a-key"],
  ])("%s is unauthorized", async (_case, key) => {
    const answer = await emulator.call("GET", "/startup-scripts", undefined, key);
    expect(answer).toEqual({
      status: 401,
      body: { code: "UNAUTHORIZED", message: "You must be authenticated to access this resource" },
    });
  });

  test.each([
    ["a missing script", { name: "a" }, 400, "BAD_REQUEST", "script"],
    ["a missing name", { script: "a" }, 400, "BAD_REQUEST", "name"],
    ["a string flag", { name: "a", script: "a", isRunOnce: "true" }, 400, "BAD_REQUEST", "isRunOnce"],
    ["a numeric name", { name: 5, script: "a" }, 400, "BAD_REQUEST", "name"],
    ["an empty name", { name: "", script: "a" }, 400, "BAD_REQUEST", "name"],
    ["a 129-character name", { name: "n".repeat(129), script: "a" }, 400, "BAD_REQUEST", "name"],
    ["a script over 16 KiB", { name: "a", script: "x".repeat(16 * 1024 + 1) }, 413, "PAYLOAD_TOO_LARGE", "script"],
  ])("refuses %s", async (_case, body, status, code, field) => {
    const answer = await emulator.call("POST", "/startup-scripts", body);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ code, details: { field } });
    expect(emulator.emulator.state.store.startupScripts.list(emulator.emulator.state.store.teams()[0].id)).toEqual([]);
  });

  test("a JSON content type with no body is no body: fine for DELETE, refused where a body is required", async () => {
    const id = (await create()).body.id as string;
    const headers = { authorization: `Bearer ${DEFAULT_API_KEY}`, "content-type": "application/json" };
    const deleted = await fetch(`${emulator.url}/startup-scripts/${id}`, { method: "DELETE", headers });
    expect(deleted.status).toBe(200);
    const created = await fetch(`${emulator.url}/startup-scripts`, { method: "POST", headers });
    expect(created.status).toBe(400);
    expect(await created.json()).toMatchObject({ code: "BAD_REQUEST", message: "body must be object" });
  });

  test("a body that is not JSON is a bad request; a content type with no body is no body", async () => {
    const headers = { authorization: `Bearer ${DEFAULT_API_KEY}`, "content-type": "application/xml" };
    const xml = await fetch(`${emulator.url}/startup-scripts`, { method: "POST", headers, body: "<name>a</name>" });
    expect(xml.status).toBe(400);
    expect(await xml.json()).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("must be JSON") });
    const text = await fetch(`${emulator.url}/startup-scripts`, {
      method: "POST",
      headers: { ...headers, "content-type": "text/plain" },
      body: "name=a",
    });
    expect(await text.json()).toMatchObject({ code: "BAD_REQUEST", message: "body must be object" });
    const machineId = emulator.machineIds()[0];
    const form = { ...headers, "content-type": "application/x-www-form-urlencoded" };
    const stop = await fetch(`${emulator.url}/machines/${machineId}/stop`, { method: "PATCH", headers: form });
    expect(stop.status).toBe(200);
  });

  test("refuses malformed JSON with PARSE_ERROR", async () => {
    const answer = await emulator.call("POST", "/startup-scripts", "{not json");
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe("PARSE_ERROR");
  });

  test.each([
    ["limit=0", "limit"],
    ["limit=121", "limit"],
    ["limit=ten", "limit"],
    ["orderBy=size", "orderBy"],
    ["order=up", "order"],
    ["after=garbage", "after"],
  ])("refuses the list query %s", async (query, field) => {
    const answer = await emulator.call("GET", `/startup-scripts?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: "BAD_REQUEST", details: { field } });
  });

  test("lists page by page, filtered and ordered", async () => {
    for (const name of ["c", "a", "b", "a"]) await create({ name });
    const first = await emulator.call("GET", "/startup-scripts?orderBy=name&order=asc&limit=3");
    expect((first.body.items as { name: string }[]).map((s) => s.name)).toEqual(["a", "a", "b"]);
    expect(first.body.hasMore).toBe(true);
    const second = await emulator.call(
      "GET",
      `/startup-scripts?orderBy=name&order=asc&limit=3&after=${first.body.nextPage}`,
    );
    expect((second.body.items as { name: string }[]).map((s) => s.name)).toEqual(["c"]);
    expect(second.body).toMatchObject({ hasMore: false });
    expect(second.body).not.toHaveProperty("nextPage");
    const filtered = await emulator.call("GET", "/startup-scripts?name=a");
    expect(filtered.body.items).toHaveLength(2);
  });

  test.each([
    ["GET", "/nothing-here"],
    ["PATCH", "/startup-scripts/x"],
    ["GET", "/startup-scripts/x/assign"],
  ])("an unknown route %s %s is 404 with the envelope", async (method, path) => {
    const answer = await emulator.call(method, path);
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe("NOT_FOUND");
  });

  test("the request log counts API calls, not control calls", async () => {
    await create();
    await emulator.call("GET", "/startup-scripts?limit=5");
    await emulator.call("GET", "/startup-scripts", undefined, null);
    const log = await emulator.requests();
    expect(log.map(({ method, path, query, status }) => ({ method, path, query, status }))).toEqual([
      { method: "POST", path: "/startup-scripts", query: "", status: 200 },
      { method: "GET", path: "/startup-scripts", query: "limit=5", status: 200 },
      { method: "GET", path: "/startup-scripts", query: "", status: 401 },
    ]);
    const since = await emulator.control<{ requests: unknown[] }>("GET", `/requests?since=${log[1].seq}`);
    expect(since.requests).toHaveLength(1);
  });

  test("health answers, and reset forgets everything but the seeded teams and machines", async () => {
    expect(await emulator.control("GET", "/health")).toEqual({ status: "ok", seed: 1 });
    const machines = emulator.machineIds();
    await create();
    await emulator.control("POST", "/reset");
    const state = await emulator.control<{ teams: { startupScripts: unknown[]; machines: { id: string }[] }[] }>(
      "GET",
      "/state",
    );
    expect(state.teams.map((team) => team.startupScripts)).toEqual([[], []]);
    expect(state.teams[0].machines.map((m) => m.id)).toEqual(machines);
    expect(await emulator.requests()).toEqual([]);
  });
});

describe("paperspace-emulator (the bin)", () => {
  const bin = join(__dirname, "..", "..", "emulator", "bin", "paperspace-emulator.js");

  test("prints the API base URL first and serves it", async () => {
    const child = spawn(process.execPath, [bin, "--port", "0", "--api-key", "k1", "--seed", "9"]);
    try {
      const lines = createInterface({ input: child.stdout });
      const url = await new Promise<string>((resolve) => lines.once("line", resolve));
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const answer = await fetch(`${url}/startup-scripts`, { headers: { authorization: "Bearer k1" } });
      expect(await answer.json()).toEqual({ hasMore: false, items: [] });
      const refused = await fetch(`${url}/startup-scripts`, {
        headers: { authorization: `Bearer ${DEFAULT_API_KEY}` },
      });
      expect(refused.status).toBe(401);
    } finally {
      child.kill();
    }
  });

  test("takes its teams and timing from a --config file, flags winning", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emulator-config-"));
    const config = join(dir, "emulator.json");
    writeFileSync(
      config,
      JSON.stringify({
        apiKeys: ["from-file"],
        machines: [{ name: "file-machine", state: "off" }],
        teams: [{ name: "second", apiKeys: ["second-key"], machines: [{ name: "m2", state: "ready" }] }],
        eventDurations: { stop: 1234 },
      }),
    );
    const child = spawn(process.execPath, [bin, "--config", config, "--machine", "flag-machine:ready"]);
    try {
      const url = await new Promise<string>((resolve) =>
        createInterface({ input: child.stdout }).once("line", resolve),
      );
      const get = (key: string) => fetch(`${url}/machines`, { headers: { authorization: `Bearer ${key}` } });
      const mine = (await (await get("from-file")).json()) as { items: { name: string; state: string }[] };
      expect(mine.items.map((m) => `${m.name}:${m.state}`)).toEqual(["flag-machine:ready"]);
      const theirs = (await (await get("second-key")).json()) as { items: { name: string }[] };
      expect(theirs.items.map((m) => m.name)).toEqual(["m2"]);
      const settings = await (await fetch(`${url.replace(/\/v1$/, "")}/_emulator/config`)).json();
      expect(settings).toMatchObject({ eventDurations: { stop: 1234, start: 50 } });
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("acts out the wire form and quirks it is given, says so, and the --config file's give way to the flags'", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emulator-config-"));
    const config = join(dir, "emulator.json");
    writeFileSync(config, JSON.stringify({ wireForm: "live", quirks: ["delete-lag"], deleteLagMs: 100 }));
    const args = ["--config", config, "--wire-form", "spec", "--quirks", "all", "--delete-lag-ms", "2500"];
    const child = spawn(process.execPath, [bin, ...args]);
    try {
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const url = (await lines.next()).value as string;
      expect((await lines.next()).value).toContain(`; spec wire form; quirks: ${QUIRK_NAMES.join(", ")}`);
      const quirks = await (await fetch(`${url.replace(/\/v1$/, "")}/_emulator/quirks`)).json();
      expect(quirks).toEqual({ quirks: [...QUIRK_NAMES], deleteLagMs: 2500 });
      const settings = await (await fetch(`${url.replace(/\/v1$/, "")}/_emulator/config`)).json();
      expect(settings).toMatchObject({ wireForm: "spec" });
    } finally {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    [["--quirks", "delete-lag,slow-dns"], '--quirks has "slow-dns", which is not a quirk (duplicate-pages,'],
    [["--delete-lag-ms", "soon"], '--delete-lag-ms must be a non-negative integer, got "soon"'],
    [["--port", "eighty"], '--port must be a non-negative integer, got "eighty"'],
    [["--machine", "m:melting"], "--machine m:melting: the state must be one of off"],
    [["--profile", "slow"], '--profile must be fast or realistic, got "slow"'],
    [["--wire-form", "legacy"], '--wire-form must be live or spec, got "legacy"'],
    [["--rate-limit", "fast"], '--rate-limit must be <requests per second>[:<burst>], got "fast"'],
    [["--config", "/nonexistent/emulator.json"], "--config /nonexistent/emulator.json: ENOENT"],
    [["--colour"], "Unknown option '--colour'"],
  ])("refuses %j with a message and exit code 2", async (args, message) => {
    const { code, stderr } = await refused(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  test("refuses a --config file's timing the control API would refuse, naming the key", async () => {
    const { code, stderr, config } = await refusedConfig({ eventDurations: { stop: { polls: 0 } } });
    expect(code).toBe(2);
    expect(stderr).toContain(`--config ${config}: eventDurations.stop must be milliseconds (>= 0) or { "polls": n }`);
  });

  test("refuses a --config file with an unknown key, naming it", async () => {
    const { code, stderr } = await refusedConfig({ apiKey: "typo" });
    expect(code).toBe(2);
    expect(stderr).toContain("unknown key apiKey (known: apiKeys, machines, teams");
  });

  /** Runs the command to its end: its exit code and what it printed on stderr. */
  async function refused(args: string[]): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, [bin, ...args]);
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    return { code, stderr };
  }

  async function refusedConfig(options: object) {
    const dir = mkdtempSync(join(tmpdir(), "emulator-config-"));
    const config = join(dir, "emulator.json");
    writeFileSync(config, JSON.stringify(options));
    try {
      return { ...(await refused(["--config", config])), config };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
