import Ajv from "ajv";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from "fastify";
import { loadOperations } from "./contract";
import { registerControlRoutes } from "./control";
import { EmulatorError, apiError } from "./errors";
import type { Handlers } from "./handler";
import { startupScriptHandlers } from "./routes/startupScripts";
import type { EmulatorState } from "./state";
import type { Team } from "./store";

/** Where the API lives on the server; the control API lives at `/_emulator`. */
export const API_PREFIX = "/v1";

const handlers: Handlers = { ...startupScriptHandlers };

declare module "fastify" {
  interface FastifyRequest {
    team: Team | null;
  }
}

export function buildServer(state: EmulatorState): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, exposeHeadRoutes: false });
  useContractValidation(app);
  acceptEmptyJsonBodies(app);
  app.decorateRequest("team", null);

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const wire = toEmulatorError(error);
    return reply.status(wire.status).send(wire.toEnvelope());
  });
  app.setNotFoundHandler((request, reply) => {
    const wire = apiError.notFound(`Route ${request.method} ${request.url.split("?")[0]}`);
    return reply.status(wire.status).send(wire.toEnvelope());
  });

  app.addHook("onResponse", async (request, reply) => {
    if (!isApiRequest(request)) return;
    const [path, query = ""] = request.url.slice(API_PREFIX.length).split("?");
    state.log({ method: request.method, path, query, status: reply.statusCode, durationMs: reply.elapsedTime });
  });

  for (const operation of loadOperations()) {
    const handler = handlers[operation.operationId];
    if (!handler) continue;
    app.route({
      method: operation.method,
      url: API_PREFIX + operation.routePath,
      schema: operation.schema,
      onRequest: async (request) => {
        request.team = authenticate(state, request);
      },
      handler: async (request) =>
        handler({
          state,
          team: request.team as Team,
          params: request.params as Record<string, string>,
          query: request.query as Record<string, unknown>,
          body: request.body,
        }),
    });
  }

  registerControlRoutes(app, state);
  return app;
}

function isApiRequest(request: FastifyRequest): boolean {
  return (
    request.url === API_PREFIX || request.url.startsWith(`${API_PREFIX}/`) || request.url.startsWith(`${API_PREFIX}?`)
  );
}

function authenticate(state: EmulatorState, request: FastifyRequest): Team {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "");
  const team = match ? state.store.teamForKey(match[1]) : undefined;
  if (!team) throw apiError.unauthorized();
  return team;
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
 * Some clients send `Content-Type: application/json` with no body (on DELETE, or PATCH start/stop). That is no
 * body, not malformed JSON: operations that need a body still refuse it through their schema.
 */
function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser("error", "ignore");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) =>
    body.length === 0 ? done(null, undefined) : parseJson(request, body.toString(), done),
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
