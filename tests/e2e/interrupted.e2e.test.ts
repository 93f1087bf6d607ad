import { join } from "node:path";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";
import { programCopy, pulumiCli } from "../../testing/pulumi";

jest.setTimeout(300_000);

/**
 * `pulumi up` killed (SIGKILL, with its plugins) while a template, or a machine, is being made. The stack is left
 * locked and with a pending create; the next `up`, after the engine's own recovery, must take over the half-made
 * object, not make a second one.
 */
interface Case {
  what: string;
  event: "template-create" | "create";
  config: string[][];
  made: "customTemplates" | "machines";
}
const CASES: Case[] = [
  { what: "a template", event: "template-create", config: [], made: "customTemplates" },
  {
    what: "a machine",
    event: "create",
    config: [["config", "set", "machineTemplateId", "t0nspur5"]],
    made: "machines",
  },
];

test.each(CASES)("an up killed while $what is being made: the next up converges with no duplicate", async (c) => {
  const emulator = await TestEmulator.start({
    machines: [
      { name: "trainer", state: "ready" },
      { name: "golden", state: "off" },
    ],
    eventDurations: { [c.event]: 4000 },
  });
  const copy = programCopy(join(__dirname, "fixtures", "all-resources"), "interrupted");
  try {
    const pulumi = pulumiCli(copy.workDir, copy.stateDir);
    const machine = (name: string) => emulator.machines().find((m) => m.name === name)!.id;
    const team = emulator.emulator.state.store.teams()[0].id;
    const { store } = emulator.emulator.state;
    // What the program makes of the kind being made when the run is killed (the machines it runs on aside).
    const made = () => store[c.made].list(team).filter((o) => !["trainer", "golden"].includes(o.name));
    for (const args of [
      ["stack", "init", "e2e"],
      ["config", "set", "paperspace:apiUrl", emulator.url],
      ["config", "set", "--secret", "paperspace:apiKey", DEFAULT_API_KEY],
      ["config", "set", "assignMachineId", machine("trainer")],
      ["config", "set", "snapshotMachineId", machine("trainer")],
      ["config", "set", "templateMachineId", machine("golden")],
      ...c.config,
    ]) {
      expect((await pulumi.run(args)).code).toBe(0);
    }

    const up = pulumi.start(["up", "--yes"]);
    const events = () => store.machineEvents.list(team);
    while (!events().some((e) => e.name === c.event)) await new Promise((r) => setTimeout(r, 50));
    await pulumi.kill(up);
    const halfMade = made();
    expect(halfMade).toHaveLength(1);
    expect(events().find((e) => e.name === c.event)?.dtFinished).toBeNull();

    // The engine's recovery: release the dead run's lock, then up (it warns about the pending create).
    expect((await pulumi.run(["cancel", "--yes"])).code).toBe(0);
    const second = await pulumi.run(["up", "--yes"]);
    expect(second.code).toBe(0);
    expect(second.output).toContain("interrupted while creating");
    expect(second.output).toContain(`Found ${halfMade[0].id}, left by an interrupted run`);
    expect(made().map((o) => o.id)).toEqual([halfMade[0].id]);

    // Clearing the pending create leaves a stack with nothing to change.
    expect((await pulumi.run(["refresh", "--yes", "--clear-pending-creates"])).code).toBe(0);
    const preview = await pulumi.run(["preview", "--expect-no-changes"]);
    expect(preview.code).toBe(0);
    expect((await pulumi.run(["destroy", "--yes"])).code).toBe(0);
    expect(made()).toEqual([]);
  } finally {
    await emulator.close();
    copy.cleanup();
  }
});
