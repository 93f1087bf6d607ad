/**
 * The plugin's Pulumi schema, from the declarations alone: each resource's attributes (type, doc, default, secret,
 * which replace, which the program must give), the fields its outputs copy (typed and described by the contract,
 * `contract/openapi.yaml`), what it computes, and the lookups. `npm run generate` writes it to `plugin/schema.json`;
 * the lint step fails when the committed file differs.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { Attribute, ValueType } from "../provider/lifecycle/attributes";
import type { Computed, ResourceDeclaration } from "../provider/lifecycle/declaration";
import type { Lookup } from "../provider/lookups";
import { PACKAGE, token } from "./token";

const ROOT = path.resolve(__dirname, "..");

type Json = Record<string, unknown>;

/** A schema object of the contract (OpenAPI 3.0). */
interface OpenApiSchema {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  description?: string;
  enum?: unknown[];
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  allOf?: OpenApiSchema[];
}

const pascal = (name: string) => name[0].toUpperCase() + name.slice(1);
const described = (description: string | undefined) => (description ? { description } : {});

/** A declared value type as a schema type. Enums are strings: the SDKs take any string the API may add. */
export function valueSchema(type: ValueType): Json {
  switch (type.kind) {
    case "integer":
      return { type: "integer" };
    case "number":
      return { type: "number" };
    case "boolean":
      return { type: "boolean" };
    case "array":
      return { type: "array", items: { $ref: "pulumi.json#/Any" } };
    default:
      return { type: "string" };
  }
}

/** The contract's schemas as schema types: objects become `types` of their own, under their contract names. */
class ContractTypes {
  private readonly schemas: Record<string, OpenApiSchema>;
  /** The object types met so far, by name. */
  readonly objects: Record<string, Json> = {};

  constructor() {
    const contract = parse(readFileSync(path.join(ROOT, "contract", "openapi.yaml"), "utf8"));
    this.schemas = contract.components.schemas;
  }

  schema(name: string): OpenApiSchema {
    const found = this.schemas[name];
    if (!found) throw new Error(`schema: the contract has no schema ${name}`);
    return found;
  }

  /** A contract schema as a schema type; `owner` names an inline object. Numbers stay numbers (never integers). */
  type(schema: OpenApiSchema, owner: string): Json {
    if (schema.$ref) {
      const name = schema.$ref.replace("#/components/schemas/", "");
      const target = this.schema(name);
      if (target.type !== "object") return this.type(target, name);
      this.object(name, target);
      return { $ref: `#/types/${token(name)}` };
    }
    if (schema.allOf) return this.type(this.merged(schema.allOf), owner);
    switch (schema.type) {
      case "integer":
      case "number":
        return { type: "number" };
      case "boolean":
        return { type: "boolean" };
      case "string":
        return { type: "string" };
      case "array":
        return { type: "array", items: this.type(schema.items ?? {}, owner) };
      case "object":
        if (!schema.properties) return { $ref: "pulumi.json#/Any" };
        this.object(owner, schema);
        return { $ref: `#/types/${token(owner)}` };
      default:
        return { $ref: "pulumi.json#/Any" };
    }
  }

  /** An object's properties, each typed and described, and those it always has (required and not nullable). */
  properties(schema: OpenApiSchema, owner: string, keys?: readonly string[]): { properties: Json; required: string[] } {
    const properties: Json = {};
    const required: string[] = [];
    for (const key of keys ?? Object.keys(schema.properties ?? {})) {
      const property = schema.properties?.[key];
      if (!property) throw new Error(`schema: the contract's ${owner} has no field ${key}`);
      properties[key] = { ...this.type(property, `${owner}${pascal(key)}`), ...described(this.description(property)) };
      if (schema.required?.includes(key) && !this.nullable(property)) required.push(key);
    }
    return { properties, required };
  }

  /** An `allOf` of objects (a contract type widened with more fields) as the one object it describes. */
  private merged(parts: OpenApiSchema[]): OpenApiSchema {
    const objects = parts.map((part) =>
      part.$ref ? this.schema(part.$ref.replace("#/components/schemas/", "")) : part,
    );
    return {
      type: "object",
      properties: Object.assign({}, ...objects.map((part) => part.properties ?? {})),
      required: objects.flatMap((part) => part.required ?? []),
    };
  }

  private object(name: string, schema: OpenApiSchema): void {
    if (this.objects[name]) return;
    this.objects[name] = {}; // taken before its properties, which may refer to it
    this.objects[name] = { type: "object", ...this.properties(schema, name) };
  }

  private nullable(schema: OpenApiSchema): boolean {
    return (
      schema.nullable === true ||
      (schema.$ref !== undefined && this.nullable(this.schema(schema.$ref.split("/").pop()!)))
    );
  }

  /** Its description, after its format as the wire types print it (`Format: date-time`). */
  private description(schema: OpenApiSchema): string | undefined {
    const lines = [
      ...(schema.format ? [`Format: ${schema.format}`] : []),
      ...(schema.description ? [schema.description.trim()] : []),
    ];
    return lines.length > 0 ? lines.join("\n") : undefined;
  }
}

function resourceSchema(declaration: ResourceDeclaration, types: ContractTypes): Json {
  const attributes = Object.entries(declaration.attributes) as [string, Attribute][];
  const inputProperties: Json = {};
  for (const [key, attribute] of attributes) {
    inputProperties[key] = {
      ...valueSchema(attribute.type),
      description: attribute.doc,
      ...(attribute.default !== undefined ? { default: attribute.default } : {}),
      ...(attribute.secret ? { secret: true } : {}),
      ...(attribute.onChange === "replace" ? { replaceOnChanges: true } : {}),
    };
  }
  const requiredInputs = attributes.filter(([, attribute]) => attribute.required).map(([key]) => key);

  const copies = "copies" in declaration ? (declaration.copies as string[]) : [];
  const copied =
    "wire" in declaration
      ? types.properties(types.schema(declaration.wire as string), declaration.type, copies)
      : { properties: {}, required: [] };
  const computed = Object.entries(declaration.computed ?? {}) as [string, Computed][];
  const secretCopies = ("secretCopies" in declaration && (declaration.secretCopies as string[])) || [];
  const properties: Json = { ...copied.properties };
  for (const key of secretCopies) properties[key] = { ...(properties[key] as Json), secret: true };
  for (const [key, output] of computed) properties[key] = { ...valueSchema(output.type), description: output.doc };
  for (const [key, attribute] of attributes) {
    const { type, doc } = attribute.output ?? attribute;
    properties[key] = { ...valueSchema(type), description: doc, ...(attribute.secret ? { secret: true } : {}) };
  }
  // Copied fields the API always answers are always there; so are computed ones not said to be optional, and inputs
  // the check fills in or requires.
  const alwaysThere = [
    ...copied.required,
    ...computed.filter(([, output]) => !output.optional).map(([key]) => key),
    ...attributes
      .filter(([, attribute]) => attribute.required || attribute.default !== undefined || attribute.autoNamed)
      .map(([key]) => key),
  ];
  return {
    description: declaration.doc,
    inputProperties,
    requiredInputs,
    properties,
    required: Object.keys(properties).filter((key) => alwaysThere.includes(key)),
  };
}

function functionSchema(lookup: Lookup, types: ContractTypes): Json {
  const inputs: Json = {};
  for (const [key, arg] of Object.entries(lookup.args))
    inputs[key] = { ...valueSchema(arg.type), description: arg.doc };
  const { wire, listedAs } = lookup.answers;
  const answer = types.schema(wire);
  const outputs = listedAs
    ? {
        properties: {
          [listedAs]: { type: "array", items: types.type({ $ref: `#/components/schemas/${wire}` }, wire) },
        },
        required: [listedAs],
      }
    : types.properties(answer, `${pascal(lookup.name)}Result`);
  return {
    description: lookup.doc,
    inputs: { type: "object", properties: inputs },
    outputs: { type: "object", ...outputs },
  };
}

const PYTHON_README = `# pulumi_paperspace

Paperspace machines, their networks, shared drives, public IPs and access, startup scripts, snapshots and custom
templates for Pulumi Python programs, served by the \`paperspace\` provider plugin (\`pulumi-resource-paperspace\`).
Install the plugin from its archive, then this package:

    pulumi plugin install resource paperspace <version> --file pulumi-resource-paperspace-v<version>.tar.gz
    pip install ./sdk/python

Set \`paperspace:apiKey\` (secret) and, for another API than Paperspace's, \`paperspace:apiUrl\` in the stack config.
Generated from the plugin's schema by \`npm run generate\`; the project's README describes every resource, and
\`tests/e2e/fixtures/plugin-python\` is a whole program (the golden-image loop).
`;

/**
 * The Node.js SDK's package name: scoped by the project's organization, as the generator names a package of a schema
 * with a namespace, so that it does not take the dynamic package's name, \`pulumi-paperspace\`.
 */
const NODEJS_PACKAGE = "@pulumi-paperspace/paperspace";

/**
 * The Java SDK (com.pulumi:pulumi) the Java SDK is built on: the newest Maven Central serves (it serves 1.20.0, then
 * 1.36.1, none between), newer than the 1.22.0 generator, whose generated code it runs.
 */
const JAVA_SDK_VERSION = "1.36.1";

const NODEJS_README = `# ${NODEJS_PACKAGE}

Paperspace machines, their networks, shared drives, public IPs and access, startup scripts, snapshots and custom
templates for Pulumi TypeScript and JavaScript programs, served by the \`paperspace\` provider plugin
(\`pulumi-resource-paperspace\`). Not the dynamic package \`pulumi-paperspace\`, which runs inside the program and
needs no plugin. Install the plugin from its archive, then this package from its tarball:

    pulumi plugin install resource paperspace <version> --file pulumi-resource-paperspace-v<version>.tar.gz
    npm install ./pulumi-paperspace-paperspace-<version>.tgz

Set \`paperspace:apiKey\` (secret) and, for another API than Paperspace's, \`paperspace:apiUrl\` in the stack config.
Generated from the plugin's schema by \`npm run generate\`; the project's README describes every resource.
`;

/** The schema of the declarations and lookups; `version` is the package's. */
export function pluginSchema(
  declarations: readonly ResourceDeclaration[],
  lookups: readonly Lookup[],
  version: string,
): Json {
  const types = new ContractTypes();
  const sorted = (record: Json) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
  const resources = Object.fromEntries(declarations.map((d) => [token(d.type), resourceSchema(d, types)]));
  const functions = Object.fromEntries(lookups.map((lookup) => [token(lookup.name), functionSchema(lookup, types)]));
  const config = {
    apiKey: {
      type: "string",
      secret: true,
      description: "The Paperspace API key (else PAPERSPACE_API_KEY).",
    },
    apiUrl: {
      type: "string",
      description: "The Paperspace API's address (else PAPERSPACE_API_URL, else https://api.paperspace.com/v1).",
    },
  };
  return {
    name: PACKAGE,
    displayName: "Paperspace",
    version,
    description:
      "Paperspace machines and their environment (private networks, shared drives, public IPs, access), startup " +
      "scripts, snapshots and custom templates, which wait on the API's machine events.",
    // The registry's facets: what the package is about, and a provider of its own (not bridged, not a component).
    keywords: ["pulumi", "paperspace", "category/cloud", "kind/native"],
    publisher: "pulumi-paperspace",
    license: "Apache-2.0",
    repository: "https://github.com/pulumi-paperspace/pulumi-paperspace",
    // Where the engine fetches the plugin when a program needs it: this repository's GitHub releases.
    pluginDownloadURL: "github://api.github.com/pulumi-paperspace/pulumi-paperspace",
    config: { variables: config },
    provider: { inputProperties: config },
    resources: sorted(resources),
    functions: sorted(functions),
    types: sorted(Object.fromEntries(Object.entries(types.objects).map(([name, spec]) => [token(name), spec]))),
    language: {
      go: {
        importBasePath: "github.com/pulumi-paperspace/pulumi-paperspace/sdk/go/paperspace",
        respectSchemaVersion: true,
      },
      nodejs: {
        packageName: NODEJS_PACKAGE,
        packageDescription: "Paperspace resources for Pulumi programs, served by the paperspace provider plugin.",
        respectSchemaVersion: true,
        readme: NODEJS_README,
      },
      // The package com.pulumi.paperspace, as the generator names every provider's. No Gradle files: sdkgen-java
      // writes a pom.xml instead (Maven is what the Java host runs programs with), on this Java SDK.
      java: {
        basePackage: "com.pulumi",
        buildFiles: "none",
        dependencies: { "com.pulumi:pulumi": JAVA_SDK_VERSION },
      },
      python: {
        packageName: "pulumi_paperspace",
        pyproject: { enabled: true },
        respectSchemaVersion: true,
        readme: PYTHON_README,
      },
    },
  };
}
