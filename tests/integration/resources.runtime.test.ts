import { provider } from "../../provider/runtime";
import { EventFailedError, NotFoundError, PaperspaceError } from "../../provider/api/errors";
import { PartialCreateError } from "../../provider/lifecycle/errors";
import type { CustomTemplateInputs, CustomTemplateOutputs } from "../../provider/resources/customTemplate.generated";
import type { SnapshotInputs, SnapshotOutputs } from "../../provider/resources/snapshot.generated";
import type { StartupScriptAssignmentOutputs } from "../../provider/resources/startupScriptAssignment.generated";
import type { StartupScriptOutputs } from "../../provider/resources/startupScript.generated";
import { emulatorForRuntime } from "../support/runtime";

const customTemplate = provider("CustomTemplate");
const snapshot = provider("Snapshot");
const startupScript = provider("StartupScript");
const assignment = provider("StartupScriptAssignment");

const ctx = emulatorForRuntime();

const store = () => ctx.emulator.emulator.state.store;
const team = () => store().teams()[0].id;
const templates = () => store().customTemplates.list(team());
const snapshots = () => store().snapshots.list(team());
const faults = (rules: object[]) => ctx.emulator.control("POST", "/faults", { rules });
const requests = async () =>
  (await ctx.emulator.requests()).map((r) => `${r.method} ${r.path}${r.fault ? ` (${r.fault})` : ""}`);

describe("CustomTemplate", () => {
  const inputs = (fields: Partial<CustomTemplateInputs> = {}): CustomTemplateInputs => ({
    machineId: ctx.emulator.machine("off"),
    name: "golden",
    powerOffMachine: false,
    ...fields,
  });

  test("create checks the machine, waits for the event, and maps the API's fields", async () => {
    const { id, outs } = await customTemplate.create(inputs());
    expect(outs).toEqual({
      machineId: ctx.emulator.machine("off"),
      name: "golden",
      powerOffMachine: false,
      agentType: "LinuxHeadless",
      operatingSystemLabel: "Ubuntu 22.04",
      region: "ny2",
      defaultSizeGb: 50,
      availableMachineTypes: expect.any(Array),
      parentMachineId: ctx.emulator.machine("off"),
      dtCreated: expect.any(String),
    });
    expect(templates()).toEqual([expect.objectContaining({ id })]);
    const made = await requests();
    expect(made.slice(0, 2)).toEqual([`GET /machines/${ctx.emulator.machine("off")}`, "POST /custom-templates"]);
    // The event is read through the process's shared poll of the team's events.
    expect(made.filter((r) => r.startsWith("GET /machine-events")).length).toBeGreaterThanOrEqual(1);
  });

  test("a running machine is refused before any create, naming the machine and its state", async () => {
    const machineId = ctx.emulator.machine("ready");
    await expect(customTemplate.create(inputs({ machineId }))).rejects.toThrow(
      `Cannot make custom template "golden" from machine ${machineId}: the machine is ready`,
    );
    expect(await requests()).toEqual([`GET /machines/${machineId}`]);
  });

  test.each(["error", "cancelled"])(
    "an event that ends in %s fails with its message and leaves nothing",
    async (outcome) => {
      await faults([{ method: "POST", path: "/custom-templates", count: 1, event: outcome }]);
      const error = await customTemplate.create(inputs()).catch((e) => e);
      expect(error).toBeInstanceOf(EventFailedError);
      expect(error.message).toMatch(
        new RegExp(`custom template "golden" from machine ps\\w+ failed: .* ended in ${outcome}`),
      );
      expect(templates()).toEqual([]);
    },
  );

  test("a create whose answer was lost is found, not made twice", async () => {
    await faults([{ method: "POST", path: "/custom-templates", count: 1, drop: "after" }]);
    const { id } = await customTemplate.create(inputs());
    expect(templates()).toEqual([expect.objectContaining({ id })]);
    expect((await requests()).filter((r) => r.startsWith("POST"))).toEqual(["POST /custom-templates (drop:after)"]);
  });

  test("a create refused with a 503 is looked for, then made once", async () => {
    await faults([{ method: "POST", path: "/custom-templates", count: 1, status: 503 }]);
    const { id } = await customTemplate.create(inputs());
    expect(templates()).toEqual([expect.objectContaining({ id })]);
    expect((await requests()).filter((r) => r.startsWith("POST"))).toEqual([
      "POST /custom-templates (status:503)",
      "POST /custom-templates",
    ]);
  });

  test("a template an interrupted run left under this resource's auto-name is taken over, waiting for its event", async () => {
    await ctx.emulator.control("POST", "/config", { eventDurations: { "template-create": 300 } });
    const machineId = ctx.emulator.machine("off");
    const left = await ctx.emulator.call("POST", "/custom-templates", { machineId, name: "golden-1a2b3c4" });
    const { id, outs } = await customTemplate.create(inputs({ name: "golden-1a2b3c4", autoName: "golden-1a2b3c4" }));
    expect(id).toBe((left.body.data as { id: string }).id);
    expect(templates()).toHaveLength(1);
    expect(outs?.name).toBe("golden-1a2b3c4");
    const event = store().machineEvents.get(team(), (left.body.event as { id: string }).id);
    expect(event?.state).toBe("done");
    expect((await requests()).filter((r) => r.startsWith("POST"))).toEqual(["POST /custom-templates"]);
  });

  test("a template with a name the program gave is never guessed at: a second one is made", async () => {
    const machineId = ctx.emulator.machine("off");
    await ctx.emulator.call("POST", "/custom-templates", { machineId, name: "golden" });
    await customTemplate.create(inputs());
    expect(templates()).toHaveLength(2);
  });

  test("a create refused with 503 twice is looked for each time and made by the third request", async () => {
    await faults([{ method: "POST", path: "/custom-templates", count: 2, status: 503 }]);
    const { id } = await customTemplate.create(inputs());
    expect(templates()).toEqual([expect.objectContaining({ id })]);
    expect((await requests()).filter((r) => r.startsWith("POST"))).toEqual([
      "POST /custom-templates (status:503)",
      "POST /custom-templates (status:503)",
      "POST /custom-templates",
    ]);
  });

  test("a create that keeps failing gives up after three requests, with the API's error", async () => {
    await faults([{ method: "POST", path: "/custom-templates", count: 5, status: 500 }]);
    await expect(customTemplate.create(inputs())).rejects.toThrow("failed with 500 INTERNAL_SERVER_ERROR");
    expect((await requests()).filter((r) => r.startsWith("POST"))).toHaveLength(3);
    expect(templates()).toEqual([]);
  });

  test("an event that never finishes ends at the resource's timeout, the template recorded, not orphaned", async () => {
    await faults([{ method: "POST", path: "/custom-templates", count: 1, event: "stuck" }]);
    const error = await customTemplate.create(inputs({ timeouts: { create: "1s" } })).catch((e) => e);
    expect(error).toBeInstanceOf(PartialCreateError);
    expect(error.message).toContain('Timed out after 1s waiting for custom template "golden"');
    expect(templates()).toEqual([expect.objectContaining({ id: error.id })]);
    expect(error.properties).toMatchObject({ name: "golden", machineId: ctx.emulator.machine("off") });
  });

  test("read, rename, a timeouts-only update with no request, delete, and a second delete", async () => {
    const { id, outs } = await customTemplate.create(inputs());
    const read = await customTemplate.read(id, outs as CustomTemplateOutputs);
    expect(read.inputs).toEqual({ machineId: ctx.emulator.machine("off"), name: "golden", powerOffMachine: false });
    const renamed = await customTemplate.update(id, outs as CustomTemplateOutputs, inputs({ name: "renamed" }));
    expect(renamed.outs?.name).toBe("renamed");
    expect(templates()[0].name).toBe("renamed");
    const before = (await ctx.emulator.requests()).length;
    const retimed = await customTemplate.update(id, renamed.outs as CustomTemplateOutputs, {
      ...inputs({ name: "renamed" }),
      timeouts: { delete: "1m" },
    });
    expect(retimed.outs).toMatchObject({ name: "renamed", timeouts: { delete: "1m" }, region: "ny2" });
    expect((await ctx.emulator.requests()).length).toBe(before);
    await customTemplate.delete(id, retimed.outs as CustomTemplateOutputs);
    expect(templates()).toEqual([]);
    await expect(customTemplate.delete(id, retimed.outs as CustomTemplateOutputs)).resolves.toBeUndefined();
    expect(await customTemplate.read(id, outs as CustomTemplateOutputs)).toEqual({});
  });

  test("an update that drops timeouts (or a setting) stores none, so that the next diff has no changes", async () => {
    const { id, outs } = await customTemplate.create(inputs({ timeouts: { create: "2h" }, powerOffMachine: true }));
    const news = inputs();
    expect((await customTemplate.diff(id, outs as CustomTemplateOutputs, news)).changes).toBe(true);
    const before = (await ctx.emulator.requests()).length;
    const { outs: stored } = await customTemplate.update(id, outs as CustomTemplateOutputs, news);
    expect((await ctx.emulator.requests()).length).toBe(before);
    expect(stored).not.toHaveProperty("timeouts");
    expect(stored).toMatchObject({ powerOffMachine: false, region: "ny2" });
    expect(await customTemplate.diff(id, stored as CustomTemplateOutputs, news)).toMatchObject({ changes: false });
  });

  test("adopt takes an existing template of the declared machine and applies the declared name", async () => {
    const made = await ctx.emulator.call("POST", "/custom-templates", {
      machineId: ctx.emulator.machine("off"),
      name: "by-hand",
    });
    const adoptId = (made.body.data as { id: string }).id;
    const { id, outs } = await customTemplate.create(inputs({ adoptId }));
    expect(id).toBe(adoptId);
    expect(outs?.name).toBe("golden");
    expect(templates()).toEqual([expect.objectContaining({ id: adoptId, name: "golden" })]);
  });

  test("adopt refuses a template of another machine, and a missing one, saying what to do", async () => {
    const made = await ctx.emulator.call("POST", "/custom-templates", {
      machineId: ctx.emulator.machine("off"),
      name: "x",
    });
    const adoptId = (made.body.data as { id: string }).id;
    await expect(customTemplate.create(inputs({ adoptId, machineId: "psother000000" }))).rejects.toThrow(
      `adoptId: custom template ${adoptId} belongs to machine ${ctx.emulator.machine("off")}, but machineId is psother000000`,
    );
    await expect(customTemplate.create(inputs({ adoptId: "tmissing" }))).rejects.toThrow(
      "adoptId: no custom template tmissing in the team of this API key.",
    );
  });
});

describe("Snapshot", () => {
  const inputs = (fields: Partial<SnapshotInputs> = {}): SnapshotInputs => ({
    machineId: ctx.emulator.machine("ready"),
    name: "nightly",
    ...fields,
  });

  test("create works while the machine runs and waits for its event", async () => {
    const { id, outs } = await snapshot.create(inputs());
    expect(outs).toEqual({ machineId: ctx.emulator.machine("ready"), name: "nightly", isAutoSnapshot: false });
    const events = store().machineEvents.list(team());
    expect(events).toEqual([expect.objectContaining({ name: "snapshot-create", state: "done" })]);
    expect(snapshots()).toEqual([expect.objectContaining({ id })]);
  });

  test("delete waits until the snapshot is really gone", async () => {
    await ctx.emulator.control("POST", "/config", { eventDurations: { "snapshot-delete": { polls: 3 } } });
    const { id, outs } = await snapshot.create(inputs());
    await snapshot.delete(id, outs as SnapshotOutputs);
    expect(snapshots()).toEqual([]);
    await expect(snapshot.delete(id, outs as SnapshotOutputs)).resolves.toBeUndefined();
  });

  test("a failed snapshot leaves nothing; a lost answer is found, not made twice", async () => {
    await faults([{ method: "POST", path: "/snapshots", count: 1, event: "error" }]);
    await expect(snapshot.create(inputs())).rejects.toBeInstanceOf(EventFailedError);
    expect(snapshots()).toEqual([]);
    await faults([{ method: "POST", path: "/snapshots", count: 1, drop: "after" }]);
    const { id } = await snapshot.create(inputs());
    expect(snapshots()).toEqual([expect.objectContaining({ id })]);
  });

  test("a snapshot an interrupted run left under this resource's auto-name is taken over", async () => {
    const machineId = ctx.emulator.machine("ready");
    const left = await ctx.emulator.call("POST", "/snapshots", { machineId, name: "nightly-1a2b3c4" });
    const { id } = await snapshot.create(inputs({ name: "nightly-1a2b3c4", autoName: "nightly-1a2b3c4" }));
    expect(id).toBe((left.body.data as { id: string }).id);
    expect(snapshots()).toHaveLength(1);
  });

  test("a snapshot whose machine was deleted reads as gone", async () => {
    const { id, outs } = await snapshot.create(inputs());
    await ctx.emulator.control("DELETE", `/machines/${ctx.emulator.machine("ready")}`);
    expect(await snapshot.read(id, outs as SnapshotOutputs)).toEqual({});
  });

  test("rename updates in place", async () => {
    const { id, outs } = await snapshot.create(inputs());
    const { outs: renamed } = await snapshot.update(id, outs as SnapshotOutputs, inputs({ name: "weekly" }));
    expect(renamed?.name).toBe("weekly");
    expect(snapshots()[0].name).toBe("weekly");
  });

  test("adopt refuses a snapshot of another machine", async () => {
    const made = await ctx.emulator.call("POST", "/snapshots", { machineId: ctx.emulator.machine("off"), name: "x" });
    const adoptId = (made.body.data as { id: string }).id;
    await expect(snapshot.create(inputs({ adoptId }))).rejects.toThrow(
      `adoptId: snapshot ${adoptId} belongs to machine ${ctx.emulator.machine("off")}, but machineId is ${ctx.emulator.machine("ready")}`,
    );
  });
});

describe("StartupScriptAssignment", () => {
  let scriptId: string;
  beforeEach(async () => {
    scriptId = (await ctx.emulator.call("POST", "/startup-scripts", { name: "boot", script: "echo" })).body
      .id as string;
  });
  const assigned = () => store().startupScripts.get(team(), scriptId)?.assignedMachineIds;
  const pair = (): StartupScriptAssignmentOutputs => ({
    startupScriptId: scriptId,
    machineId: ctx.emulator.machine("off"),
  });

  test("assigns, reads, and unassigns; its id joins both ids", async () => {
    const { id } = await assignment.create(pair());
    expect(id).toBe(`${scriptId}/${ctx.emulator.machine("off")}`);
    expect(assigned()).toEqual([ctx.emulator.machine("off")]);
    expect(await assignment.read(id, pair())).toEqual({ id, props: pair(), inputs: pair() });
    const before = (await requests()).length;
    await assignment.delete(id, pair());
    expect(assigned()).toEqual([]);
    // The unassign's answer shows the machine gone from the script: no read after it.
    expect((await requests()).slice(before)).toEqual([`POST /startup-scripts/${scriptId}/unassign`]);
  });

  test("delete succeeds when already unassigned, or when the script is gone", async () => {
    const { id } = await assignment.create(pair());
    await ctx.emulator.call("POST", `/startup-scripts/${scriptId}/unassign`, {
      machineId: ctx.emulator.machine("off"),
    });
    expect(await assignment.read(id, pair())).toEqual({});
    await expect(assignment.delete(id, pair())).resolves.toBeUndefined();
    await ctx.emulator.call("DELETE", `/startup-scripts/${scriptId}`);
    await expect(assignment.delete(id, pair())).resolves.toBeUndefined();
  });

  test.each([
    ["answers 502", { status: 502 }],
    ["drops the connection after it acted", { drop: "after" }],
  ])("delete succeeds when the unassign %s once", async (_case, effect) => {
    const { id } = await assignment.create(pair());
    await faults([{ method: "POST", path: "/startup-scripts/*/unassign", count: 1, ...effect }]);
    await expect(assignment.delete(id, pair())).resolves.toBeUndefined();
    expect(assigned()).toEqual([]);
  });

  test("assigning to a machine that does not exist is the API's 404", async () => {
    await expect(assignment.create({ startupScriptId: scriptId, machineId: "psnothere0000" })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe("StartupScript adoption", () => {
  test("writes the declared fields to the adopted script, since its body cannot be read", async () => {
    const made = await ctx.emulator.call("POST", "/startup-scripts", { name: "by-hand", script: "old body" });
    const { id, outs } = await startupScript.create({
      script: "new body",
      name: "managed",
      isRunOnce: true,
      isEnabled: false,
      adoptId: made.body.id as string,
    });
    expect(id).toBe(made.body.id);
    expect((outs as StartupScriptOutputs).isEnabled).toBe(false);
    expect(store().startupScripts.get(team(), id)).toMatchObject({
      name: "managed",
      script: "new body",
      isRunOnce: true,
    });
  });

  test("a missing script to adopt is an error naming it", async () => {
    await expect(
      startupScript.create({ script: "x", name: "n", isRunOnce: false, isEnabled: true, adoptId: "scmissing" }),
    ).rejects.toThrow(PaperspaceError);
  });
});
