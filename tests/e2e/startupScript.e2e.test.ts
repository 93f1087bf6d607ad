import type { Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";
import { backendFiles, storedCheckpoint } from "../../testing/pulumi";
import { fixtureStack } from "./support";

jest.setTimeout(180_000);

/** A key that looks real, so that a leak into state would be found by a plain text search. */
const API_KEY = "ps_live_4f9c2e7d1b8a6e3f0c5d9b2a7e4f1c8d";
const BODY_ONE = "#!/bin/bash\necho first-body-7f3a";
const BODY_TWO = "#!/bin/bash\necho second-body-9c1e";

/** Apply, empty plan, update, refresh, drift, destroy: the acceptance sequence, with the real CLI. */
describe("StartupScript with the real Pulumi CLI", () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let stateDir: string;
  let cleanup: () => void;
  let firstId: string;

  const scripts = () => emulator.emulator.state.store.startupScripts.list(emulator.emulator.state.store.teams()[0].id);
  const requestsDuring = async (operation: () => Promise<unknown>) => {
    const before = (await emulator.requests()).length;
    await operation();
    return (await emulator.requests()).slice(before).map((r) => `${r.method} ${r.path}`);
  };

  beforeAll(async () => {
    emulator = await TestEmulator.start({ apiKeys: [API_KEY] });
    ({ stack, stateDir, cleanup } = await fixtureStack("startup-script"));
    await stack.setConfig("paperspace:apiUrl", { value: emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: API_KEY, secret: true });
    await stack.setConfig("body", { value: BODY_ONE, secret: true });
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("up creates the script", async () => {
    const result = await stack.up();
    expect(result.summary.result).toBe("succeeded");
    expect(result.summary.resourceChanges).toEqual({ create: 2 });
    firstId = result.outputs.id.value;
    expect(scripts()).toEqual([expect.objectContaining({ id: firstId, script: BODY_ONE, isRunOnce: false })]);
    expect(result.outputs.name.value).toMatch(/^boot-[0-9a-f]{7}$/);
  });

  test("preview then shows no changes and makes no API request", async () => {
    const requests = await requestsDuring(() => stack.preview({ expectNoChanges: true }));
    expect(requests).toEqual([]);
  });

  test("a new body updates the script in place", async () => {
    await stack.setConfig("body", { value: BODY_TWO, secret: true });
    const result = await stack.up();
    expect(result.summary.resourceChanges).toEqual({ update: 1, same: 1 });
    expect(result.outputs.id.value).toBe(firstId);
    expect(scripts()).toEqual([expect.objectContaining({ id: firstId, script: BODY_TWO })]);
  });

  test("refresh then shows no changes, with one GET", async () => {
    const requests = await requestsDuring(() => stack.refresh({ expectNoChanges: true }));
    expect(requests).toEqual([`GET /startup-scripts/${firstId}`]);
  });

  test("a flag changed behind Pulumi's back is seen by refresh and put back by up", async () => {
    await emulator.call("PUT", `/startup-scripts/${firstId}`, { isRunOnce: true }, API_KEY);
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ update: 1, same: 1 });
    expect(scripts()[0]).toMatchObject({ id: firstId, isRunOnce: false });
  });

  test("a script deleted behind Pulumi's back is dropped by refresh and recreated by up", async () => {
    await emulator.call("DELETE", `/startup-scripts/${firstId}`, undefined, API_KEY);
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 1, same: 1 });
    expect(up.outputs.id.value).not.toBe(firstId);
    expect(scripts()).toEqual([expect.objectContaining({ id: up.outputs.id.value, script: BODY_TWO })]);
  });

  test("state at rest holds a small provider, an encrypted body and no key", async () => {
    const resource = storedCheckpoint(stateDir).checkpoint.latest.resources?.find((r) =>
      r.type.endsWith(":StartupScript"),
    );
    expect(resource?.type).toBe("pulumi-nodejs:dynamic/paperspace:StartupScript");
    expect(Buffer.byteLength(resource?.outputs.__provider as string)).toBeLessThan(1024);
    expect(resource?.inputs.script).toHaveProperty("ciphertext");
    expect(resource?.outputs.script).toHaveProperty("ciphertext");
    const files = backendFiles(stateDir);
    expect(files.length).toBeGreaterThan(1); // the stack file and its history
    for (const file of files) {
      expect(file.text).not.toContain(API_KEY);
      expect(file.text).not.toContain("second-body-9c1e");
      expect(file.text).not.toContain("first-body-7f3a");
    }
  });

  test("destroy leaves nothing behind", async () => {
    const result = await stack.destroy();
    expect(result.summary.resourceChanges).toEqual({ delete: 2 });
    expect(scripts()).toEqual([]);
    const state = await stack.exportStack();
    expect(state.deployment.resources ?? []).toEqual([]);
  });
});

describe("StartupScript bad input with the real Pulumi CLI", () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let cleanup: () => void;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    ({ stack, cleanup } = await fixtureStack("startup-script"));
    await stack.setConfig("paperspace:apiUrl", { value: emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
    await stack.setConfig("body", { value: "x".repeat(16 * 1024 + 1) });
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("an oversize body fails preview naming the property, and no API request is made", async () => {
    await expect(stack.preview()).rejects.toThrow(/script.*16385 bytes; Paperspace accepts at most 16384/s);
    expect(await emulator.requests()).toEqual([]);
  });
});
