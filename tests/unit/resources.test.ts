import * as pulumi from "@pulumi/pulumi";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

const registered: Registered[] = [];

pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: `${args.name}-id`, state: { ...args.inputs, scriptSha256: "h" } };
    },
    call: () => ({}),
  },
  "mock-project",
  "mock-stack",
);

// Imported after setMocks, as Pulumi's unit-testing guide requires.
import { CustomTemplate, Machine, Snapshot, StartupScript, StartupScriptAssignment } from "../../provider";
import { autoName, providerSource } from "../../provider/dynamic";

function outputOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe("StartupScript resource class", () => {
  beforeEach(() => (registered.length = 0));

  test("registers a dynamic resource whose stored provider is one short require", async () => {
    const script = new StartupScript("boot", { script: "echo hi" });
    await outputOf(script.id);
    const [resource] = registered;
    expect(resource.type).toBe("pulumi-nodejs:dynamic/paperspace:StartupScript");
    expect(resource.inputs.__provider).toBe(providerSource("StartupScript"));
    expect(resource.inputs.__provider).toBe(
      'exports.handler = () => require("pulumi-paperspace/runtime").provider("StartupScript");\n',
    );
  });

  test("passes an auto-name only when no name is given", async () => {
    const auto = new StartupScript("auto", { script: "x" });
    const named = new StartupScript("named", { script: "x", name: "mine" });
    await Promise.all([outputOf(auto.id), outputOf(named.id)]);
    const byName = Object.fromEntries(registered.map((r) => [r.name, r.inputs]));
    expect(byName.auto.autoName).toBe(autoName("StartupScript", "auto"));
    expect(byName.auto.name).toBeUndefined();
    expect(byName.named.autoName).toBeUndefined();
    expect(byName.named.name).toBe("mine");
  });

  test("the auto-name is the resource name plus a suffix fixed by project, stack and type", () => {
    expect(autoName("StartupScript", "boot")).toMatch(/^boot-[0-9a-f]{7}$/);
    expect(autoName("StartupScript", "boot")).toBe(autoName("StartupScript", "boot"));
    expect(autoName("StartupScript", "boot")).not.toBe(autoName("Snapshot", "boot"));
    expect(autoName("StartupScript", "n".repeat(200))).toHaveLength(128);
  });

  test("the script is a secret output and every declared output resolves", async () => {
    const script = new StartupScript("secret", { script: "echo secret", isRunOnce: true });
    expect(await pulumi.isSecret(script.script)).toBe(true);
    expect(await outputOf(script.name)).toBeUndefined(); // the mock echoes inputs; no name was given
    expect(await outputOf(script.isRunOnce)).toBe(true);
    expect(await outputOf(script.scriptSha256)).toBe("h");
  });

  test("passes stray properties through, so that check can name them", async () => {
    const script = new StartupScript("stray", { script: "x", runOnce: true } as never);
    await outputOf(script.id);
    expect(registered[0].inputs.runOnce).toBe(true);
  });
});

describe("every resource class", () => {
  beforeEach(() => (registered.length = 0));

  test.each([
    ["CustomTemplate", () => new CustomTemplate("golden", { machineId: "ps1" }), ["agentType", "region", "dtCreated"]],
    ["Snapshot", () => new Snapshot("nightly", { machineId: "ps1" }), ["isAutoSnapshot"]],
    [
      "StartupScriptAssignment",
      () => new StartupScriptAssignment("on-trainer", { startupScriptId: "sc1", machineId: "ps1" }),
      ["startupScriptId", "machineId"],
    ],
    [
      "Machine",
      () => new Machine("worker", { templateId: "t1", machineType: "A4000", region: "ny2", diskSize: 50 }),
      ["state", "publicIp", "cpus", "accelerators", "dtCreated"],
    ],
  ] as const)("%s: its token, its one-line provider, and its declared outputs", async (type, make, outputs) => {
    const resource = make() as unknown as Record<string, pulumi.Output<unknown>>;
    await outputOf(resource.id);
    const [registration] = registered;
    expect(registration.type).toBe(`pulumi-nodejs:dynamic/paperspace:${type}`);
    expect(registration.inputs.__provider).toBe(providerSource(type));
    for (const name of outputs) expect(resource[name]).toBeDefined();
  });

  test("auto-names differ by type, so a template and a snapshot of one name do not share a name", async () => {
    const template = new CustomTemplate("image", { machineId: "ps1" });
    const snapshot = new Snapshot("image", { machineId: "ps1" });
    await Promise.all([outputOf(template.id), outputOf(snapshot.id)]);
    const [a, b] = registered.map((r) => r.inputs.autoName);
    expect(a).toMatch(/^image-[0-9a-f]{7}$/);
    expect(b).toMatch(/^image-[0-9a-f]{7}$/);
    expect(a).not.toBe(b);
  });

  test("adoptId and timeouts reach the provider as inputs", async () => {
    const snapshot = new Snapshot("adopted", {
      machineId: "ps1",
      adoptId: "s1",
      timeouts: { create: "2h" },
    });
    await outputOf(snapshot.id);
    expect(registered[0].inputs).toMatchObject({ adoptId: "s1", timeouts: { create: "2h" } });
  });
});
