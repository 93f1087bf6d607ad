import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { ProviderContext } from "../../provider/context";
import { stackAutoName } from "../../provider/lifecycle/autoName";
import { serve } from "../../plugin/server";
import { DEFAULT_API_KEY } from "../../testing/emulator";
import { emulatorForRuntime } from "../support/runtime";

/**
 * The provider plugin's gRPC service, called as the engine calls it, against the emulator: provider config through
 * Configure (not the environment), auto-names from the URN, the engine's timeouts, `pulumi import` (a read by id
 * alone) and the lookups as invokes.
 */
const ctx = emulatorForRuntime();
const schema = readFileSync(join(__dirname, "..", "..", "plugin", "schema.json"), "utf8");

type Props = Record<string, unknown>;
const struct = (value: Props) =>
  structproto.Struct.fromJavaScript(value as Record<string, structproto.JavaScriptValue>);
const urn = (type: string, name: string) => `urn:pulumi:dev::golden::paperspace:index:${type}::${name}`;

let client: provrpc.ResourceProviderClient;
let server: grpc.Server;

/** One call of the service, as a promise. */
function call<Req, Res>(method: string, request: Req): Promise<Res> {
  return new Promise((resolve, reject) =>
    (client as unknown as Record<string, (r: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => void>)[method](
      request,
      (error, response) => (error ? reject(error) : resolve(response)),
    ),
  );
}

beforeAll(async () => {
  let port: number;
  ({ port, server } = await serve({ context: new ProviderContext(), schema, version: "0.1.0" }));
  client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});
afterAll(() => {
  client.close();
  server.forceShutdown();
});

beforeEach(async () => {
  // Only Configure says where the API is and which key to use.
  delete process.env.PAPERSPACE_API_URL;
  delete process.env.PAPERSPACE_API_KEY;
  const args = struct({ apiUrl: ctx.emulator.url, apiKey: DEFAULT_API_KEY, version: "0.1.0" });
  await call("configure", new provproto.ConfigureRequest().setArgs(args));
});

async function check(type: string, name: string, news: Props): Promise<provproto.CheckResponse> {
  return call("check", new provproto.CheckRequest().setUrn(urn(type, name)).setOlds(struct({})).setNews(struct(news)));
}

async function create(type: string, name: string, properties: Props, timeoutSeconds = 0) {
  const request = new provproto.CreateRequest()
    .setUrn(urn(type, name))
    .setProperties(struct(properties))
    .setTimeout(timeoutSeconds);
  return call<provproto.CreateRequest, provproto.CreateResponse>("create", request);
}

test("the schema and version are the ones the plugin was given", async () => {
  const info = await call<Empty, PluginInfo>("getPluginInfo", new Empty());
  expect(info.getVersion()).toBe("0.1.0");
  const answer = await call<provproto.GetSchemaRequest, provproto.GetSchemaResponse>(
    "getSchema",
    new provproto.GetSchemaRequest(),
  );
  expect(JSON.parse(answer.getSchema()).resources).toHaveProperty(["paperspace:index:CustomTemplate"]);
});

test("check gives a script with no name the stack's auto-name and refuses bad input by property", async () => {
  const checked = await check("StartupScript", "boot", { script: "echo hi" });
  expect(checked.getFailuresList()).toEqual([]);
  expect(checked.getInputs()!.toJavaScript()).toMatchObject({
    name: stackAutoName({ project: "golden", stack: "dev", type: "StartupScript", name: "boot" }),
    isRunOnce: false,
    isEnabled: true,
  });
  const refused = await check("StartupScript", "boot", { script: "echo hi", isRunOnce: "yes" });
  expect(refused.getFailuresList().map((f) => f.getProperty())).toEqual(["isRunOnce"]);
});

test("create, then a read by id alone (pulumi import) answers the inputs the object shows", async () => {
  const machineId = ctx.emulator.machine("off");
  const inputs = (await check("CustomTemplate", "golden", { machineId, name: "golden-1" })).getInputs()!.toJavaScript();
  const made = await create("CustomTemplate", "golden", inputs as Props);
  const id = made.getId();
  expect(made.getProperties()!.toJavaScript()).toMatchObject({
    machineId,
    name: "golden-1",
    parentMachineId: machineId,
  });
  expect(made.getProperties()!.toJavaScript()).not.toHaveProperty("timeouts");
  const read = await call<provproto.ReadRequest, provproto.ReadResponse>(
    "read",
    new provproto.ReadRequest().setId(id).setUrn(urn("CustomTemplate", "adopted")),
  );
  expect(read.getId()).toBe(id);
  expect(read.getInputs()!.toJavaScript()).toEqual({ machineId, name: "golden-1", powerOffMachine: false });
  // Gone: the read answers no id.
  await ctx.emulator.call("DELETE", `/custom-templates/${id}`);
  const gone = await call<provproto.ReadRequest, provproto.ReadResponse>(
    "read",
    new provproto.ReadRequest().setId(id).setUrn(urn("CustomTemplate", "adopted")),
  );
  expect(gone.getId()).toBe("");
});

test("an assignment is read by its id alone", async () => {
  const machineId = ctx.emulator.machine("ready");
  const script = await create("StartupScript", "boot", {
    script: "echo hi",
    name: "boot",
    isRunOnce: false,
    isEnabled: true,
  });
  const assignment = await create("StartupScriptAssignment", "boot-on", { startupScriptId: script.getId(), machineId });
  const read = await call<provproto.ReadRequest, provproto.ReadResponse>(
    "read",
    new provproto.ReadRequest().setId(assignment.getId()).setUrn(urn("StartupScriptAssignment", "adopted")),
  );
  expect(read.getInputs()!.toJavaScript()).toEqual({ startupScriptId: script.getId(), machineId });
});

test("a past restore cannot be imported, and says why", async () => {
  const read = call("read", new provproto.ReadRequest().setId("esabc123").setUrn(urn("SnapshotRestore", "r")));
  await expect(read).rejects.toThrow(/past action.*nothing to import/);
});

test("the engine's create timeout bounds the wait for the event", async () => {
  await ctx.emulator.control("POST", "/config", { eventDurationMs: 60_000 });
  const machineId = ctx.emulator.machine("ready");
  const started = Date.now();
  const made = create("Snapshot", "slow", { machineId, name: "slow" }, 1);
  await expect(made).rejects.toThrow(/Timed out/);
  expect(Date.now() - started).toBeLessThan(30_000);
});

test("the lookups are functions: the OS templates by name", async () => {
  const answer = await call<provproto.InvokeRequest, provproto.InvokeResponse>(
    "invoke",
    new provproto.InvokeRequest().setTok("paperspace:index:getOsTemplates").setArgs(struct({ name: "Ubuntu 22.04" })),
  );
  const { templates } = answer.getReturn()!.toJavaScript() as { templates: { name: string }[] };
  expect(templates.map((template) => template.name)).toEqual(["Ubuntu 22.04"]);
});

test("a changed API address or key updates the provider and replaces nothing", async () => {
  const answer = await call<provproto.DiffRequest, provproto.DiffResponse>(
    "diffConfig",
    new provproto.DiffRequest().setOlds(struct({ apiUrl: "http://a" })).setNews(struct({ apiUrl: "http://b" })),
  );
  expect(answer.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
  expect(answer.getReplacesList()).toEqual([]);
});

describe("pulumi import of each kind: a read by id alone answers the inputs the object shows", () => {
  const readById = (type: string, id: string) =>
    call<provproto.ReadRequest, provproto.ReadResponse>(
      "read",
      new provproto.ReadRequest().setId(id).setUrn(urn(type, "adopted")),
    ).then((read) => ({ id: read.getId(), inputs: read.getInputs()!.toJavaScript() }));

  test("a startup script: its name and flags (the API never answers its body)", async () => {
    const { body } = await ctx.emulator.call("POST", "/startup-scripts", { name: "boot", script: "echo hi" });
    expect(await readById("StartupScript", body.id as string)).toEqual({
      id: body.id,
      inputs: { name: "boot", isRunOnce: false, isEnabled: true },
    });
  });

  test("a snapshot: its machine and name", async () => {
    const machineId = ctx.emulator.machine("ready");
    const { body } = await ctx.emulator.call("POST", "/snapshots", { machineId, name: "before" });
    await ctx.emulator.settle((body.event as { id: string }).id);
    const id = (body.data as { id: string }).id;
    expect(await readById("Snapshot", id)).toEqual({ id, inputs: { machineId, name: "before" } });
  });

  test("a machine: its settings; the template it was made from (which the API never shows) is recorded, not replaced", async () => {
    const machineId = ctx.emulator.machine("ready");
    const read = await call<provproto.ReadRequest, provproto.ReadResponse>(
      "read",
      new provproto.ReadRequest().setId(machineId).setUrn(urn("Machine", "adopted")),
    );
    const inputs = read.getInputs()!.toJavaScript() as Props;
    expect(read.getId()).toBe(machineId);
    expect(inputs).toMatchObject({ name: expect.any(String), state: "ready", region: expect.any(String) });
    expect(inputs).not.toHaveProperty("templateId");
    // The program's next preview: the same machine with the template it names is an update that records it.
    const checked = await check("Machine", "adopted", { ...inputs, templateId: "t0nspur5" });
    expect(checked.getFailuresList()).toEqual([]);
    const news = checked.getInputs()!;
    const diff = await call<provproto.DiffRequest, provproto.DiffResponse>(
      "diff",
      new provproto.DiffRequest()
        .setId(machineId)
        .setUrn(urn("Machine", "adopted"))
        .setOlds(read.getProperties())
        .setNews(news),
    );
    expect(diff.getReplacesList()).toEqual([]);
    expect(diff.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
  });
});
