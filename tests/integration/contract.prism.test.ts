import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { loadOperations } from "../../emulator/contract";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";

jest.setTimeout(60_000);

const ROOT = join(__dirname, "..", "..");
const CONTRACT = join(ROOT, "contract", "openapi.yaml");
const PRISM = join(ROOT, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");
const OTHER_KEY = "other-team-key";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `prism proxy --errors`: every request and response is checked against the contract on its way through. */
async function startPrism(upstream: string): Promise<{ url: string; process: ChildProcess; output: () => string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [PRISM, "proxy", CONTRACT, upstream, "--errors", "--host", "127.0.0.1", "--port", String(port)],
    { cwd: ROOT },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes("Prism is listening")) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`prism exited with ${code}:\n${output}`)));
  });
  return { url: `http://127.0.0.1:${port}`, process: child, output: () => output };
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  violations: string | null;
  headers: Headers;
}

describe("the emulator behind a Prism validation proxy", () => {
  let emulator: TestEmulator;
  let prism: Awaited<ReturnType<typeof startPrism>>;
  const covered = new Set<string>();
  const operations = loadOperations();

  /** One call through Prism, recorded against the contract operation it exercises. */
  async function call(
    operationId: string,
    method: string,
    path: string,
    body?: unknown,
    key: string | null = DEFAULT_API_KEY,
  ) {
    const headers: Record<string, string> = {};
    if (key) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(prism.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const answer: Answer = {
      status: response.status,
      body: text ? JSON.parse(text) : {},
      violations: response.headers.get("sl-violations"),
      headers: response.headers,
    };
    // Nothing that crossed the proxy may violate the contract, in either direction.
    expect({ operationId, violations: answer.violations }).toEqual({ operationId, violations: null });
    expect(response.headers.get("content-type")).not.toContain("problem+json");
    covered.add(operationId);
    return answer;
  }

  async function settle(eventId: string, key = DEFAULT_API_KEY): Promise<Answer> {
    for (let i = 0; i < 100; i++) {
      const answer = await call("machineEvents-get", "GET", `/machine-events/${eventId}`, undefined, key);
      if (answer.body.dtFinished) return answer;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`event ${eventId} did not settle`);
  }

  beforeAll(async () => {
    // The contract types a machine's sizes as numbers, as the spec does; the live form's strings are checked apart.
    emulator = await TestEmulator.start({
      wireForm: "spec",
      teams: [{ name: "other", apiKeys: [OTHER_KEY], machines: [{ name: "theirs", state: "off" }] }],
    });
    prism = await startPrism(emulator.url);
  });
  afterAll(async () => {
    prism?.process.kill();
    await emulator?.close();
  });

  test("machines: list, get, stop, start, restart and their events", async () => {
    const list = await call("machines-list", "GET", "/machines?limit=1&orderBy=name&order=asc");
    expect(list.status).toBe(200);
    await call("machines-list", "GET", `/machines?after=${list.body.nextPage}&region=ny2&agentType=LinuxHeadless`);
    const ready = emulator.machine("ready");
    expect((await call("machines-get", "GET", `/machines/${ready}`)).status).toBe(200);
    for (const operation of ["stop", "start", "restart"] as const) {
      const answer = await call(`machines-${operation}`, "PATCH", `/machines/${ready}/${operation}`);
      expect(answer.status).toBe(200);
      expect((await settle((answer.body.event as { id: string }).id)).body.state).toBe("done");
    }
    const events = await call("machineEvents-list", "GET", `/machine-events?machineId=${ready}&limit=2&order=asc`);
    expect(events.body.items).toHaveLength(2);
    // Valid requests the API refuses still answer the contract's error envelope.
    expect((await call("machines-start", "PATCH", `/machines/${ready}/start`)).status).toBe(400);
    expect((await call("machines-get", "GET", "/machines/psdoesnotexist")).status).toBe(404);
    expect((await call("machineEvents-get", "GET", "/machine-events/evdoesnotexist")).status).toBe(404);
  });

  test("machines: create, update (settings, then a resize), delete, and the refusals", async () => {
    const spec = { name: "fleet-1", machineType: "A4000", templateId: "t0nspur5", diskSize: 50, region: "ny2" };
    const created = await call("machines-create", "POST", "/machines", { ...spec, startOnCreate: false });
    expect(created.status).toBe(200);
    await settle((created.body.event as { id: string }).id);
    const id = (created.body.data as { id: string }).id;
    const settings = { name: "fleet-a", autoShutdownEnabled: true, autoShutdownTimeout: 2, publicIpType: "static" };
    const updated = await call("machines-update", "PUT", `/machines/${id}`, settings);
    expect(updated.body).toMatchObject({ data: { name: "fleet-a", autoShutdownTimeout: 2 } });
    expect(updated.body.event).toBeUndefined();
    const resized = await call("machines-update", "PUT", `/machines/${id}`, { diskSize: 100, machineType: "A6000" });
    expect(resized.body).toMatchObject({ data: { state: "upgrading" }, event: { name: "vm-upgrade" } });
    await settle((resized.body.event as { id: string }).id);
    const smaller = await call("machines-update", "PUT", `/machines/${id}`, { diskSize: 50 });
    expect(smaller.status).toBe(400);
    const noSuchTemplate = await call("machines-create", "POST", "/machines", { ...spec, templateId: "tnothere" });
    expect(noSuchTemplate.status).toBe(400);
    const deleted = await call("machines-delete", "DELETE", `/machines/${id}`);
    await settle((deleted.body.event as { id: string }).id);
    expect((await call("machines-get", "GET", `/machines/${id}`)).status).toBe(404);
  });

  test("custom templates: create, list, get, update, delete, and the refusals", async () => {
    const off = emulator.machine("off");
    const created = await call("customTemplates-create", "POST", "/custom-templates", {
      machineId: off,
      name: "golden",
    });
    expect(created.status).toBe(200);
    await settle((created.body.event as { id: string }).id);
    const id = (created.body.data as { id: string }).id;
    expect((await call("customTemplates-list", "GET", `/custom-templates?machineId=${off}&name=golden`)).status).toBe(
      200,
    );
    expect((await call("customTemplates-get", "GET", `/custom-templates/${id}`)).status).toBe(200);
    expect((await call("customTemplates-update", "PUT", `/custom-templates/${id}`, { name: "renamed" })).status).toBe(
      200,
    );
    expect((await call("customTemplates-delete", "DELETE", `/custom-templates/${id}`)).status).toBe(200);
    const running = emulator.machine("ready");
    const refused = await call("customTemplates-create", "POST", "/custom-templates", {
      machineId: running,
      name: "x",
    });
    expect(refused.status).toBe(400);
    expect((await call("customTemplates-get", "GET", `/custom-templates/${id}`)).status).toBe(404);
  });

  test("snapshots: create, list, get, update, restore, delete", async () => {
    const off = emulator.machine("off");
    const created = await call("snapshots-create", "POST", "/snapshots", { machineId: off, name: "base" });
    await settle((created.body.event as { id: string }).id);
    const id = (created.body.data as { id: string }).id;
    expect((await call("snapshots-list", "GET", `/snapshots?machineId=${off}&orderBy=name`)).status).toBe(200);
    expect((await call("snapshots-get", "GET", `/snapshots/${id}`)).status).toBe(200);
    expect((await call("snapshots-update", "PUT", `/snapshots/${id}`, { name: "renamed" })).status).toBe(200);
    const restored = await call("snapshots-restore", "POST", `/snapshots/${id}/restore`, {
      createSnapshotBeforeRestore: true,
    });
    await settle((restored.body.event as { id: string }).id);
    const deleted = await call("snapshots-delete", "DELETE", `/snapshots/${id}`);
    await settle((deleted.body.event as { id: string }).id);
    expect((await call("snapshots-get", "GET", `/snapshots/${id}`)).status).toBe(404);
  });

  test("startup scripts: create, list, get, update, assign, unassign, delete, and the refusals", async () => {
    const created = await call("startupScripts-create", "POST", "/startup-scripts", { name: "boot", script: "echo" });
    const id = created.body.id as string;
    expect((await call("startupScripts-list", "GET", "/startup-scripts?name=boot")).status).toBe(200);
    expect((await call("startupScripts-get", "GET", `/startup-scripts/${id}`)).status).toBe(200);
    const update = { script: "echo 2", isEnabled: false, isRunOnce: true, name: "b" };
    expect((await call("startupScripts-update", "PUT", `/startup-scripts/${id}`, update)).status).toBe(200);
    const machineId = emulator.machine("off");
    expect((await call("startupScripts-assign", "POST", `/startup-scripts/${id}/assign`, { machineId })).status).toBe(
      200,
    );
    const unassign = () => call("startupScripts-unassign", "POST", `/startup-scripts/${id}/unassign`, { machineId });
    expect((await unassign()).status).toBe(200);
    expect((await unassign()).status).toBe(400);
    const tooBig = { name: "big", script: "x".repeat(16 * 1024 + 1) };
    expect((await call("startupScripts-create", "POST", "/startup-scripts", tooBig)).status).toBe(413);
    expect((await call("startupScripts-get", "GET", `/startup-scripts/${id}`, undefined, OTHER_KEY)).status).toBe(404);
    expect((await call("startupScripts-delete", "DELETE", `/startup-scripts/${id}`)).status).toBe(200);
  });

  test("the session and the private networks: list, get, and null for a machine's public network", async () => {
    const session = await call("auth-session", "GET", "/auth/session");
    expect(session.body).toMatchObject({
      team: { namespace: "default" },
      user: { teamMemberships: [{ isOwner: true }] },
    });
    const networks = await call("privateNetworks-list", "GET", "/private-networks?region=ny2&orderBy=name");
    const [network] = networks.body.items as { id: string }[];
    expect((await call("privateNetworks-get", "GET", `/private-networks/${network.id}`)).body).toMatchObject({
      id: network.id,
      region: "ny2",
    });
    const machine = (await call("machines-get", "GET", `/machines/${emulator.machine("off")}`)).body;
    const publicNetwork = await call("privateNetworks-get", "GET", `/private-networks/${machine.networkId as string}`);
    expect(publicNetwork).toMatchObject({ status: 200, body: {} });
    expect((await call("privateNetworks-get", "GET", "/private-networks/pnnothere")).status).toBe(404);
  });

  test("private networks: create (moving machines onto it), update, delete, and the refusals", async () => {
    const body = { name: "lab", region: "ca1", migrateMachines: true };
    const created = await call("privateNetworks-create", "POST", "/private-networks", body);
    expect(created.body).toMatchObject({ name: "lab", region: "ca1", netmask: "255.255.255.0", dtDeleted: null });
    const id = created.body.id as string;
    const renamed = await call("privateNetworks-update", "PUT", `/private-networks/${id}`, { name: "lab-2" });
    expect(renamed.body).toMatchObject({ id, name: "lab-2" });
    const nowhere = await call("privateNetworks-create", "POST", "/private-networks", { name: "x", region: "mars" });
    expect(nowhere.status).toBe(400);
    expect((await call("privateNetworks-delete", "DELETE", `/private-networks/${id}`)).body).toEqual({ id });
    expect((await call("privateNetworks-delete", "DELETE", `/private-networks/${id}`)).status).toBe(404);
  });

  test("shared drives: create, list, get, update, delete, and the refusals", async () => {
    const networks = await call("privateNetworks-list", "GET", "/private-networks?region=ny2");
    const [network] = networks.body.items as { id: string }[];
    const spec = { name: "data", networkId: network.id, region: "ny2", size: 100 };
    const created = await call("sharedDrives-create", "POST", "/shared-drives", spec);
    expect(created.body).toMatchObject({ ...spec, dtDeleted: null });
    const id = created.body.id as string;
    const list = await call("sharedDrives-list", "GET", "/shared-drives?name=data&region=ny2&orderBy=name&limit=1");
    expect(list.body.items).toEqual([created.body]);
    expect((await call("sharedDrives-get", "GET", `/shared-drives/${id}`)).body).toEqual(created.body);
    const renamed = await call("sharedDrives-update", "PUT", `/shared-drives/${id}`, { name: "data-2" });
    expect(renamed.body).toMatchObject({ id, name: "data-2" });
    const elsewhere = await call("sharedDrives-create", "POST", "/shared-drives", { ...spec, region: "ams1" });
    expect(elsewhere).toMatchObject({ status: 400, body: { details: { field: "networkId" } } });
    expect((await call("sharedDrives-delete", "DELETE", `/shared-drives/${id}`)).body).toEqual({ id });
    expect((await call("sharedDrives-get", "GET", `/shared-drives/${id}`)).status).toBe(404);
  });

  test("public IPs: claim, list, assign, take off, release, and the refusals", async () => {
    const claimed = await call("publicIps-claim", "POST", "/public-ips", { region: "ny2" });
    expect(claimed.body).toEqual({
      ip: expect.stringMatching(/^184\.105\.\d+\.\d+$/),
      region: "ny2",
      dtCreated: expect.any(String),
    });
    const ip = claimed.body.ip as string;
    const listed = await call("publicIps-list", "GET", "/public-ips?region=ny2&orderBy=dtCreated&order=asc");
    expect(listed.body.items).toContainEqual(claimed.body);
    const machineId = emulator.machine("off");
    const assigned = await call("publicIps-assign", "PUT", `/public-ips/${ip}`, { machineId });
    expect(assigned.body).toMatchObject({ ip, assignedMachineId: machineId });
    const elsewhere = await call("publicIps-assign", "PUT", `/public-ips/${ip}`, { machineId: "psnothere" });
    expect(elsewhere).toMatchObject({ status: 400, body: { details: { field: "machineId" } } });
    const takenOff = await call("publicIps-assign", "PUT", `/public-ips/${ip}`, { machineId: null });
    expect(takenOff.body.assignedMachineId).toBeUndefined();
    expect((await call("publicIps-release", "DELETE", `/public-ips/${ip}`)).body).toEqual({ ip });
    expect((await call("publicIps-release", "DELETE", `/public-ips/${ip}`)).status).toBe(404);
  });

  test("the team's users, and a machine's accessors: add, list, get, remove, and the refusals", async () => {
    const session = await call("auth-session", "GET", "/auth/session");
    const teamId = (session.body.team as { id: string }).id;
    const members = await call("teamMemberships-listByTeamId", "GET", `/teams/${teamId}/users?role=member&limit=1`);
    expect(members.body).toMatchObject({ hasMore: true, items: [{ isOwner: false, isAdmin: false }] });
    const userId = (members.body.items as { user: { id: string } }[])[0].user.id;
    const other = await call("teamMemberships-listByTeamId", "GET", "/teams/tenothere/users");
    expect(other.status).toBe(404);
    const machineId = emulator.machine("off");
    const accessors = `/machines/${machineId}/accessors`;
    const added = await call("machines-addAccessor", "POST", accessors, { userId });
    expect(added.body).toMatchObject({ user: { id: userId } });
    expect((await call("machines-listAccessors", "GET", `${accessors}?orderBy=id&limit=5`)).body.items).toEqual([
      added.body,
    ]);
    expect((await call("machines-getAccessor", "GET", `${accessors}/${userId}`)).body).toEqual(added.body);
    const stranger = await call("machines-addAccessor", "POST", accessors, { userId: "unobody" });
    expect(stranger).toMatchObject({ status: 400, body: { details: { field: "userId" } } });
    expect((await call("machines-removeAccessor", "DELETE", `${accessors}/${userId}`)).body).toEqual(added.body);
    expect((await call("machines-getAccessor", "GET", `${accessors}/${userId}`)).status).toBe(404);
  });

  test("OS templates, with and without a key", async () => {
    expect((await call("osTemplates-list", "GET", "/os-templates?name=Ubuntu%2022.04")).status).toBe(200);
    expect((await call("osTemplates-list", "GET", "/os-templates?limit=2", undefined, null)).status).toBe(200);
  });

  test("injected 503s and 429s answer the contract's error shape", async () => {
    await emulator.control("POST", "/faults", {
      rules: [
        { method: "GET", path: "/machines", count: 1, status: 503 },
        { method: "GET", path: "/machines", count: 1, retryAfter: 3 },
      ],
    });
    expect((await call("machines-list", "GET", "/machines")).status).toBe(503);
    const limited = await call("machines-list", "GET", "/machines");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
  });

  test("every operation of the contract went through the proxy", () => {
    expect([...covered].sort()).toEqual(operations.map((op) => op.operationId).sort());
  });
});

/** The check above can fail: the same proxy in front of a server that breaks the contract reports it. */
test("Prism reports a response that breaks the contract", async () => {
  const server: Server = createServer((_request, response) => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ hasMore: "yes", items: [{ id: 1 }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const prism = await startPrism(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
  try {
    const response = await fetch(`${prism.url}/startup-scripts`, { headers: { authorization: "Bearer k" } });
    expect(response.status).toBe(500);
    expect(response.headers.get("sl-violations")).toContain("hasMore must be boolean");
  } finally {
    prism.process.kill();
    server.close();
  }
});
