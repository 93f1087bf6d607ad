import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "yaml";

/** One operation of `contract/openapi.yaml`, with the JSON schemas its requests are validated against. */
export interface Operation {
  operationId: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The contract's path, e.g. `/startup-scripts/{id}`. */
  path: string;
  /** The same path in the router's syntax, e.g. `/startup-scripts/:id`. */
  routePath: string;
  /** True where the contract lets a request go without a key (`security` lists `{}`). */
  authOptional: boolean;
  schema: { params?: JsonSchema; querystring?: JsonSchema; body?: JsonSchema };
}

type JsonSchema = Record<string, unknown>;

interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema: JsonSchema;
}

interface OpenApiOperation {
  operationId: string;
  security?: Record<string, unknown>[];
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** The contract ships with the package, beside `dist/`; found by walking up from this file. */
export function contractPath(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, "contract", "openapi.yaml");
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`contract/openapi.yaml not found above ${__dirname}`);
}

/** The contract as parsed, read once per file: every server the process builds shares it. */
const documents = new Map<string, Record<string, unknown>>();
function contractDocument(file: string): Record<string, unknown> {
  let document = documents.get(file);
  if (!document) documents.set(file, (document = parse(readFileSync(file, "utf8")) as Record<string, unknown>));
  return document;
}

export function loadOperations(file = contractPath()): Operation[] {
  const document = contractDocument(file);
  const resolve = (value: unknown): unknown => dereference(document, value);
  const operations: Operation[] = [];
  const paths = document.paths as Record<string, Record<string, unknown>>;
  for (const [path, item] of Object.entries(paths)) {
    const shared = (item.parameters as OpenApiParameter[] | undefined) ?? [];
    for (const method of METHODS) {
      const raw = item[method];
      if (!raw) continue;
      const op = resolve(raw) as OpenApiOperation;
      const parameters = [...(resolve(shared) as OpenApiParameter[]), ...(op.parameters ?? [])];
      const body = op.requestBody?.content["application/json"]?.schema;
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase() as Operation["method"],
        path,
        routePath: path.replace(/\{(\w+)\}/g, ":$1"),
        authOptional: (op.security ?? []).some((requirement) => Object.keys(requirement).length === 0),
        schema: definedOnly({
          params: objectSchema(parameters.filter((p) => p.in === "path")),
          querystring: objectSchema(parameters.filter((p) => p.in === "query")),
          body: body ? withRequired(body, op.requestBody?.required ?? false) : undefined,
        }),
      });
    }
  }
  return operations;
}

/** The real API's paths outside the contract's subset (`x-other-paths`), each as a pattern a request path matches. */
export function otherPaths(file = contractPath()): RegExp[] {
  const other = contractDocument(file)["x-other-paths"] as { paths: string[] } | undefined;
  return (other?.paths ?? []).map((path) => new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}/?$`));
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function objectSchema(parameters: OpenApiParameter[]): JsonSchema | undefined {
  if (parameters.length === 0) return undefined;
  return {
    type: "object",
    properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema])),
    required: parameters.filter((p) => p.required).map((p) => p.name),
  };
}

/** A required body must be present; an optional one may be absent. */
function withRequired(schema: JsonSchema, required: boolean): JsonSchema {
  return required ? schema : { anyOf: [schema, { type: "null" }] };
}

/** Inlines local `$ref`s (the contract has no recursive schemas). */
function dereference(document: Record<string, unknown>, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => dereference(document, v));
  if (!value || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  if (typeof object.$ref === "string") {
    const target = object.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);
    return dereference(document, target);
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, dereference(document, v)]));
}
