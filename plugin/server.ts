/**
 * The provider plugin's gRPC service: the engine's ResourceProvider calls, each answered by the same lifecycle and
 * declarations the dynamic providers run (`provider/lifecycle`, `provider/resources`). What is particular to a plugin
 * is only here: resource tokens (`paperspace:index:<Type>`), provider config through Configure, the engine's
 * `customTimeouts`, `pulumi import` (a read with no old state), auto-names drawn from the URN, and the lookups as
 * invokes.
 */
import * as grpc from "@grpc/grpc-js";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import type { ProviderContext } from "../provider/context";
import type { Attribute } from "../provider/lifecycle/attributes";
import { stackAutoName } from "../provider/lifecycle/autoName";
import { type ResourceDeclaration, isAction } from "../provider/lifecycle/declaration";
import { PartialCreateError } from "../provider/lifecycle/errors";
import { type Lifecycle, lifecycle } from "../provider/lifecycle/lifecycle";
import type { TimedOperation } from "../provider/lifecycle/timeouts";
import { DECLARATIONS } from "../provider/resources/declarations.generated";
import { invoke } from "./invokes";
import { PACKAGE, token } from "./token";

type Props = Record<string, unknown>;

/** What the service needs besides the declarations: the process's context, the schema text, the plugin's version. */
export interface PluginOptions {
  context: ProviderContext;
  schema: string;
  version: string;
}

/** A resource type as the plugin serves it. */
interface Served {
  declaration: ResourceDeclaration;
  lifecycle: Lifecycle;
  /** The input that takes an auto-name when the program gives none (`name`), if any. */
  autoNamed?: string;
}

/** The parts of a URN: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. */
export function parseUrn(urn: string): { stack: string; project: string; type: string; name: string } {
  const [head, project, qualifiedType, ...rest] = urn.split("::");
  const stack = head.slice(head.lastIndexOf(":") + 1);
  const type = qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1);
  return { stack, project, type, name: rest.join("::") };
}

/** The signature key and value of a secret the engine sends wrapped (as in Configure, before it knows we take none). */
const SIGNATURE = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value === null || typeof value !== "object") return value;
  const record = value as Props;
  if (record[SIGNATURE] === SECRET) return unwrapSecrets(record.value);
  return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, unwrapSecrets(inner)]));
}

/**
 * Values as plain JSON. The plugin takes no secrets, so the engine sends them unwrapped and keeps secret what it sent
 * secret (and what the schema marks secret); a secret wrapped all the same is unwrapped here.
 */
function plain(struct: structproto.Struct | undefined): Props {
  return unwrapSecrets(struct?.toJavaScript() ?? {}) as Props;
}

function struct(value: Props): structproto.Struct {
  return structproto.Struct.fromJavaScript(value as Record<string, structproto.JavaScriptValue>);
}

/** The engine's timeout for an operation (seconds, 0 when none was given), as the lifecycle's `timeouts` input. */
function withTimeout(inputs: Props, operation: TimedOperation, seconds: number): Props {
  return seconds > 0 ? { ...inputs, timeouts: { [operation]: `${seconds}s` } } : inputs;
}

/** The engine's timeouts are per operation, never inputs: nothing of them is stored. */
function withoutTimeouts(outputs: Props): Props {
  const { timeouts: _timeouts, ...rest } = outputs;
  return rest;
}

/** A failed call as the engine reads it: a partial create carries what was made, so that it is recorded. */
function failure(error: unknown): grpc.ServiceError {
  const message = error instanceof Error ? error.message : String(error);
  const metadata = new grpc.Metadata();
  if (error instanceof PartialCreateError && error.id !== undefined) {
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(error.id);
    detail.setProperties(struct(withoutTimeouts(error.properties ?? {})));
    detail.setReasonsList(error.reasons);
    const details = new anyproto.Any();
    details.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(details);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message, metadata });
}

type Handler<Req, Res> = grpc.handleUnaryCall<Req, Res>;

/** A unary call answered by an async function; a throw becomes the call's error. */
function unary<Req, Res>(answer: (request: Req) => Promise<Res>): Handler<Req, Res> {
  return (call, callback) => {
    answer(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => callback(failure(error), null),
    );
  };
}

export function providerService(options: PluginOptions): grpc.UntypedServiceImplementation {
  const { context, schema, version } = options;
  const served = new Map<string, Served>(
    DECLARATIONS.map((declaration) => {
      const attributes = Object.entries(declaration.attributes) as [string, Attribute][];
      return [
        token(declaration.type),
        {
          declaration,
          lifecycle: lifecycle(declaration, context),
          autoNamed: attributes.find(([, attribute]) => attribute.autoNamed)?.[0],
        },
      ];
    }),
  );

  const resourceOf = (urn: string): Served & { urn: ReturnType<typeof parseUrn> } => {
    const parts = parseUrn(urn);
    const found = served.get(parts.type);
    if (!found) {
      throw new Error(
        `The paperspace plugin has no resource type "${parts.type}" (known: ${[...served.keys()].join(", ")}).`,
      );
    }
    return { ...found, urn: parts };
  };

  const implementation: Record<string, Handler<never, unknown>> = {
    getPluginInfo: unary(async () => new plugproto.PluginInfo().setVersion(version)),

    getSchema: unary(async (request: provproto.GetSchemaRequest) => {
      if (request.getVersion() !== 0) throw new Error(`unsupported schema version ${request.getVersion()}`);
      return new provproto.GetSchemaResponse().setSchema(schema);
    }),

    checkConfig: unary(async (request: provproto.CheckRequest) => {
      const news = plain(request.getNews());
      const failures: provproto.CheckFailure[] = [];
      for (const key of ["apiKey", "apiUrl"]) {
        const value = news[key];
        if (value !== undefined && typeof value !== "string") {
          failures.push(new provproto.CheckFailure().setProperty(key).setReason("must be a string"));
        }
      }
      if (typeof news.apiUrl === "string" && !URL.canParse(news.apiUrl)) {
        failures.push(
          new provproto.CheckFailure().setProperty("apiUrl").setReason(`must be a URL, got "${news.apiUrl}"`),
        );
      }
      return new provproto.CheckResponse().setInputs(request.getNews()).setFailuresList(failures);
    }),

    // The API's address and key say where and as whom requests go, not what the resources are: nothing replaces.
    diffConfig: unary(async (request: provproto.DiffRequest) => {
      const olds = plain(request.getOlds());
      const news = plain(request.getNews());
      const changed = ["apiKey", "apiUrl"].filter((key) => olds[key] !== news[key]);
      return new provproto.DiffResponse()
        .setChanges(
          changed.length > 0
            ? provproto.DiffResponse.DiffChanges.DIFF_SOME
            : provproto.DiffResponse.DiffChanges.DIFF_NONE,
        )
        .setDiffsList(changed);
    }),

    configure: unary(async (request: provproto.ConfigureRequest) => {
      const args = request.hasArgs() ? plain(request.getArgs()) : undefined;
      const variables = request.getVariablesMap();
      // `paperspace:apiKey` is `apiKey` in the args and `paperspace:config:apiKey` among the variables.
      context.configure((key) => {
        const name = key.slice(key.indexOf(":") + 1);
        const value = args ? args[name] : variables.get(`${PACKAGE}:config:${name}`);
        return typeof value === "string" ? value : undefined;
      });
      return new provproto.ConfigureResponse()
        .setAcceptsecrets(false)
        .setAcceptresources(false)
        .setSupportspreview(false);
    }),

    check: unary(async (request: provproto.CheckRequest) => {
      const resource = resourceOf(request.getUrn());
      const news = plain(request.getNews());
      const olds = plain(request.getOlds());
      // The dynamic resources' classes draw the auto-name in the program; here the URN says all it is drawn from.
      const inputs =
        resource.autoNamed && news[resource.autoNamed] === undefined && news.autoName === undefined
          ? { ...news, autoName: stackAutoName({ ...resource.urn, type: resource.declaration.type }) }
          : news;
      const result = await resource.lifecycle.check(olds, inputs);
      const response = new provproto.CheckResponse();
      if (result.inputs) response.setInputs(struct(result.inputs));
      response.setFailuresList(
        (result.failures ?? []).map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)),
      );
      return response;
    }),

    diff: unary(async (request: provproto.DiffRequest) => {
      const resource = resourceOf(request.getUrn());
      const olds = plain(request.getOlds());
      const news = plain(request.getNews());
      const result = await resource.lifecycle.diff(request.getId(), olds, news);
      // As for the dynamic resources, the engine shows which inputs changed by comparing them itself.
      return new provproto.DiffResponse()
        .setChanges(
          result.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE,
        )
        .setReplacesList(result.replaces ?? [])
        .setDeletebeforereplace(result.deleteBeforeReplace ?? false);
    }),

    create: unary(async (request: provproto.CreateRequest) => {
      const resource = resourceOf(request.getUrn());
      const inputs = plain(request.getProperties());
      const result = await resource.lifecycle.create(withTimeout(inputs, "create", request.getTimeout()));
      return new provproto.CreateResponse().setId(result.id).setProperties(struct(withoutTimeouts(result.outs ?? {})));
    }),

    read: unary(async (request: provproto.ReadRequest) => {
      const resource = resourceOf(request.getUrn());
      // `pulumi import` reads with no old state: the id alone says which object.
      const properties = { ...plain(request.getInputs()), ...plain(request.getProperties()) };
      if (isAction(resource.declaration) && Object.keys(properties).length === 0) {
        throw new Error(
          `A ${resource.declaration.noun} is a past action, not an object: there is nothing to import. ` +
            "Declare it, and `pulumi up` performs it.",
        );
      }
      const result = await resource.lifecycle.read(request.getId(), properties);
      const response = new provproto.ReadResponse();
      if (!result.id) return response; // gone
      // A past action reads nothing back: its inputs stay what they were.
      const read = withoutTimeouts(result.inputs ?? plain(request.getInputs()));
      // A setting the API shows as null is one the object does not have: as an input, it is left out.
      const inputs = Object.fromEntries(Object.entries(read).filter(([, value]) => value !== null));
      return response
        .setId(result.id)
        .setProperties(struct(withoutTimeouts(result.props ?? {})))
        .setInputs(struct(inputs));
    }),

    update: unary(async (request: provproto.UpdateRequest) => {
      const resource = resourceOf(request.getUrn());
      const olds = plain(request.getOlds());
      const news = withTimeout(plain(request.getNews()), "update", request.getTimeout());
      const result = await resource.lifecycle.update(request.getId(), olds, news);
      return new provproto.UpdateResponse().setProperties(struct(withoutTimeouts(result.outs ?? {})));
    }),

    delete: unary(async (request: provproto.DeleteRequest) => {
      const resource = resourceOf(request.getUrn());
      const properties = withTimeout(plain(request.getProperties()), "delete", request.getTimeout());
      await resource.lifecycle.delete(request.getId(), properties);
      return new emptyproto.Empty();
    }),

    invoke: unary(async (request: provproto.InvokeRequest) => {
      const result = await invoke(request.getTok(), context.client(), plain(request.getArgs()));
      return new provproto.InvokeResponse().setReturn(struct(result));
    }),

    cancel: unary(async () => new emptyproto.Empty()),
    attach: unary(async () => new emptyproto.Empty()),
  };

  return implementation as grpc.UntypedServiceImplementation;
}

/** Serves the plugin on a free port of the loopback. */
export async function serve(options: PluginOptions): Promise<{ port: number; server: grpc.Server }> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(provrpc.ResourceProviderService, providerService(options));
  return new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve({ port, server }),
    ),
  );
}
