import { provider } from "../../provider/runtime";
import { UNKNOWN } from "../../provider/lifecycle/validators";
import { parseDuration } from "../../provider/lifecycle/timeouts";

const customTemplate = provider("CustomTemplate");
const snapshot = provider("Snapshot");
const snapshotRestore = provider("SnapshotRestore");
const machine = provider("Machine");
const startupScript = provider("StartupScript");
const assignment = provider("StartupScriptAssignment");

type Checker = (
  olds: object,
  news: object,
) => Promise<{ inputs?: object; failures?: { property: string; reason: string }[] }>;

const valid: Record<string, [Checker, Record<string, unknown>]> = {
  CustomTemplate: [customTemplate.check as Checker, { machineId: "psm9u09bwu5i", autoName: "golden-1a2b3c4" }],
  Snapshot: [snapshot.check as Checker, { machineId: "psm9u09bwu5i", autoName: "nightly-1a2b3c4" }],
  StartupScript: [startupScript.check as Checker, { script: "echo", autoName: "boot-1a2b3c4" }],
  StartupScriptAssignment: [
    assignment.check as Checker,
    { startupScriptId: "sc1234567890", machineId: "psm9u09bwu5i" },
  ],
  Machine: [
    machine.check as Checker,
    { templateId: "t0nspur5", machineType: "A4000", region: "ny2", diskSize: 50, autoName: "worker-1a2b3c4" },
  ],
};

describe.each(Object.entries(valid))("%s check: the options every resource takes", (_type, [check, base]) => {
  test("accepts valid inputs with adoptId and timeouts", async () => {
    const adoptId = _type === "StartupScriptAssignment" ? "sc1234567890/psm9u09bwu5i" : "abc123";
    const result = await check({}, { ...base, adoptId, timeouts: { create: "1h30m", delete: "90s" } });
    expect(result.failures).toBeUndefined();
    expect(result.inputs).toMatchObject({ adoptId, timeouts: { create: "1h30m", delete: "90s" } });
  });

  test.each([
    [{ timeouts: "20m" }, "timeouts", 'must be an object like { create: "30m" }'],
    [{ timeouts: { create: "soon" } }, "timeouts.create", '"soon" is not a duration'],
    [{ timeouts: { create: "0s" } }, "timeouts.create", "must be longer than zero"],
    [{ timeouts: { delete: "-5m" } }, "timeouts.delete", "is not a duration"],
    [{ timeouts: { update: "25h" } }, "timeouts.update", "must be at most 24h"],
    [{ timeouts: { update: 300 } }, "timeouts.update", "must be a duration"],
    [{ timeouts: { read: "5m" } }, "timeouts.read", "is not an operation"],
    [{ adoptId: 42 }, "adoptId", "got number 42"],
    [{ colour: "red" }, "colour", "is not a property of this resource"],
  ])("refuses %j naming %s", async (change, property, reason) => {
    const result = await check({}, { ...base, ...change });
    expect(result.failures).toEqual([{ property, reason: expect.stringContaining(reason) }]);
  });

  test("tolerates unknown values during preview", async () => {
    const unknowns = Object.fromEntries(Object.keys(base).map((key) => [key, UNKNOWN]));
    expect((await check({}, { ...base, ...unknowns, timeouts: UNKNOWN })).failures).toBeUndefined();
  });
});

describe.each([
  ["CustomTemplate", customTemplate.check as Checker, { powerOffMachine: false }],
  ["Snapshot", snapshot.check as Checker, {}],
])("%s check", (_type, check, defaults) => {
  test("takes the auto-name when no name is given", async () => {
    expect((await check({}, { machineId: "ps1", autoName: "x-1234567" })).inputs).toEqual({
      machineId: "ps1",
      name: "x-1234567",
      autoName: "x-1234567",
      ...defaults,
    });
  });

  test.each([
    [{ autoName: "a" }, "machineId", "is required"],
    [{ machineId: 5, autoName: "a" }, "machineId", "must be an id (a string), got number 5"],
    [{ machineId: "ps 1", autoName: "a" }, "machineId", '"ps 1" is not a Paperspace id'],
    [{ machineId: "ps1/../x", autoName: "a" }, "machineId", "is not a Paperspace id"],
    [{ machineId: "ps1" }, "name", "is required"],
    [{ machineId: "ps1", name: "" }, "name", "must not be empty"],
    [{ machineId: "ps1", name: "n".repeat(129) }, "name", "at most 128 characters"],
    [{ machineId: "ps1", name: "x", adoptId: "t 1" }, "adoptId", "is not a Paperspace id"],
  ])("refuses %j naming %s", async (news, property, reason) => {
    expect((await check({}, news)).failures).toEqual([{ property, reason: expect.stringContaining(reason) }]);
  });
});

describe("CustomTemplate check: powerOffMachine", () => {
  test("defaults to false, and must be a boolean", async () => {
    expect((await customTemplate.check({}, { machineId: "ps1", name: "t" })).inputs).toMatchObject({
      powerOffMachine: false,
    });
    expect(
      (await customTemplate.check({}, { machineId: "ps1", name: "t", powerOffMachine: "yes" } as never)).failures,
    ).toEqual([{ property: "powerOffMachine", reason: 'must be a boolean, got string "yes"' }]);
  });
});

describe("SnapshotRestore check", () => {
  test("fills the defaults", async () => {
    expect((await snapshotRestore.check({}, { snapshotId: "s1" })).inputs).toEqual({
      snapshotId: "s1",
      createSnapshotBeforeRestore: false,
      powerOffMachine: false,
    });
  });

  test.each([
    [{}, "snapshotId", "is required"],
    [{ snapshotId: "s1", triggers: "weekly" }, "triggers", "must be an array of values"],
    [{ snapshotId: "s1", powerOffMachine: 1 }, "powerOffMachine", "must be a boolean"],
    [{ snapshotId: "s1", createSnapshotBeforeRestore: "no" }, "createSnapshotBeforeRestore", "must be a boolean"],
    [{ snapshotId: "s1", adoptId: "x" }, "adoptId", "is not a property of this resource"],
    [{ snapshotId: "s1", timeouts: { update: "never" } }, "timeouts.update", "is not a duration"],
  ])("refuses %j naming %s", async (news, property, reason) => {
    expect((await snapshotRestore.check({}, news as never)).failures).toEqual([
      { property, reason: expect.stringContaining(reason) },
    ]);
  });

  test("another snapshot replaces; unknown triggers during preview count as new", async () => {
    const olds = { snapshotId: "s1", createSnapshotBeforeRestore: false, powerOffMachine: false, triggers: [1] };
    const diff = (news: object) => snapshotRestore.diff("id", olds as never, { ...olds, ...news } as never);
    expect(await diff({ snapshotId: "s2" })).toMatchObject({ changes: true, replaces: ["snapshotId"] });
    expect(await diff({ triggers: UNKNOWN })).toMatchObject({ changes: true, replaces: [] });
    expect(await diff({})).toMatchObject({ changes: false });
  });
});

describe("StartupScriptAssignment check", () => {
  test.each([
    [{ machineId: "ps1" }, "startupScriptId", "is required"],
    [{ startupScriptId: "sc1" }, "machineId", "is required"],
    [
      { startupScriptId: "sc1", machineId: "ps1", adoptId: "sc1/ps2" },
      "adoptId",
      'must be "<startupScriptId>/<machineId>", here "sc1/ps1"',
    ],
  ])("refuses %j naming %s", async (news, property, reason) => {
    expect((await assignment.check({}, news)).failures).toEqual([
      { property, reason: expect.stringContaining(reason) },
    ]);
  });
});

describe("diff: what updates in place and what replaces", () => {
  const template = {
    machineId: "ps1",
    name: "golden",
    agentType: "LinuxHeadless",
    operatingSystemLabel: "Ubuntu 22.04",
    region: "ny2",
    defaultSizeGb: 50,
    availableMachineTypes: [],
    parentMachineId: "ps1",
    dtCreated: "2026-01-01T00:00:00.000Z",
  };
  const snap = { machineId: "ps1", name: "nightly", isAutoSnapshot: false };
  const pair = { startupScriptId: "sc1", machineId: "ps1" };

  test.each([
    ["CustomTemplate: nothing", customTemplate.diff, template, {}, { changes: false, replaces: [] }],
    ["CustomTemplate: name", customTemplate.diff, template, { name: "renamed" }, { changes: true, replaces: [] }],
    [
      "CustomTemplate: machineId",
      customTemplate.diff,
      template,
      { machineId: "ps2" },
      { changes: true, replaces: ["machineId"] },
    ],
    [
      "CustomTemplate: unknown machineId",
      customTemplate.diff,
      template,
      { machineId: UNKNOWN },
      { changes: true, replaces: ["machineId"] },
    ],
    [
      "CustomTemplate: timeouts",
      customTemplate.diff,
      template,
      { timeouts: { create: "2h" } },
      { changes: true, replaces: [] },
    ],
    [
      "CustomTemplate: adoptId alone",
      customTemplate.diff,
      template,
      { adoptId: "t1" },
      { changes: false, replaces: [] },
    ],
    ["Snapshot: nothing", snapshot.diff, snap, {}, { changes: false, replaces: [] }],
    ["Snapshot: name", snapshot.diff, snap, { name: "weekly" }, { changes: true, replaces: [] }],
    ["Snapshot: machineId", snapshot.diff, snap, { machineId: "ps2" }, { changes: true, replaces: ["machineId"] }],
    ["Assignment: nothing", assignment.diff, pair, {}, { changes: false, replaces: [] }],
    [
      "Assignment: script",
      assignment.diff,
      pair,
      { startupScriptId: "sc2" },
      { changes: true, replaces: ["startupScriptId"] },
    ],
    ["Assignment: machine", assignment.diff, pair, { machineId: "ps2" }, { changes: true, replaces: ["machineId"] }],
    ["Assignment: timeouts", assignment.diff, pair, { timeouts: { delete: "1m" } }, { changes: true, replaces: [] }],
  ] as const)("%s", async (_case, diff, olds, change, expected) => {
    const news = { ...olds, ...change };
    expect(await (diff as (id: string, o: object, n: object) => Promise<object>)("id", olds, news)).toEqual({
      ...expected,
      deleteBeforeReplace: false,
    });
  });
});

describe("Machine check", () => {
  const base = { templateId: "t0nspur5", machineType: "A4000", region: "ny2", diskSize: 50, autoName: "w-1234567" };

  test("fills the defaults: ready, no power-off, no initial snapshot, no NVLink", async () => {
    const { inputs } = await machine.check({}, base);
    expect(inputs).toEqual({
      ...base,
      name: expect.stringMatching(/^w-[0-9a-f]{7}$/),
      autoName: (inputs as { name: string }).name,
      state: "ready",
      declaredState: "ready",
      takeInitialSnapshot: false,
      enableNvlink: false,
      powerOffMachine: false,
    });
  });

  test("the auto-name follows what replaces the machine, so that a replacement has a name of its own", async () => {
    const nameOf = async (change: object) =>
      ((await machine.check({}, { ...base, ...change })).inputs as { name: string }).name;
    expect(await nameOf({})).toBe(await nameOf({ diskSize: 100, machineType: "A6000" }));
    expect(await nameOf({ templateId: "tkni3aa4" })).not.toBe(await nameOf({}));
    expect(await nameOf({ region: "ca1" })).not.toBe(await nameOf({}));
    expect(await nameOf({ templateId: UNKNOWN })).toBe(UNKNOWN);
    expect(await nameOf({ name: "mine", templateId: "tkni3aa4" })).toBe("mine");
  });

  test("an auto-named machine keeps its name while nothing that replaces it changes, whichever front sends what", async () => {
    // As the dynamic class sends it (enableNvlink left out), then as an SDK sends it (its default filled in).
    const { inputs: olds } = (await machine.check({}, base)) as { inputs: { name: string } };
    const again = async (news: object) => ((await machine.check(olds, news)).inputs as { name: string }).name;
    expect(await again({ ...base, enableNvlink: false })).toBe(olds.name);
    expect(await again({ ...base, diskSize: 100 })).toBe(olds.name);
    // Without the old name, the SDK's form draws another suffix: the name kept is what spares the move a rename.
    expect(((await machine.check({}, { ...base, enableNvlink: false })).inputs as { name: string }).name).not.toBe(
      olds.name,
    );
    // A replacement still gets a name of its own; a name given once and then taken away goes back to an auto-name.
    expect(await again({ ...base, enableNvlink: true })).not.toBe(olds.name);
    expect(await again({ ...base, templateId: "tkni3aa4" })).not.toBe(olds.name);
    const named = (await machine.check({}, { ...base, name: "mine" })).inputs as object;
    expect(((await machine.check(named, base)).inputs as { name: string }).name).toBe(olds.name);
  });

  test.each([
    [{ templateId: undefined }, "templateId", "is required"],
    [{ machineType: "" }, "machineType", "must not be empty"],
    [{ machineType: undefined }, "machineType", "is required"],
    [{ region: 2 }, "region", "must be a string, got number 2"],
    [{ diskSize: 0 }, "diskSize", "must be at least 1, got 0"],
    [{ diskSize: 50.5 }, "diskSize", "must be a whole number, got number 50.5"],
    [{ diskSize: "50" }, "diskSize", 'must be a whole number, got string "50"'],
    [{ state: "on" }, "state", 'must be one of "ready", "off", got string "on"'],
    [{ publicIpType: "public" }, "publicIpType", 'must be one of "static", "dynamic", "none"'],
    [{ autoSnapshotFrequency: "yearly" }, "autoSnapshotFrequency", "must be one of"],
    [{ autoShutdownTimeout: 0 }, "autoShutdownTimeout", "must be at least 1"],
    [{ autoShutdownEnabled: "yes" }, "autoShutdownEnabled", "must be a boolean"],
    [{ startupScriptId: "sc 1" }, "startupScriptId", "is not a Paperspace id"],
    [{ startupScript: "sc1" }, "startupScript", 'did you mean "startupScriptId"'],
  ])("refuses %j naming %s", async (change, property, reason) => {
    expect((await machine.check({}, { ...base, ...change })).failures).toEqual([
      { property, reason: expect.stringContaining(reason) },
    ]);
  });
});

describe("Machine diff: what replaces, what changes in place, and when the machine is to be started or stopped", () => {
  // Old outputs: the last inputs, with what the API showed of them (`state` the machine's, `declaredState` the program's).
  const olds = {
    templateId: "t0nspur5",
    machineType: "A4000",
    region: "ny2",
    diskSize: 50,
    name: "worker",
    state: "ready",
    declaredState: "ready",
    autoShutdownEnabled: false,
    autoShutdownTimeout: null,
    takeInitialSnapshot: false,
    enableNvlink: false,
    powerOffMachine: false,
    os: "Ubuntu 22.04",
  };
  const news = {
    templateId: "t0nspur5",
    machineType: "A4000",
    region: "ny2",
    diskSize: 50,
    name: "worker",
    state: "ready",
    declaredState: "ready",
    takeInitialSnapshot: false,
    enableNvlink: false,
    powerOffMachine: false,
  };
  const idle = { autoShutdownEnabled: true, autoShutdownTimeout: 1 };

  test.each([
    ["nothing", {}, {}, { changes: false, replaces: [] }],
    ["a new template", {}, { templateId: "tkni3aa4" }, { changes: true, replaces: ["templateId"] }],
    ["a new region", {}, { region: "ca1" }, { changes: true, replaces: ["region"] }],
    ["NVLink", {}, { enableNvlink: true }, { changes: true, replaces: ["enableNvlink"] }],
    ["a template not known yet", {}, { templateId: UNKNOWN }, { changes: true, replaces: ["templateId"] }],
    ["a bigger disk", {}, { diskSize: 100 }, { changes: true, replaces: [] }],
    ["another machine type", {}, { machineType: "A6000" }, { changes: true, replaces: [] }],
    ["a rename", {}, { name: "trainer" }, { changes: true, replaces: [] }],
    ["a setting left unset by the program", { autoShutdownTimeout: 2 }, {}, { changes: false, replaces: [] }],
    ["declared off", {}, { state: "off", declaredState: "off" }, { changes: true, replaces: [] }],
    ["stopped behind Pulumi's back", { state: "off" }, {}, { changes: true, replaces: [] }],
    ["still starting", { state: "starting" }, {}, { changes: true, replaces: [] }],
    ["started behind Pulumi's back", { state: "ready", declaredState: "off" }, { state: "off", declaredState: "off" }],
    ["off with auto-shutdown on", { state: "off", ...idle }, idle, { changes: false, replaces: [] }],
    ["off with auto-shutdown turned off", { state: "off", ...idle }, { autoShutdownEnabled: false }],
    [
      "off with auto-shutdown, declared off",
      { state: "off", ...idle },
      { ...idle, state: "off", declaredState: "off" },
    ],
    ["off and declared off, now ready", { state: "off", declaredState: "off", ...idle }, idle],
    ["a state not known yet", {}, { state: UNKNOWN, declaredState: UNKNOWN }, { changes: true, replaces: [] }],
  ] as [string, object, object, object?][])(
    "%s",
    async (_case, old, change, expected = { changes: true, replaces: [] }) => {
      expect(await machine.diff("ps1", { ...olds, ...old }, { ...news, ...change })).toMatchObject(expected);
    },
  );

  test("check keeps the declared state beside the one a read sets", async () => {
    const { templateId, machineType, region, diskSize } = news;
    const { inputs } = await machine.check({}, { templateId, machineType, region, diskSize, name: "w", state: "off" });
    expect(inputs).toMatchObject({ state: "off", declaredState: "off" });
  });
});

describe("parseDuration", () => {
  test.each([
    ["90s", 90_000],
    ["20m", 1_200_000],
    ["1h30m", 5_400_000],
    ["1.5h", 5_400_000],
    ["250ms", 250],
    ["2h0m5s", 7_205_000],
  ])("%s is %i ms", (text, ms) => expect(parseDuration(text)).toBe(ms));

  test.each(["", "20", "m20", "20 minutes", "1h 30m", "-5m", "5d"])("%j is not a duration", (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );
});

describe("the Core environment's checks: every input refused at preview, naming it", () => {
  const privateNetwork = provider("PrivateNetwork");
  const sharedDrive = provider("SharedDrive");
  const publicIp = provider("PublicIp");
  const machineAccess = provider("MachineAccess");
  const net = { region: "ny2", autoName: "net-1a2b3c4" };
  const drive = { networkId: "pn1a2b3c4d", region: "ny2", size: 100, autoName: "data-1a2b3c4" };

  test.each([
    ["PrivateNetwork", privateNetwork, net, { region: undefined }, "region", "is required"],
    ["PrivateNetwork", privateNetwork, net, { region: " " }, "region", "must not be empty"],
    ["PrivateNetwork", privateNetwork, net, { name: "" }, "name", "must not be empty"],
    ["PrivateNetwork", privateNetwork, net, { adoptId: "pn 1" }, "adoptId", "is not a Paperspace id"],
    ["SharedDrive", sharedDrive, drive, { size: 0 }, "size", "must be at least 1, got 0"],
    ["SharedDrive", sharedDrive, drive, { size: 1.5 }, "size", "must be a whole number"],
    ["SharedDrive", sharedDrive, drive, { size: undefined }, "size", "is required"],
    ["SharedDrive", sharedDrive, drive, { networkId: undefined }, "networkId", "is required"],
    ["SharedDrive", sharedDrive, drive, { networkId: "pn/1" }, "networkId", "is not a Paperspace id"],
    ["SharedDrive", sharedDrive, drive, { region: 3 }, "region", "must be a string, got number 3"],
    ["PublicIp", publicIp, { region: "ny2" }, { region: undefined }, "region", "is required"],
    ["PublicIp", publicIp, { region: "ny2" }, { machineId: "ps 1" }, "machineId", "is not a Paperspace id"],
    ["PublicIp", publicIp, { region: "ny2" }, { adoptId: "ps1" }, "adoptId", "must be an IP address"],
    ["PublicIp", publicIp, { region: "ny2" }, { name: "x" }, "name", "is not a property of this resource"],
    [
      "MachineAccess",
      machineAccess,
      { machineId: "ps1", userId: "u1" },
      { machineId: undefined },
      "machineId",
      "is required",
    ],
    ["MachineAccess", machineAccess, { machineId: "ps1", userId: "u1" }, { userId: 7 }, "userId", "must be an id"],
    [
      "MachineAccess",
      machineAccess,
      { machineId: "ps1", userId: "u1" },
      { adoptId: "ps1/u2" },
      "adoptId",
      'must be "<machineId>/<userId>", here "ps1/u1"',
    ],
  ] as const)("%s: %j refused naming %s", async (_type, resource, base, change, property, reason) => {
    const failures = (await (resource.check as Checker)({}, { ...base, ...change })).failures;
    expect(failures).toEqual([{ property, reason: expect.stringContaining(reason) }]);
  });

  test("a drive's size, region and network replace it; a network's region replaces it, its name does not", async () => {
    const olds = { ...drive, name: "data", size: 100 };
    expect(await sharedDrive.diff("sd1", olds as never, { ...olds, size: 200 } as never)).toMatchObject({
      replaces: ["size"],
    });
    expect(await sharedDrive.diff("sd1", olds as never, { ...olds, networkId: "pn2" } as never)).toMatchObject({
      replaces: ["networkId"],
    });
    const network = { region: "ny2", name: "net" };
    expect(await privateNetwork.diff("pn1", network as never, { ...network, name: "n2" } as never)).toMatchObject({
      changes: true,
      replaces: [],
    });
  });
});
