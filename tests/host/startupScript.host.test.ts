import { providerSource } from "../../provider/dynamic";
import { sha256 } from "../../provider/resources/startupScript";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";
import { ProviderHost } from "./providerHost";

const URN = "urn:pulumi:test::host-test::pulumi-nodejs:dynamic/paperspace:StartupScript::boot";
const __provider = providerSource("StartupScript");
// The host must get its credentials from configure() alone.
const noCredentialsInEnv = { PAPERSPACE_API_KEY: "", PAPERSPACE_API_URL: "" };

describe("StartupScript through Pulumi's dynamic provider host", () => {
  let emulator: TestEmulator;
  let host: ProviderHost;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    host = await ProviderHost.start(noCredentialsInEnv);
    await host.configure({ "paperspace:apiKey": DEFAULT_API_KEY, "paperspace:apiUrl": emulator.url });
  });
  afterAll(async () => {
    host.stop();
    await emulator.close();
  });
  beforeEach(() => emulator.control("POST", "/reset"));

  const scripts = () => emulator.emulator.state.store.startupScripts.list(emulator.emulator.state.store.teams()[0].id);

  test("check, create, diff, update, read and delete, as the engine calls them", async () => {
    const checked = await host.check(URN, {}, { script: "echo one", autoName: "boot-1234567", __provider });
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toEqual({
      script: "echo one",
      name: "boot-1234567",
      autoName: "boot-1234567",
      isRunOnce: false,
      isEnabled: true,
      __provider,
    });

    const created = await host.create(URN, checked.inputs);
    expect(created.id).toMatch(/^sc/);
    expect(created.properties).toMatchObject({ name: "boot-1234567", scriptSha256: sha256("echo one"), __provider });
    expect(Buffer.byteLength(created.properties.__provider as string)).toBeLessThan(1024);
    expect(scripts()).toEqual([expect.objectContaining({ id: created.id, script: "echo one" })]);

    expect(await host.diff(URN, created.id, created.properties, checked.inputs)).toEqual({
      changes: "DIFF_NONE",
      replaces: [],
    });
    const changed = { ...checked.inputs, script: "echo two" };
    expect(await host.diff(URN, created.id, created.properties, changed)).toEqual({
      changes: "DIFF_SOME",
      replaces: [],
    });

    const updated = await host.update(URN, created.id, created.properties, changed);
    expect(updated).toMatchObject({ scriptSha256: sha256("echo two"), __provider });
    expect(scripts()[0].script).toBe("echo two");

    const read = await host.read(URN, created.id, updated);
    expect(read.id).toBe(created.id);
    expect(read.properties).toMatchObject({ name: "boot-1234567", __provider });
    expect(read.inputs).toMatchObject({ script: "echo two", name: "boot-1234567", __provider });

    await host.delete(URN, created.id, read.properties);
    expect(scripts()).toEqual([]);
  });

  test("bad input fails check with the property named, and makes no API request", async () => {
    const checked = await host.check(URN, {}, { script: 42, name: "", autoName: "x", __provider });
    expect(checked.failures).toEqual([
      { property: "", reason: "script must be a string, got number 42" },
      { property: "name", reason: "must not be empty" },
    ]);
    expect(await emulator.requests()).toEqual([]);
  });

  test("an API error reaches the engine with the method, path, status and the API's message", async () => {
    const inputs = { script: "x", name: "n".repeat(129), isRunOnce: false, isEnabled: true, __provider };
    await expect(host.create(URN, inputs)).rejects.toMatchObject({
      message: expect.stringContaining(
        "Paperspace API POST /startup-scripts failed with 400 BAD_REQUEST: name must be between 1 and 128 characters",
      ),
    });
  });

  test("a script deleted behind Pulumi's back reads as gone (empty id)", async () => {
    const checked = await host.check(URN, {}, { script: "x", autoName: "gone-1234567", __provider });
    const created = await host.create(URN, checked.inputs);
    await emulator.call("DELETE", `/startup-scripts/${created.id}`);
    expect((await host.read(URN, created.id, created.properties)).id).toBe("");
  });
});

describe("the dynamic provider host without credentials", () => {
  test("create fails with a message that says how to set the key", async () => {
    const host = await ProviderHost.start(noCredentialsInEnv);
    try {
      await host.configure({});
      const inputs = { script: "x", name: "n", isRunOnce: false, isEnabled: true, __provider };
      await expect(host.create(URN, inputs)).rejects.toMatchObject({
        message: expect.stringContaining("No Paperspace API key: run `pulumi config set paperspace:apiKey --secret`"),
      });
    } finally {
      host.stop();
    }
  });
});
