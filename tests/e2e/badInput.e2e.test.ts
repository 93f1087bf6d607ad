import type { Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";
import { fixtureStack } from "./support";

jest.setTimeout(600_000);

const MACHINE = "psm9u09bwu5i";
const SCRIPT = { script: "echo hi" };
const MACHINE_ARGS = { templateId: "t0nspur5", machineType: "A4000", region: "ny2", diskSize: 50 };
const DRIVE_ARGS = { networkId: "pn45a706bf", region: "ny2", size: 100 };

/** [resource type, arguments, the property the refusal must name, words of the reason] */
const CASES: [string, Record<string, unknown>, string, string][] = [
  ["StartupScript", {}, "script", "is required"],
  ["StartupScript", { script: 42 }, "script", "must be a string, got number 42"],
  ["StartupScript", { script: "" }, "script", "must not be empty"],
  ["StartupScript", { script: "x".repeat(16 * 1024 + 1) }, "script", "16385 bytes; Paperspace accepts at most 16384"],
  ["StartupScript", { ...SCRIPT, name: "" }, "name", "must not be empty"],
  ["StartupScript", { ...SCRIPT, name: "n".repeat(129) }, "name", "at most 128 characters, got 129"],
  ["StartupScript", { ...SCRIPT, name: 7 }, "name", "must be a string, got number 7"],
  ["StartupScript", { ...SCRIPT, isRunOnce: "true" }, "isRunOnce", 'must be a boolean, got string "true"'],
  ["StartupScript", { ...SCRIPT, isEnabled: 1 }, "isEnabled", "must be a boolean, got number 1"],
  ["StartupScript", { ...SCRIPT, runOnce: true }, "runOnce", 'did you mean "isRunOnce"'],
  ["StartupScript", { ...SCRIPT, timeouts: "20m" }, "timeouts", "must be an object"],
  ["StartupScript", { ...SCRIPT, timeouts: { create: "0s" } }, "timeouts.create", "must be longer than zero"],
  ["StartupScript", { ...SCRIPT, timeouts: { delete: "48h" } }, "timeouts.delete", "must be at most 24h"],
  ["StartupScript", { ...SCRIPT, timeouts: { create: "soon" } }, "timeouts.create", "is not a duration"],
  ["StartupScript", { ...SCRIPT, adoptId: "sc 1" }, "adoptId", "is not a Paperspace id"],
  ["StartupScriptAssignment", { machineId: MACHINE }, "startupScriptId", "is required"],
  ["StartupScriptAssignment", { startupScriptId: "sc1", machineId: 5 }, "machineId", "must be an id (a string)"],
  ["StartupScriptAssignment", { startupScriptId: "sc1", machineId: "ps 1" }, "machineId", "is not a Paperspace id"],
  [
    "StartupScriptAssignment",
    { startupScriptId: "sc1", machineId: MACHINE, adoptId: `sc2/${MACHINE}` },
    "adoptId",
    `must be "<startupScriptId>/<machineId>"`,
  ],
  ["Snapshot", {}, "machineId", "is required"],
  ["Snapshot", { machineId: "../machines" }, "machineId", "is not a Paperspace id"],
  ["Snapshot", { machineId: MACHINE, name: "" }, "name", "must not be empty"],
  ["Snapshot", { machineId: MACHINE, name: "n".repeat(200) }, "name", "at most 128 characters, got 200"],
  ["Snapshot", { machineId: MACHINE, timeouts: { read: "5m" } }, "timeouts.read", "is not an operation"],
  ["Snapshot", { machineId: MACHINE, timeouts: { create: 300 } }, "timeouts.create", "must be a duration"],
  ["CustomTemplate", { name: "t" }, "machineId", "is required"],
  ["CustomTemplate", { machineId: { id: MACHINE } }, "machineId", "must be an id (a string), got an object"],
  ["CustomTemplate", { machineId: MACHINE, powerOffMachine: "yes" }, "powerOffMachine", "must be a boolean"],
  ["CustomTemplate", { machineId: MACHINE, name: "n".repeat(129) }, "name", "at most 128 characters"],
  ["CustomTemplate", { machineId: MACHINE, region: "ny2" }, "region", "is not a property of this resource"],
  ["SnapshotRestore", {}, "snapshotId", "is required"],
  ["SnapshotRestore", { snapshotId: "s1", triggers: "weekly" }, "triggers", "must be an array of values"],
  [
    "SnapshotRestore",
    { snapshotId: "s1", createSnapshotBeforeRestore: "no" },
    "createSnapshotBeforeRestore",
    "must be a boolean",
  ],
  ["SnapshotRestore", { snapshotId: "s1", adoptId: "s1" }, "adoptId", "is not a property of this resource"],
  ["Machine", { machineType: "A4000", region: "ny2", diskSize: 50 }, "templateId", "is required"],
  ["Machine", { ...MACHINE_ARGS, templateId: 5 }, "templateId", "must be an id (a string), got number 5"],
  ["Machine", { ...MACHINE_ARGS, machineType: "" }, "machineType", "must not be empty"],
  ["Machine", { ...MACHINE_ARGS, region: 3 }, "region", "must be a string, got number 3"],
  ["Machine", { ...MACHINE_ARGS, diskSize: 0 }, "diskSize", "must be at least 1, got 0"],
  ["Machine", { ...MACHINE_ARGS, diskSize: "big" }, "diskSize", 'must be a whole number, got string "big"'],
  ["Machine", { ...MACHINE_ARGS, state: "running" }, "state", 'must be one of "ready", "off"'],
  ["Machine", { ...MACHINE_ARGS, publicIpType: "public" }, "publicIpType", 'must be one of "static", "dynamic"'],
  ["Machine", { ...MACHINE_ARGS, autoSnapshotFrequency: "yearly" }, "autoSnapshotFrequency", "must be one of"],
  ["Machine", { ...MACHINE_ARGS, autoShutdownTimeout: 1.5 }, "autoShutdownTimeout", "must be a whole number"],
  ["Machine", { ...MACHINE_ARGS, name: "n".repeat(129) }, "name", "at most 128 characters"],
  ["Machine", { ...MACHINE_ARGS, startupScriptId: "../x" }, "startupScriptId", "is not a Paperspace id"],
  ["Machine", { ...MACHINE_ARGS, cpus: 8 }, "cpus", "is not a property of this resource"],
  ["PrivateNetwork", {}, "region", "is required"],
  ["PrivateNetwork", { region: "ny2", name: "" }, "name", "must not be empty"],
  ["SharedDrive", { ...DRIVE_ARGS, size: 0 }, "size", "must be at least 1, got 0"],
  ["SharedDrive", { ...DRIVE_ARGS, networkId: "pn/1" }, "networkId", "is not a Paperspace id"],
  ["SharedDrive", { ...DRIVE_ARGS, region: 3 }, "region", "must be a string, got number 3"],
  ["PublicIp", { region: "ny2", machineId: "ps 1" }, "machineId", "is not a Paperspace id"],
  ["PublicIp", { region: "ny2", adoptId: MACHINE }, "adoptId", "must be an IP address"],
  ["MachineAccess", { userId: "u1" }, "machineId", "is required"],
  ["MachineAccess", { machineId: MACHINE, userId: 7 }, "userId", "must be an id (a string), got number 7"],
];

/** Every bad input is refused at preview, naming the property, before any API request. */
describe("bad input with the real Pulumi CLI", () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let cleanup: () => void;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    ({ stack, cleanup } = await fixtureStack("bad-input"));
    await stack.setConfig("paperspace:apiUrl", { value: emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test(`the suite has at least 30 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  test.each(CASES.map(([type, args, property, reason]) => [type, property, reason, args] as const))(
    "%s: refuses %s, which %s",
    async (type, property, reason, args) => {
      await stack.setConfig("case", { value: JSON.stringify({ type, args }) });
      let output = "";
      const error = await stack.preview({ onOutput: (line) => (output += line) }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      // The body is a secret: its refusals name it in the reason, so that the engine prints no value.
      const refusal =
        type === "StartupScript" && property === "script"
          ? new RegExp(`paperspace:${type} resource 'subject' has a problem: script .*`)
          : new RegExp(
              `paperspace:${type} resource 'subject': property ${property.replace(".", "\\.")} value .* has a problem: .*`,
            );
      expect(output).toMatch(refusal);
      expect(output.match(refusal)?.[0]).toContain(reason);
      expect(await emulator.requests()).toEqual([]);
      // A refused body is a secret input: the refusal must not print it.
      if (
        type === "StartupScript" &&
        property === "script" &&
        typeof args.script === "string" &&
        args.script.length > 1
      ) {
        expect(output).not.toContain(args.script);
      }
    },
  );
});
