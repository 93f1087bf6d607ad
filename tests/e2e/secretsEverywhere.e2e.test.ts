import { cpSync } from "node:fs";
import { join } from "node:path";
import { TestEmulator } from "../../testing/emulator";
import { backendFiles, installPlugin, programCopy, pulumiCli, scratchDir } from "../../testing/pulumi";

jest.setTimeout(600_000);

/** A key that looks real, so that a leak would be found by a plain text search. */
const API_KEY = "ps_live_3c8e1a7f5b2d9046e1c7a3f8b5d2e904";

/**
 * The API key everywhere a team looks, through the dynamic resources and through the plugin: the engine's most verbose
 * log on stderr (which carries the providers' own stderr too), `pulumi preview --json`, a refresh's verbose log, the
 * state at rest and its export, and the emulator's request log. The key is sent (every request is authorized by it),
 * and is found in none of them.
 */
const PATHS = [
  {
    name: "the dynamic resources",
    program: () => programCopy(join(__dirname, "fixtures", "startup-script"), "secrets-dynamic"),
    config: [["body", "#!/bin/bash\necho hi\n"]],
    type: "pulumi-nodejs:dynamic/paperspace:StartupScript",
  },
  {
    name: "the plugin",
    program: () => {
      const scratch = scratchDir("secrets-plugin");
      const workDir = join(scratch.dir, "program");
      cpSync(join(__dirname, "fixtures", "plugin-yaml"), workDir, { recursive: true });
      return { workDir, stateDir: join(scratch.dir, "state"), cleanup: scratch.cleanup };
    },
    config: [["imageVersion", "2026-12-05"]],
    type: "paperspace:index:StartupScript",
  },
];

describe.each(PATHS)("the API key, through $name", ({ program, config, type }) => {
  let emulator: TestEmulator;
  let cli: ReturnType<typeof pulumiCli>;
  let stateDir: string;
  let cleanup: () => void;
  let printed = "";
  /** One CLI command on the stack; everything it prints is kept for the last search. */
  const run = async (...args: string[]) => {
    const result = await cli.run([...args, "--stack", "e2e", "--non-interactive"]);
    printed += result.output;
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
    return result.output;
  };

  beforeAll(async () => {
    emulator = await TestEmulator.start({ apiKeys: [API_KEY] });
    await emulator.control("POST", "/config", { eventDurationMs: 200 });
    const copy = program();
    ({ stateDir, cleanup } = copy);
    await installPlugin(stateDir);
    cli = pulumiCli(copy.workDir, stateDir);
    await run("stack", "select", "--create");
    await run("config", "set", "paperspace:apiUrl", emulator.url);
    await run("config", "set", "--secret", "paperspace:apiKey", API_KEY);
    for (const [key, value] of config) await run("config", "set", key, value);
  });
  afterAll(async () => {
    await run("destroy", "--yes").catch(() => undefined);
    await emulator?.close();
    cleanup?.();
  });

  test("up with --logtostderr -v=9 logs the provider's configuration and calls, never the key", async () => {
    const log = await run("up", "--yes", "--logtostderr", "-v=9");
    expect(log).toContain("Configure()");
    expect(log).toContain(type);
    expect(log).not.toContain(API_KEY);
    // The key was in use: every request the stack made was authorized by it.
    expect((await emulator.requests()).length).toBeGreaterThan(0);
    expect(emulator.account().scripts).toHaveLength(1);
  });

  test("preview --json, and refresh with --logtostderr -v=9, show the configuration only as a secret", async () => {
    const preview = await run("preview", "--json");
    expect(JSON.parse(preview)).toMatchObject({ config: { "paperspace:apiKey": "[secret]" } });
    expect(preview).not.toContain(API_KEY);
    const refresh = await run("refresh", "--yes", "--logtostderr", "-v=9");
    expect(refresh).toContain("Read(");
    expect(refresh).not.toContain(API_KEY);
  });

  test("the state at rest, its export and the emulator's request log hold no key", async () => {
    const exported = await run("stack", "export");
    expect(exported).toContain(type);
    for (const text of [exported, ...backendFiles(stateDir).map((file) => file.text)]) {
      expect(text).not.toContain(API_KEY);
    }
    const logged = JSON.stringify(await emulator.requests());
    expect(logged).toContain("/startup-scripts");
    expect(logged).not.toContain(API_KEY);
    expect(printed).not.toContain(API_KEY);
  });
});
