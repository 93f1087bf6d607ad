import { setTimeout as sleep } from "node:timers/promises";
import Ajv from "ajv";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Team } from "./collection";
import { type Operation, loadOperations, otherPaths } from "./contract";
import { registerControlRoutes } from "./control";
import { EmulatorError, apiError } from "./errors";
import type { FaultEffect } from "./faults";
import type { Handlers, RequestContext } from "./handler";
import type { Kind } from "./kind";
import { KINDS } from "./kinds";
import type { EmulatorState } from "./state";
import { onTheWire } from "./wire";

/** Where the API lives on the server; the control API lives at `/_emulator`. */
export const API_PREFIX = "/v1";

const kinds: readonly Kind<never>[] = KINDS;

type RoutesOf<K> = K extends { routes: infer Routes } ? Routes : never;
/** `A | B` as `A & B`: the kinds' routes together. */
type AllOf<U> = (U extends unknown ? (all: U) => void : never) extends (all: infer All) => void ? All : never;

/**
 * Every operation of the contract, by operationId, from the kinds' routes: the compiler checks that none is missing,
 * and that the state has what each kind's handlers use.
 */
export const HANDLERS: Handlers<EmulatorState> = Object.assign({}, ...kinds.map((kind) => kind.routes)) as AllOf<
  RoutesOf<(typeof KINDS)[number]>
>;
/** Routes validate each request against its operation's schemas first, so a handler gets the shapes it is typed for. */
const handlerOf = (operationId: string) =>
  (
    HANDLERS as unknown as Record<
      string,
      ((context: RequestContext<unknown, Record<string, unknown>, EmulatorState>) => unknown) | undefined
    >
  )[operationId];

/** The kinds' rewrites of their objects in the live wire form. */
const LIVE_FORMS = kinds.flatMap((kind) => kind.liveForm ?? []);

declare module "fastify" {
  interface FastifyRequest {
    team: Team | null;
    fault: FaultEffect | null;
  }
}

export function buildServer(state: EmulatorState): FastifyInstance {
  // Long ids reach their route (and its 404) rather than the router's own error page.
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    exposeHeadRoutes: false,
    routerOptions: { maxParamLength: 10_000 },
  });
  useContractValidation(app);
  acceptEmptyJsonBodies(app, state);
  app.decorateRequest("team", null);
  app.decorateRequest("fault", null);

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const wire = toEmulatorError(error);
    return reply.status(wire.status).headers(wire.headers).send(wire.toEnvelope());
  });
  // A route of the real API that the emulator does not serve is 501, never the 404 a client reads as "gone".
  const unserved = otherPaths();
  app.setNotFoundHandler((request, reply) => {
    const route = `${request.method} ${request.url.split("?")[0]}`;
    const path = request.url.split("?")[0];
    const wire =
      path.startsWith(`${API_PREFIX}/`) && unserved.some((pattern) => pattern.test(path.slice(API_PREFIX.length)))
        ? apiError.notImplemented(`Route ${route} is a route of the real API that the emulator does not serve`)
        : apiError.notFound(`Route ${route}`);
    return reply.status(wire.status).send(wire.toEnvelope());
  });

  app.addHook("onResponse", async (request, reply) => {
    if (isApiRequest(request)) logRequest(state, request, reply.statusCode, reply.elapsedTime);
  });

  for (const operation of loadOperations()) {
    const handler = handlerOf(operation.operationId);
    if (!handler) throw new Error(`no handler for the contract's operation ${operation.operationId}`);
    app.route({
      method: operation.method,
      url: API_PREFIX + operation.routePath,
      schema: operation.schema,
      onRequest: async (request, reply) => admit(state, operation, request, reply),
      preSerialization: async (_request, _reply, payload) => onTheWire(payload, state.wireForm, LIVE_FORMS),
      handler: async (request, reply) => {
        state.events.advance();
        const result = await handler({
          state,
          team: request.team as Team,
          params: request.params as Record<string, string>,
          query: request.query as Record<string, unknown>,
          body: request.body,
          eventOutcome: request.fault && "event" in request.fault ? request.fault.event : "done",
          noCapacity: request.fault !== null && "noCapacity" in request.fault,
        });
        // The API acted; its answer is slow to come back (a client that dies meanwhile never learns of it).
        if (request.fault && "answerDelayMs" in request.fault) await sleep(request.fault.answerDelayMs);
        if (request.fault && "drop" in request.fault) {
          // The API acted; the answer is lost on the way.
          drop(state, request, reply);
          return reply;
        }
        return result;
      },
    });
  }

  registerControlRoutes(app, state);
  return app;
}

/**
 * Before a request reaches its operation: the key (401), the rate limit (429), then any fault rule that fires.
 * Faults that act now (status, Retry-After, delay, drop before) do so here; the others ride on the request.
 */
async function admit(state: EmulatorState, operation: Operation, request: FastifyRequest, reply: FastifyReply) {
  const key = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "")?.[1];
  const team = key ? state.store.teamForKey(key) : undefined;
  if (!team && (key || !operation.authOptional)) throw apiError.unauthorized();
  request.team = team ?? null;

  const wait = key && state.rateLimiter ? state.rateLimiter.take(key) : 0;
  if (wait > 0) throw apiError.tooManyRequests(wait);

  const fault = state.faults.match(request.method, apiPath(request));
  if (!fault) return;
  request.fault = fault;
  if ("status" in fault) throw apiError.withStatus(fault.status, "Injected fault");
  if ("retryAfter" in fault) throw apiError.tooManyRequests(fault.retryAfter);
  if ("delayMs" in fault) await sleep(fault.delayMs);
  if ("drop" in fault && fault.drop === "before") drop(state, request, reply);
}

/** Closes the connection without an answer, and logs it with status 0. */
function drop(state: EmulatorState, request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  request.raw.socket.destroy();
  logRequest(state, request, 0, reply.elapsedTime);
}

function describeFault(fault: FaultEffect | null): string | undefined {
  if (!fault) return undefined;
  const [[key, value]] = Object.entries(fault);
  return `${key}:${value}`;
}

function apiPath(request: FastifyRequest): string {
  return request.url.slice(API_PREFIX.length).split("?")[0];
}

function logRequest(state: EmulatorState, request: FastifyRequest, status: number, durationMs: number): void {
  const [path, query = ""] = request.url.slice(API_PREFIX.length).split("?");
  const fault = describeFault(request.fault);
  state.log({ method: request.method, path, query, status, durationMs, ...(fault ? { fault } : {}) });
}

function isApiRequest(request: FastifyRequest): boolean {
  return (
    request.url === API_PREFIX || request.url.startsWith(`${API_PREFIX}/`) || request.url.startsWith(`${API_PREFIX}?`)
  );
}

/**
 * Requests are checked against the contract's schemas: query strings and path parameters are coerced from
 * text as HTTP requires, bodies are not (a `"true"` string is not a boolean, as the real API says too).
 */
function useContractValidation(app: FastifyInstance): void {
  // `strict: false`: the contract's schemas carry OpenAPI annotations (example, x-notes) that are not JSON Schema.
  const common = { strict: false, allErrors: false, validateFormats: false } as const;
  const bodies = new Ajv({ ...common, coerceTypes: false });
  const parameters = new Ajv({ ...common, coerceTypes: true, useDefaults: true });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === "body" ? bodies.compile(schema) : parameters.compile(schema),
  );
}

/**
 * Some clients send a content type with no body (on DELETE, or PATCH start/stop). That is no body, not a malformed
 * one: operations that need a body still refuse it through their schema; under the `bodyless-patch-refused` quirk a
 * PATCH with one is refused, as the live API appears to. A body that is not JSON is refused.
 */
function acceptEmptyJsonBodies(app: FastifyInstance, state: EmulatorState): void {
  const parseJson = app.getDefaultJsonParser("error", "ignore");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    if (body.length > 0) return parseJson(request, body.toString(), done);
    if (request.method === "PATCH" && state.quirks.has("bodyless-patch-refused")) {
      return done(apiError.parse("Body cannot be empty when content-type is set to 'application/json'"));
    }
    return done(null, undefined);
  });
  app.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) =>
    body.length === 0
      ? done(null, undefined)
      : done(apiError.badRequest("The request body must be JSON (Content-Type: application/json)")),
  );
}

function toEmulatorError(error: FastifyError): EmulatorError {
  if (error instanceof EmulatorError) return error;
  if (error.validation && error.validation.length > 0) {
    const [first] = error.validation;
    const missing = (first.params as { missingProperty?: string }).missingProperty;
    const field = missing ?? first.instancePath.replace(/^\//, "").replace(/\//g, ".");
    const where = error.validationContext ?? "request";
    const subject = field ? `${where}.${field}` : where;
    const problem = missing ? "is required" : (first.message ?? "is invalid");
    return apiError.badRequest(`${subject} ${problem}`, field || undefined);
  }
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return apiError.parse(error.message);
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return apiError.payloadTooLarge("Request body is too large");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return apiError.badRequest(error.message);
  }
  if (error instanceof SyntaxError || error.statusCode === 400) return apiError.parse(error.message);
  return apiError.internal(error.message);
}
