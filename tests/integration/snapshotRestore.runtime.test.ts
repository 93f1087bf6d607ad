import { provider } from "../../provider/runtime";
import type { SnapshotRestoreInputs, SnapshotRestoreOutputs } from "../../provider/resources/snapshotRestore.generated";
import { emulatorForRuntime } from "../support/runtime";

const restore = provider("SnapshotRestore");

const ctx = emulatorForRuntime();

const store = () => ctx.emulator.emulator.state.store;
const team = () => store().teams()[0].id;
const restoreEvents = () =>
  store()
    .machineEvents.list(team())
    .filter((e) => e.name === "snapshot-restore");

async function snapshotOf(machineId: string): Promise<string> {
  const made = await ctx.emulator.call("POST", "/snapshots", { machineId, name: "baseline" });
  await ctx.emulator.settle((made.body.event as { id: string }).id);
  return (made.body.data as { id: string }).id;
}

const inputs = (snapshotId: string, fields: Partial<SnapshotRestoreInputs> = {}): SnapshotRestoreInputs => ({
  snapshotId,
  createSnapshotBeforeRestore: false,
  powerOffMachine: false,
  ...fields,
});

describe("SnapshotRestore", () => {
  test("restores onto an off machine and says when and by which event", async () => {
    const machineId = ctx.emulator.machine("off");
    const snapshotId = await snapshotOf(machineId);
    const { id, outs } = await restore.create(inputs(snapshotId));
    const [event] = restoreEvents();
    expect(id).toBe(event.id);
    expect(outs).toMatchObject({ machineId, eventId: event.id, restoredAt: event.dtFinished });
    expect(event.state).toBe("done");
  });

  test("refuses a running machine unless asked to power it off, then stops and starts it", async () => {
    const machineId = ctx.emulator.machine("ready");
    const snapshotId = await snapshotOf(machineId);
    await expect(restore.create(inputs(snapshotId))).rejects.toThrow(
      `Cannot restore snapshot ${snapshotId} onto machine ${machineId}: the machine is ready`,
    );
    expect(restoreEvents()).toEqual([]);
    await restore.create(inputs(snapshotId, { powerOffMachine: true }));
    expect(restoreEvents()).toHaveLength(1);
    expect(store().machines.get(team(), machineId)?.state).toBe("ready");
  });

  test("new triggers restore again; new options alone make no request", async () => {
    const snapshotId = await snapshotOf(ctx.emulator.machine("off"));
    const first = await restore.create(inputs(snapshotId, { triggers: ["v1"] }));
    const olds = first.outs as SnapshotRestoreOutputs;
    expect(await restore.diff(first.id, olds, inputs(snapshotId, { triggers: ["v1"] }))).toMatchObject({
      changes: false,
    });
    expect(await restore.diff(first.id, olds, inputs(snapshotId, { triggers: ["v2"] }))).toMatchObject({
      changes: true,
      replaces: [],
    });
    const before = (await ctx.emulator.requests()).length;
    const options = await restore.update(
      first.id,
      olds,
      inputs(snapshotId, { triggers: ["v1"], powerOffMachine: true }),
    );
    expect((await ctx.emulator.requests()).length).toBe(before);
    expect(options.outs).toMatchObject({ powerOffMachine: true, eventId: olds.eventId });
    const again = await restore.update(first.id, olds, inputs(snapshotId, { triggers: ["v2"] }));
    expect(restoreEvents()).toHaveLength(2);
    expect(again.outs?.eventId).not.toBe(olds.eventId);
  });

  test("an update that drops timeouts stores none, so that the next diff has no changes", async () => {
    const snapshotId = await snapshotOf(ctx.emulator.machine("off"));
    const first = await restore.create(inputs(snapshotId, { timeouts: { create: "2h" } }));
    const { outs } = await restore.update(first.id, first.outs as SnapshotRestoreOutputs, inputs(snapshotId));
    expect(outs).not.toHaveProperty("timeouts");
    expect(await restore.diff(first.id, outs as SnapshotRestoreOutputs, inputs(snapshotId))).toMatchObject({
      changes: false,
    });
  });

  test("can take a snapshot before restoring", async () => {
    const machineId = ctx.emulator.machine("off");
    const snapshotId = await snapshotOf(machineId);
    await restore.create(inputs(snapshotId, { createSnapshotBeforeRestore: true }));
    expect(
      store()
        .snapshots.list(team())
        .map((s) => s.name)
        .sort(),
    ).toEqual(["baseline", "baseline (before restore)"]);
  });

  test("a missing snapshot is an error naming it; delete does nothing to the machine", async () => {
    await expect(restore.create(inputs("snothere000000"))).rejects.toThrow(
      "snapshotId: no snapshot snothere000000 in the team of this API key.",
    );
    const before = (await ctx.emulator.requests()).length;
    await restore.delete("evrestored00", inputs("snothere000000"));
    expect((await ctx.emulator.requests()).length).toBe(before);
  });
});
