import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { UnauthorizedError } from "../../provider/api/errors";
import { providerContext } from "../../provider/context";
import { PartialCreateError } from "../../provider/lifecycle/errors";
import { sha256 } from "../../provider/resources/startupScript";
import { provider } from "../../provider/runtime";
import type { StartupScriptInputs, StartupScriptOutputs } from "../../provider/resources/startupScript.generated";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";

const runtime = provider("StartupScript");

const inputs = (overrides: Partial<StartupScriptInputs> = {}): StartupScriptInputs => ({
  script: "#!/bin/bash\necho hi",
  name: "boot",
  isRunOnce: false,
  isEnabled: true,
  ...overrides,
});

describe("StartupScript runtime against the emulator", () => {
  let emulator: TestEmulator;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    emulator = await TestEmulator.start();
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    await emulator.control("POST", "/reset");
    process.env.PAPERSPACE_API_URL = emulator.url;
    process.env.PAPERSPACE_API_KEY = DEFAULT_API_KEY;
  });
  afterEach(() => {
    process.env = { ...savedEnv };
    providerContext.configure(() => undefined);
  });

  const stored = () => emulator.emulator.state.store.startupScripts.list(emulator.emulator.state.store.teams()[0].id);

  test("create returns the inputs with what the API computed, in one request", async () => {
    const { id, outs } = await runtime.create(inputs({ isRunOnce: true }));
    expect(outs).toEqual({
      ...inputs({ isRunOnce: true }),
      scriptSha256: sha256("#!/bin/bash\necho hi"),
      description: null,
      assignedMachineIds: [],
      dtCreated: expect.any(String),
    });
    expect(stored()).toEqual([expect.objectContaining({ id, script: "#!/bin/bash\necho hi", isRunOnce: true })]);
    expect((await emulator.requests()).map((r) => `${r.method} ${r.path}`)).toEqual(["POST /startup-scripts"]);
  });

  test("a script an interrupted run left under this resource's auto-name is taken over, its body sent again", async () => {
    const left = await emulator.call("POST", "/startup-scripts", {
      name: "boot-1a2b3c4",
      script: "#!/bin/bash\necho old",
    });
    const { id, outs } = await runtime.create(inputs({ name: "boot-1a2b3c4", autoName: "boot-1a2b3c4" }));
    expect(id).toBe(left.body.id);
    expect(stored()).toEqual([expect.objectContaining({ id, script: "#!/bin/bash\necho hi" })]);
    expect(outs?.scriptSha256).toBe(sha256("#!/bin/bash\necho hi"));
    expect((await emulator.requests()).map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /startup-scripts",
      "GET /startup-scripts",
      `PUT /startup-scripts/${id}`,
    ]);
  });

  test("a script with a name the program gave is never guessed at: a second one is made", async () => {
    await emulator.call("POST", "/startup-scripts", { name: "boot", script: "#!/bin/bash\necho other" });
    await runtime.create(inputs());
    expect(stored()).toHaveLength(2);
  });

  test("a script created disabled is disabled with a PUT, since create cannot set it", async () => {
    const { id, outs } = await runtime.create(inputs({ isEnabled: false }));
    expect(outs?.isEnabled).toBe(false);
    expect(stored()[0].isEnabled).toBe(false);
    expect((await emulator.requests()).map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /startup-scripts",
      `PUT /startup-scripts/${id}`,
    ]);
  });

  test("read returns outputs and inputs from the API, keeping the body it cannot read", async () => {
    const { id, outs } = await runtime.create(inputs());
    await emulator.call("PUT", `/startup-scripts/${id}`, { name: "renamed-by-hand", isEnabled: false });
    const read = await runtime.read(id, outs as StartupScriptOutputs);
    expect(read.id).toBe(id);
    expect(read.props).toMatchObject({ name: "renamed-by-hand", isEnabled: false, script: inputs().script });
    expect(read.inputs).toEqual({ ...inputs(), name: "renamed-by-hand", isEnabled: false });
    // The drift is now visible to diff against the declared inputs.
    expect((await runtime.diff(id, read.props as StartupScriptOutputs, inputs())).changes).toBe(true);
  });

  test("read of a script deleted behind Pulumi's back says it is gone", async () => {
    const { id, outs } = await runtime.create(inputs());
    await emulator.call("DELETE", `/startup-scripts/${id}`);
    expect(await runtime.read(id, outs as StartupScriptOutputs)).toEqual({});
  });

  test("update sends only what changed", async () => {
    const { id, outs } = await runtime.create(inputs());
    const news = inputs({ script: "echo changed" });
    const { outs: updated } = await runtime.update(id, outs as StartupScriptOutputs, news);
    expect(updated?.scriptSha256).toBe(sha256("echo changed"));
    expect(stored()[0]).toMatchObject({ id, script: "echo changed", name: "boot" });
    const puts = (await emulator.requests()).filter((r) => r.method === "PUT");
    expect(puts).toHaveLength(1);
  });

  test("delete removes the script, and a second delete still succeeds", async () => {
    const { id, outs } = await runtime.create(inputs());
    await runtime.delete(id, outs as StartupScriptOutputs);
    expect(stored()).toEqual([]);
    await expect(runtime.delete(id, outs as StartupScriptOutputs)).resolves.toBeUndefined();
  });

  test("credentials from configure() win over the environment", async () => {
    process.env.PAPERSPACE_API_KEY = "wrong-key";
    await expect(runtime.create(inputs())).rejects.toBeInstanceOf(UnauthorizedError);
    const configured = provider("StartupScript");
    await configured.configure?.({
      config: {
        get: (key: string) => ({ "paperspace:apiKey": DEFAULT_API_KEY, "paperspace:apiUrl": emulator.url })[key],
        require: () => "",
      },
    });
    await expect(configured.create(inputs())).resolves.toMatchObject({ id: expect.any(String) });
  });

  test("an unknown type asks for the version of the package that wrote the state", () => {
    expect(() => provider("Nonexistent")).toThrow(/no resource type "Nonexistent".*install that version/);
  });
});

describe("StartupScript runtime: a failure after the object exists", () => {
  let server: Server;
  beforeAll(async () => {
    // Accepts the create, refuses the follow-up PUT.
    server = createServer((request, response) => {
      response.setHeader("content-type", "application/json");
      if (request.method === "POST") {
        response.end(
          JSON.stringify({
            id: "sc-half-made",
            name: "boot",
            description: null,
            isEnabled: true,
            isRunOnce: false,
            assignedMachineIds: [],
            dtCreated: "2026-01-01T00:00:00.000Z",
            dtDeleted: null,
          }),
        );
      } else {
        response.statusCode = 403;
        response.end(JSON.stringify({ code: "FORBIDDEN", message: "this team may not disable scripts" }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    process.env.PAPERSPACE_API_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    process.env.PAPERSPACE_API_KEY = "k";
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("is reported as a partial create carrying the id and the provider, so nothing leaks", async () => {
    const error = await runtime.create({ ...inputs({ isEnabled: false }), __provider: "p" }).catch((e) => e);
    expect(error).toBeInstanceOf(PartialCreateError);
    expect(error.id).toBe("sc-half-made");
    expect(error.properties).toMatchObject({ __provider: "p", isEnabled: true, name: "boot" });
    expect(error.message).toContain("this team may not disable scripts");
    expect(error.reasons).toEqual([error.message]);
  });
});
