import { loadOperations } from "../../emulator/contract";
import { TestEmulator } from "../../testing/emulator";

const OTHER_KEY = "other-team-key";
const operations = loadOperations();

/** Which kind of object each `{id}` path names, by the path's first segment. */
const KIND_OF_PATH: Record<string, string> = {
  "custom-templates": "template",
  snapshots: "snapshot",
  "startup-scripts": "script",
  "machine-events": "event",
  machines: "machine",
  "private-networks": "network",
  "shared-drives": "drive",
  "public-ips": "ip",
  teams: "team",
};

/** A body each operation accepts, so that only the thing under test is wrong. */
function validBody(operationId: string, machineId: string): unknown {
  switch (operationId) {
    case "customTemplates-create":
    case "snapshots-create":
      return { machineId, name: "n" };
    case "customTemplates-update":
    case "snapshots-update":
      return { name: "n" };
    case "snapshots-restore":
      return {};
    case "startupScripts-create":
      return { name: "n", script: "x" };
    case "startupScripts-update":
      return { isEnabled: true };
    case "startupScripts-assign":
    case "startupScripts-unassign":
      return { machineId };
    case "machines-create":
      return { name: "n", machineType: "A4000", templateId: "t0nspur5", diskSize: 50, region: "ny2" };
    case "machines-update":
      return { autoShutdownEnabled: false };
    case "privateNetworks-create":
      return { name: "n", region: "ny2" };
    case "privateNetworks-update":
    case "sharedDrives-update":
      return { name: "n" };
    // A network of no team: the drive's name is checked first, and no test here gets past it with a valid name.
    case "sharedDrives-create":
      return { name: "n", networkId: "pnnetwork", region: "ny2", size: 10 };
    case "publicIps-claim":
      return { region: "ny2" };
    case "publicIps-assign":
      return { machineId };
    case "machines-addAccessor":
      return { userId: "unobody" };
    default:
      return undefined;
  }
}

/** Every operation of the contract, refused with the right code for each kind of bad input. */
describe("emulator: bad input over every operation of the contract", () => {
  let emulator: TestEmulator;
  /** Ids of each kind that belong to the other team, and to the key's own team. */
  const theirs: Record<string, string> = {};
  const mine: Record<string, string> = {};
  let myOffMachine: string;

  beforeAll(async () => {
    emulator = await TestEmulator.start({
      teams: [{ name: "other", apiKeys: [OTHER_KEY], machines: [{ name: "their-off", state: "off" }] }],
    });
    myOffMachine = emulator.machine("off");
    const [, other] = emulator.emulator.state.store.teams();
    theirs.machine = emulator.emulator.state.store.machines.list(other.id)[0].id;
    const as = (method: string, path: string, body?: unknown) => emulator.call(method, path, body, OTHER_KEY);
    theirs.script = (await as("POST", "/startup-scripts", { name: "s", script: "x" })).body.id as string;
    theirs.network = ((await as("GET", "/private-networks")).body.items as { id: string }[])[0].id;
    theirs.team = other.id;
    const drive = { name: "d", networkId: theirs.network, region: "ny2", size: 10 };
    theirs.drive = (await as("POST", "/shared-drives", drive)).body.id as string;
    theirs.ip = (await as("POST", "/public-ips", { region: "ny2" })).body.ip as string;
    const template = await as("POST", "/custom-templates", { machineId: theirs.machine, name: "t" });
    theirs.template = (template.body.data as { id: string }).id;
    const snapshot = await as("POST", "/snapshots", { machineId: theirs.machine, name: "s" });
    theirs.snapshot = (snapshot.body.data as { id: string }).id;
    theirs.event = (snapshot.body.event as { id: string }).id;
    mine.script = (await emulator.call("POST", "/startup-scripts", { name: "s", script: "x" })).body.id as string;
    const myTemplate = await emulator.call("POST", "/custom-templates", { machineId: myOffMachine, name: "t" });
    mine.template = (myTemplate.body.data as { id: string }).id;
    const mySnapshot = await emulator.call("POST", "/snapshots", { machineId: myOffMachine, name: "s" });
    mine.snapshot = (mySnapshot.body.data as { id: string }).id;
    mine.machine = myOffMachine;
    mine.team = emulator.emulator.state.store.teams()[0].id;
    mine.network = ((await emulator.call("GET", "/private-networks")).body.items as { id: string }[])[0].id;
    const myDrive = { name: "d", networkId: mine.network, region: "ny2", size: 10 };
    mine.drive = (await emulator.call("POST", "/shared-drives", myDrive)).body.id as string;
  });
  afterAll(() => emulator.close());

  /** The path with every parameter given this id (the second of a path with two is never reached). */
  const idPath = (path: string, id: string) => path.replace(/\{\w+\}/g, id);

  test("the contract has the 49 operations this suite walks", () => {
    expect(operations).toHaveLength(49);
  });

  describe.each(operations.map((op) => [op.operationId, op] as const))("%s", (_id, op) => {
    const hasId = /\{\w+\}/.test(op.path);
    const kind = KIND_OF_PATH[op.path.split("/")[1]];

    test("without a key: 401, unless the contract makes the key optional", async () => {
      const answer = await emulator.call(op.method, idPath(op.path, "x"), validBody(op.operationId, "x"), null);
      if (op.authOptional) expect(answer.status).toBe(200);
      else expect(answer).toMatchObject({ status: 401, body: { code: "UNAUTHORIZED" } });
    });

    test("with a key no team has: 401", async () => {
      const answer = await emulator.call(op.method, idPath(op.path, "x"), validBody(op.operationId, "x"), "bogus");
      expect(answer).toMatchObject({ status: 401, body: { code: "UNAUTHORIZED" } });
    });

    if (hasId) {
      test("an id that does not exist: 404", async () => {
        const answer = await emulator.call(
          op.method,
          idPath(op.path, "doesnotexist1"),
          validBody(op.operationId, myOffMachine),
        );
        expect(answer).toMatchObject({ status: 404, body: { code: "NOT_FOUND" } });
      });

      test("another team's id: 404, and their object is untouched", async () => {
        const before = JSON.stringify(await emulator.control("GET", "/state"));
        const answer = await emulator.call(
          op.method,
          idPath(op.path, theirs[kind]),
          validBody(op.operationId, myOffMachine),
        );
        expect(answer).toMatchObject({ status: 404, body: { code: "NOT_FOUND" } });
        const after = JSON.stringify(await emulator.control("GET", "/state"));
        expect(after.replace(/"(dtStarted|dtFinished|state)":[^,]*/g, "")).toBe(
          before.replace(/"(dtStarted|dtFinished|state)":[^,]*/g, ""),
        );
      });
    }

    // A paged list: every list takes `limit`, with or without an id in its path.
    const parameters = op.schema.querystring as { properties?: Record<string, unknown> } | undefined;
    if (op.method === "GET" && parameters?.properties?.limit) {
      test.each([
        ["limit=0", "limit"],
        ["limit=121", "limit"],
        ["limit=1.5", "limit"],
        ["order=sideways", "order"],
        ["orderBy=color", "orderBy"],
        ["after=%%%", "after"],
      ])("the query %s: 400 naming %s", async (query, field) => {
        const answer = await emulator.call("GET", `${idPath(op.path, mine[kind])}?${query}`);
        expect(answer).toMatchObject({ status: 400, body: { code: "BAD_REQUEST", details: { field } } });
      });
    }

    const body = op.schema.body as { required?: string[]; properties?: Record<string, { type: string }> } | undefined;
    if (body?.properties) {
      for (const [field, schema] of Object.entries(body.properties)) {
        test(`${field} of the wrong type: 400 naming it`, async () => {
          const wrong = schema.type === "string" ? 42 : "not-a-boolean";
          const valid = validBody(op.operationId, myOffMachine) as Record<string, unknown>;
          const answer = await emulator.call(op.method, idPath(op.path, "x"), { ...valid, [field]: wrong });
          expect(answer).toMatchObject({ status: 400, body: { code: "BAD_REQUEST", details: { field } } });
        });
      }
      for (const field of body.required ?? []) {
        test(`without ${field}: 400 naming it`, async () => {
          const valid = validBody(op.operationId, myOffMachine) as Record<string, unknown>;
          const { [field]: _dropped, ...rest } = valid;
          const answer = await emulator.call(op.method, idPath(op.path, "x"), rest);
          expect(answer).toMatchObject({ status: 400, body: { code: "BAD_REQUEST", details: { field } } });
        });
      }
      if (body.properties.name) {
        test.each([
          ["", "empty"],
          ["n".repeat(129), "129 characters"],
        ])("a name %#: 400 naming it", async (name) => {
          const target = hasId ? idPath(op.path, mine[kind]) : op.path;
          const valid = validBody(op.operationId, myOffMachine) as Record<string, unknown>;
          const answer = await emulator.call(op.method, target, { ...valid, name });
          expect(answer).toMatchObject({ status: 400, body: { code: "BAD_REQUEST", details: { field: "name" } } });
        });
      }
    }
  });
});
