import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { TestEmulator } from "../../testing/emulator";
import { backendFiles, pulumiCli } from "../../testing/pulumi";
import { fixtureStack } from "./support";

jest.setTimeout(300_000);

/** Keys that look real, so that a leak would be found by a plain text search. */
const API_KEY = "ps_live_9d2f7c41e8b3a6d05f1c9e7b2a4d8f36";
const WRONG_KEY = "ps_live_0000111122223333444455556666777x";
const BODY = "#!/bin/bash\necho body-marker-5e1f9a";

/**
 * After up, refresh, destroy and a failure, with a script, its assignment, a snapshot, a template and a machine the
 * script is given to: the key appears nowhere (state at rest, the stack's export, the CLI's and the provider's
 * output), and the script body only encrypted.
 */
describe("secrets audit", () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let stateDir: string;
  let cleanup: () => void;
  let output = "";
  const capture = { onOutput: (line: string) => (output += line) };

  beforeAll(async () => {
    emulator = await TestEmulator.start({
      apiKeys: [API_KEY],
      machines: [
        { name: "trainer", state: "ready" },
        { name: "golden", state: "off" },
      ],
    });
    ({ stack, stateDir, cleanup } = await fixtureStack("all-resources"));
    const machine = (name: string) => emulator.machines().find((m) => m.name === name)!.id;
    await stack.setConfig("paperspace:apiUrl", { value: emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: API_KEY, secret: true });
    await stack.setConfig("body", { value: BODY, secret: true });
    await stack.setConfig("assignMachineId", { value: machine("trainer") });
    await stack.setConfig("snapshotMachineId", { value: machine("trainer") });
    await stack.setConfig("templateMachineId", { value: machine("golden") });
    await stack.setConfig("machineTemplateId", { value: "t0nspur5" });
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("up, refresh and a failing up leave the key out of everything they print", async () => {
    await stack.up(capture);
    await stack.refresh(capture);
    await stack.setConfig("paperspace:apiKey", { value: WRONG_KEY, secret: true });
    await stack.setConfig("scriptName", { value: "renamed" });
    const failure = await stack.up(capture).catch((error: Error) => error);
    expect(String(failure)).toContain("failed with 401 UNAUTHORIZED");
    output += String(failure);
    await stack.setConfig("paperspace:apiKey", { value: API_KEY, secret: true });
    await stack.up(capture);
    expect(output).toContain("Resources:");
    for (const secret of [API_KEY, WRONG_KEY, "body-marker-5e1f9a", "Bearer "]) {
      expect(output).not.toContain(secret);
    }
  });

  test("state at rest and the stack's export hold the body only encrypted, and no key", async () => {
    const files = backendFiles(stateDir);
    expect(files.length).toBeGreaterThan(3);
    const exported = JSON.stringify(await stack.workspace.exportStack("e2e")); // the export decrypts: checked below
    expect(exported).toContain("body-marker-5e1f9a");
    expect(exported).toContain("pulumi-nodejs:dynamic/paperspace:Machine");
    for (const file of files) {
      expect(file.text).not.toContain(API_KEY);
      expect(file.text).not.toContain(WRONG_KEY);
      expect(file.text).not.toContain("body-marker-5e1f9a");
    }
    const settings = await stack.workspace.getAllConfig("e2e");
    expect(settings["paperspace:apiKey"]).toMatchObject({ secret: true });
    const stackFile = readFileSync(join(stack.workspace.workDir, "Pulumi.e2e.yaml"), "utf8");
    expect(stackFile).toContain("secure:");
    expect(stackFile).not.toContain(API_KEY);
  });

  test("destroy prints no key either", async () => {
    output = "";
    await stack.destroy(capture);
    expect(output).toContain("deleted");
    expect(output).not.toContain(API_KEY);
    expect(output).not.toContain("body-marker-5e1f9a");
  });
});

/**
 * A shared drive's credentials, and a startup script whose body carries them (interpolated, as a user mounting the
 * drive writes it), through up, refresh, a drive deleted behind the stack's back and made again (the script's body
 * then changes from one drive's credentials to the other's), `--diff` plans and destroy: neither drive's user name or
 * password appears in what the CLI prints, in the state at rest or in `pulumi stack export`.
 */
describe("secrets audit: a shared drive's credentials and the script that mounts it", () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let stateDir: string;
  let cleanup: () => void;
  let output = "";
  const capture = { onOutput: (line: string) => (output += line) };
  /** Every drive's credentials, as the emulator made them: the values a leak would show. */
  const credentials = new Set<string>();
  const noteCredentials = () => {
    for (const drive of emulator.account().drives) {
      credentials.add(drive.username);
      credentials.add(drive.password);
    }
  };
  const cli = () => pulumiCli(stack.workspace.workDir, stateDir);

  beforeAll(async () => {
    emulator = await TestEmulator.start({ apiKeys: [API_KEY] });
    ({ stack, stateDir, cleanup } = await fixtureStack("core"));
    await stack.setConfig("paperspace:apiUrl", { value: emulator.url });
    await stack.setConfig("paperspace:apiKey", { value: API_KEY, secret: true });
    await stack.setConfig("workers", { value: "1" });
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("up, a --diff preview and a --diff refresh print no credentials", async () => {
    await stack.up({ ...capture, diff: true });
    noteCredentials();
    expect(credentials.size).toBe(2);
    const [script] = emulator.account().scripts;
    // The body the machines run holds the drive's real credentials: what the search below looks for.
    for (const value of credentials) expect(script.script).toContain(value);
    await stack.preview({ ...capture, diff: true, expectNoChanges: true });
    const refresh = await cli().run(["refresh", "--yes", "--diff", "--stack", "e2e"]);
    expect(refresh.code).toBe(0);
    output += refresh.output;
    expect(output).toContain("paperspace:SharedDrive");
    for (const value of credentials) expect(output).not.toContain(value);
  });

  test("a drive made again gives the script new credentials: the --diff plans and the up print neither", async () => {
    const [drive] = emulator.account().drives;
    expect((await emulator.call("DELETE", `/shared-drives/${drive.id}`, undefined, API_KEY)).status).toBe(200);
    const refresh = await cli().run(["refresh", "--yes", "--diff", "--stack", "e2e"]);
    expect(refresh.code).toBe(0);
    output += refresh.output;
    await stack.preview({ ...capture, diff: true });
    await stack.up({ ...capture, diff: true });
    noteCredentials();
    expect(credentials.size).toBe(4);
    const [script] = emulator.account().scripts;
    expect(script.script).toContain(emulator.account().drives[0].password);
    // The plan shows the script's update, its body as a secret.
    expect(output).toMatch(/~ pulumi-nodejs:dynamic\/paperspace:StartupScript: \(update\)[^+]*script\s*: \[secret\]/);
    for (const value of credentials) expect(output).not.toContain(value);
  });

  test("state at rest and `pulumi stack export` hold the credentials only encrypted", async () => {
    const files = backendFiles(stateDir);
    expect(files.length).toBeGreaterThan(3);
    const exported = await cli().run(["stack", "export", "--stack", "e2e"]);
    expect(exported.code).toBe(0);
    expect(exported.output).toContain("pulumi-nodejs:dynamic/paperspace:SharedDrive");
    expect(exported.output).toContain("ciphertext");
    for (const text of [exported.output, ...files.map((file) => file.text)]) {
      for (const value of credentials) expect(text).not.toContain(value);
    }
  });

  test("destroy prints no credentials either", async () => {
    output = "";
    await stack.destroy({ ...capture, diff: true });
    expect(output).toContain("deleted");
    for (const value of credentials) expect(output).not.toContain(value);
    expect(emulator.account().drives).toEqual([]);
  });
});
