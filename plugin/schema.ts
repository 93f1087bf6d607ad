/**
 * The plugin's Pulumi schema, derived from what already says what each resource takes: its declaration (which inputs
 * replace, which are secret, which have defaults or are auto-named, which are whole numbers), the types of its runtime
 * inputs and outputs, the doc comments of its public class and arguments (`provider/resources`), and the lookups'
 * signatures. `npm run schema` writes it to `plugin/schema.json`; the lint step checks the committed file matches.
 */
import * as path from "node:path";
import ts from "typescript";
import type { Attribute } from "../provider/runtime/declaration";
import { DECLARATIONS } from "../provider/runtime/declarations";
import { LOOKUP_INVOKES } from "./invokes";

const ROOT = path.resolve(__dirname, "..");
const PACKAGE = "paperspace";
const token = (name: string) => `${PACKAGE}:index:${name}`;

type Json = Record<string, unknown>;

/** The inputs every resource takes that the plugin gives its own way (customTimeouts, `pulumi import`, the URN). */
const NOT_IN_SCHEMA = new Set(["__provider", "adoptId", "timeouts", "autoName"]);

const camel = (type: string) => type[0].toLowerCase() + type.slice(1);
const pascal = (name: string) => name[0].toUpperCase() + name.slice(1);

function docOf(symbol: ts.Symbol | undefined, checker: ts.TypeChecker): string | undefined {
  if (!symbol) return undefined;
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  return text === "" ? undefined : text;
}

/** Reads the TypeScript types the schema is derived from. */
class Types {
  private readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  /** Object types by name: `types` of the schema. */
  readonly objects: Record<string, Json> = {};

  constructor(files: string[]) {
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(ROOT, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    )!;
    this.program = ts.createProgram(files, config.options);
    this.checker = this.program.getTypeChecker();
  }

  private exported(file: string, name: string): ts.Symbol {
    const source = this.program.getSourceFile(file);
    const module = source && this.checker.getSymbolAtLocation(source);
    const symbol = module && this.checker.getExportsOfModule(module).find((s) => s.name === name);
    if (!symbol) throw new Error(`schema: ${path.relative(ROOT, file)} exports no ${name}`);
    return symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
  }

  /** The declared type of an exported interface, type alias or class instance. */
  typeOf(file: string, name: string): ts.Type {
    return this.checker.getDeclaredTypeOfSymbol(this.exported(file, name));
  }

  docOf(file: string, name: string): string | undefined {
    return docOf(this.exported(file, name), this.checker);
  }

  /** The type of an exported function's value, for its signature. */
  valueTypeOf(file: string, name: string): ts.Type {
    const symbol = this.exported(file, name);
    return this.checker.getTypeOfSymbolAtLocation(symbol, symbol.valueDeclaration!);
  }

  property(type: ts.Type, key: string): ts.Symbol | undefined {
    return this.checker.getPropertyOfType(type, key);
  }

  propertyType(symbol: ts.Symbol): ts.Type {
    return this.checker.getTypeOfSymbol(symbol);
  }

  /** A TypeScript type as a schema type; `owner` names an anonymous object type. */
  schemaType(type: ts.Type, owner: string): Json {
    const kinds = type.isUnion() ? type.types : [type];
    const present = kinds.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
    if (present.length === 0) return { $ref: "pulumi.json#/Any" };
    const is = (flags: ts.TypeFlags) => present.every((t) => t.flags & flags);
    if (is(ts.TypeFlags.StringLike)) return { type: "string" };
    if (is(ts.TypeFlags.NumberLike)) return { type: "number" };
    if (is(ts.TypeFlags.BooleanLike)) return { type: "boolean" };
    if (present.length > 1) return { $ref: "pulumi.json#/Any" };
    const [only] = present;
    if (this.checker.isArrayType(only)) {
      const [item] = this.checker.getTypeArguments(only as ts.TypeReference);
      return { type: "array", items: this.schemaType(item, owner) };
    }
    if (only.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return { $ref: "pulumi.json#/Any" };
    const properties = this.checker.getPropertiesOfType(only);
    if (properties.length === 0) return { $ref: "pulumi.json#/Any" };
    const name = this.objectName(only) ?? owner;
    if (!this.objects[name]) {
      this.objects[name] = {}; // taken before its properties, which may refer to it
      const described = this.objectProperties(only, name);
      this.objects[name] = { type: "object", ...described };
    }
    return { $ref: `#/types/${token(name)}` };
  }

  /** The properties of an object type, each with its type and doc comment, and those it always has. */
  objectProperties(type: ts.Type, name: string, keys?: string[]): { properties: Json; required: string[] } {
    const properties: Json = {};
    const required: string[] = [];
    for (const symbol of this.checker.getPropertiesOfType(type)) {
      if (keys ? !keys.includes(symbol.name) : NOT_IN_SCHEMA.has(symbol.name)) continue;
      const description = docOf(symbol, this.checker);
      const propertyType = this.schemaType(this.propertyType(symbol), `${name}${pascal(symbol.name)}`);
      properties[symbol.name] = { ...propertyType, ...(description ? { description } : {}) };
      const type = this.propertyType(symbol);
      const nullable = type.isUnion() && type.types.some((t) => t.flags & ts.TypeFlags.Null);
      if (!(symbol.flags & ts.SymbolFlags.Optional) && !nullable) required.push(symbol.name);
    }
    return { properties, required };
  }

  /** The name a contract schema has (`components["schemas"]["AvailableMachineType"]`), or an alias's name. */
  private objectName(type: ts.Type): string | undefined {
    if (type.aliasSymbol) return type.aliasSymbol.name;
    const declaration = type.getSymbol()?.declarations?.[0];
    const parent = declaration?.parent;
    if (parent && ts.isPropertySignature(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    return undefined;
  }
}

const PYTHON_README = `# pulumi_paperspace

Paperspace machines, startup scripts, snapshots and custom templates for Pulumi Python programs, served by the
\`paperspace\` provider plugin (\`pulumi-resource-paperspace\`). Install the plugin from its archive, then this package:

    pulumi plugin install resource paperspace <version> --file pulumi-resource-paperspace-v<version>.tar.gz
    pip install ./sdk/python

Set \`paperspace:apiKey\` (secret) and, for another API than Paperspace's, \`paperspace:apiUrl\` in the stack config.
Generated from the plugin's schema by \`npm run sdk\`; the project's README describes every resource, and
\`tests/e2e/fixtures/plugin-python\` is a whole program (the golden-image loop).
`;

/** The schema, from the declarations and the types; `version` is the package's. */
export function pluginSchema(version: string): Json {
  const runtime = (type: string) => path.join(ROOT, "provider", "runtime", `${camel(type)}.ts`);
  const publicClass = (type: string) => path.join(ROOT, "provider", "resources", `${camel(type)}.ts`);
  const lookupsFile = path.join(ROOT, "provider", "runtime", "lookups.ts");
  const types = new Types([...DECLARATIONS.flatMap(({ type }) => [runtime(type), publicClass(type)]), lookupsFile]);

  const resources: Json = {};
  for (const declaration of DECLARATIONS) {
    const { type } = declaration;
    const inputsType = types.typeOf(runtime(type), `${type}Inputs`);
    const outputsType = types.typeOf(runtime(type), `${type}Outputs`);
    const argsType = types.typeOf(publicClass(type), `${type}Args`);
    const attributes = Object.entries(declaration.inputs) as [string, Attribute][];
    const declaredCopies = attributes.flatMap(([, attribute]) => (attribute.declaredAs ? [attribute.declaredAs] : []));

    const inputProperties: Json = {};
    const requiredInputs: string[] = [];
    for (const [key, attribute] of attributes) {
      const symbol = types.property(inputsType, key)!;
      const described = types.schemaType(types.propertyType(symbol), `${type}${pascal(key)}`);
      const description = docOf(types.property(argsType, key), types.checker);
      inputProperties[key] = {
        ...(attribute.integer ? { type: "integer" } : described),
        ...(description ? { description } : {}),
        ...(attribute.default !== undefined ? { default: attribute.default } : {}),
        ...(attribute.secret ? { secret: true } : {}),
        ...(attribute.change === "replace" ? { replaceOnChanges: true } : {}),
      };
      const optional = symbol.flags & ts.SymbolFlags.Optional;
      if (!optional && attribute.default === undefined && !attribute.autoNamed && !attribute.computed) {
        requiredInputs.push(key);
      }
    }
    const outputKeys = types.checker
      .getPropertiesOfType(outputsType)
      .map((symbol) => symbol.name)
      .filter((key) => !NOT_IN_SCHEMA.has(key) && !declaredCopies.includes(key));
    const outputs = types.objectProperties(outputsType, type, outputKeys);
    for (const key of Object.keys(inputProperties)) {
      outputs.properties[key] = { ...(inputProperties[key] as Json) };
      delete (outputs.properties[key] as Json).default;
      delete (outputs.properties[key] as Json).replaceOnChanges;
    }
    // Computed outputs the API always answers are always there; so are inputs the check fills in or requires.
    const alwaysThere = (key: string) => {
      const attribute = declaration.inputs[key as keyof typeof declaration.inputs] as Attribute | undefined;
      if (!attribute) return outputs.required.includes(key);
      return requiredInputs.includes(key) || attribute.default !== undefined || attribute.autoNamed === true;
    };
    resources[token(type)] = {
      description: types.docOf(publicClass(type), type),
      inputProperties,
      requiredInputs,
      properties: outputs.properties,
      required: Object.keys(outputs.properties).filter(alwaysThere),
    };
  }

  const functions: Json = {};
  for (const lookup of LOOKUP_INVOKES) {
    const [signature] = types.valueTypeOf(lookupsFile, lookup.name).getCallSignatures();
    const [, argsParameter] = signature.getParameters();
    const argsType = types.propertyType(argsParameter);
    const members = argsType.isUnion() ? argsType.types : [argsType];
    const inputs: Json = {};
    for (const member of members) {
      Object.assign(inputs, types.objectProperties(member, `${pascal(lookup.name)}Args`).properties);
    }
    const answer = types.checker.getAwaitedType(signature.getReturnType())!;
    const outputs = lookup.listedAs
      ? {
          properties: { [lookup.listedAs]: types.schemaType(answer, `${pascal(lookup.name)}Item`) },
          required: [lookup.listedAs],
        }
      : types.objectProperties(answer, `${pascal(lookup.name)}Result`);
    functions[token(lookup.name)] = {
      description: docOf(types.valueTypeOf(lookupsFile, lookup.name).getSymbol(), types.checker),
      inputs: { type: "object", properties: inputs },
      outputs: { type: "object", ...outputs },
    };
  }

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
  const sorted = (record: Json) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
  return {
    name: PACKAGE,
    displayName: "Paperspace",
    version,
    description:
      "Paperspace machines, startup scripts, snapshots and custom templates, which wait on the API's machine events.",
    keywords: ["pulumi", "paperspace", "category/cloud"],
    license: "Apache-2.0",
    repository: "https://github.com/pulumi-paperspace/pulumi-paperspace",
    config: { variables: config },
    provider: { inputProperties: config },
    resources,
    functions,
    types: sorted(Object.fromEntries(Object.entries(types.objects).map(([name, spec]) => [token(name), spec]))),
    language: {
      go: {
        importBasePath: "github.com/pulumi-paperspace/pulumi-paperspace/sdk/go/paperspace",
        respectSchemaVersion: true,
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
