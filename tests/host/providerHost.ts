import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";

const ROOT = join(__dirname, "..", "..");
const HOST = join(ROOT, "node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider", "index.js");

export type Props = Record<string, unknown>;

/**
 * Pulumi's own dynamic provider host (`@pulumi/pulumi/cmd/dynamic-provider`), started as the engine starts it,
 * in the project directory, and driven over gRPC with the calls the engine makes.
 */
export class ProviderHost {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: ResourceProviderClient,
    readonly stderr: () => string,
  ) {}

  static async start(env: NodeJS.ProcessEnv = {}): Promise<ProviderHost> {
    const child = spawn(process.execPath, [HOST, "127.0.0.1:0"], {
      cwd: ROOT,
      env: { ...process.env, PULUMI_NODEJS_PROJECT: "host-test", ...env },
    });
    let stderr = "";
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    const port = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`provider host exited with ${code}: ${stderr}`)));
    });
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new ProviderHost(child, client, () => stderr);
  }

  private unary<Req, Res>(method: string, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      const call = (
        this.client as unknown as Record<string, (r: Req, cb: (e: Error | null, res: Res) => void) => void>
      )[method].bind(this.client);
      call(request, (error, response) => (error ? reject(error) : resolve(response)));
    });
  }

  async configure(config: Record<string, string>): Promise<void> {
    const request = new proto.ConfigureRequest();
    request.setArgs(Struct.fromJavaScript(config));
    await this.unary("configure", request);
  }

  async check(
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const request = new proto.CheckRequest();
    request.setUrn(urn);
    request.setOlds(Struct.fromJavaScript(olds as never));
    request.setNews(Struct.fromJavaScript(news as never));
    const response = await this.unary<proto.CheckRequest, proto.CheckResponse>("check", request);
    return {
      inputs: response.getInputs()?.toJavaScript() ?? {},
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(urn: string, id: string, olds: Props, news: Props): Promise<{ changes: string; replaces: string[] }> {
    const request = withOldsAndNews(new proto.DiffRequest(), urn, id, olds, news);
    const response = await this.unary<proto.DiffRequest, proto.DiffResponse>("diff", request);
    const names = Object.fromEntries(Object.entries(proto.DiffResponse.DiffChanges).map(([k, v]) => [v, k]));
    return { changes: names[response.getChanges()], replaces: response.getReplacesList() };
  }

  async create(urn: string, properties: Props): Promise<{ id: string; properties: Props }> {
    const request = new proto.CreateRequest();
    request.setUrn(urn);
    request.setProperties(Struct.fromJavaScript(properties as never));
    const response = await this.unary<proto.CreateRequest, proto.CreateResponse>("create", request);
    return { id: response.getId(), properties: response.getProperties()?.toJavaScript() ?? {} };
  }

  async read(urn: string, id: string, properties: Props): Promise<{ id: string; properties: Props; inputs: Props }> {
    const request = new proto.ReadRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setProperties(Struct.fromJavaScript(properties as never));
    const response = await this.unary<proto.ReadRequest, proto.ReadResponse>("read", request);
    return {
      id: response.getId(),
      properties: response.getProperties()?.toJavaScript() ?? {},
      inputs: response.getInputs()?.toJavaScript() ?? {},
    };
  }

  async update(urn: string, id: string, olds: Props, news: Props): Promise<Props> {
    const request = withOldsAndNews(new proto.UpdateRequest(), urn, id, olds, news);
    const response = await this.unary<proto.UpdateRequest, proto.UpdateResponse>("update", request);
    return response.getProperties()?.toJavaScript() ?? {};
  }

  async delete(urn: string, id: string, properties: Props): Promise<void> {
    const request = new proto.DeleteRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setProperties(Struct.fromJavaScript(properties as never));
    await this.unary("delete", request);
  }

  stop(): void {
    this.client.close();
    this.child.kill();
  }
}

interface OldsAndNewsRequest {
  setUrn(value: string): unknown;
  setId(value: string): unknown;
  setOlds(value: Struct): unknown;
  setNews(value: Struct): unknown;
}

function withOldsAndNews<R extends OldsAndNewsRequest>(
  request: R,
  urn: string,
  id: string,
  olds: Props,
  news: Props,
): R {
  request.setUrn(urn);
  request.setId(id);
  request.setOlds(Struct.fromJavaScript(olds as never));
  request.setNews(Struct.fromJavaScript(news as never));
  return request;
}
