import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { QUIRK_NAMES } from "../../emulator/quirks";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";
import { ROOT, programCopy, stackIn } from "../../testing/pulumi";

jest.setTimeout(300_000);

/** The examples as users run them, against an emulator acting out every quirk of the live API (`--quirks all`). */
describe.each([
  ["quickstart", 6, {}],
  ["golden-image", 7, { imageVersion: "2026-12-01" }],
])("examples/%s with every quirk of the real API on", (example, resources, config) => {
  let emulator: TestEmulator;
  let stack: Stack;
  let cleanup: () => void;

  const account = () => {
    const { scripts, snapshots, templates, machines } = emulator.account();
    return {
      scripts: scripts.length,
      snapshots: snapshots.length,
      templates: templates.length,
      machines: machines.length,
    };
  };

  beforeAll(async () => {
    emulator = await TestEmulator.start({ quirks: [...QUIRK_NAMES] });
    const copy = programCopy(join(ROOT, "examples", example), example);
    cleanup = copy.cleanup;
    stack = await stackIn(copy.workDir, copy.stateDir, "dev");
    await stack.setConfig("paperspace:apiUrl", { value: emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
    for (const [key, value] of Object.entries(config)) await stack.setConfig(key, { value });
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("up converges, a second up changes nothing, and refresh then preview show no change", async () => {
    expect((await emulator.control<{ quirks: string[] }>("GET", "/quirks")).quirks).toEqual([...QUIRK_NAMES]);
    expect((await stack.up()).summary.resourceChanges).toEqual({ create: resources });
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: resources });
    await stack.refresh();
    await stack.preview({ expectNoChanges: true });
    // Nothing twice: each object the program declares, once (the two seeded machines besides).
    const held = account();
    expect(held.templates).toBe(1);
    expect(held.scripts).toBe(1);
  });

  test("destroy leaves nothing but the seeded machines, though deleted objects still answer for a while", async () => {
    await stack.destroy();
    expect(account()).toEqual({ scripts: 0, snapshots: 0, templates: 0, machines: 2 });
  });
});
