/**
 * Example programs, each written once as data and written out in every language the docs show: TypeScript, Python, Go,
 * Java and YAML. A declaration's example (with what it refers to) and a lookup's are such programs, so the languages cannot
 * drift apart, and the TypeScript classes' `@example` is the same code.
 */
import { type ExampleValue, type ResourceDeclaration, expandExample } from "../../provider/lifecycle/declaration";
import type { Lookup } from "../../provider/lookups";
import { stringify } from "yaml";
import { token } from "../../plugin/token";

/** The parts of the plugin's schema (plugin/buildSchema.ts) that the examples and the docs read. */
export interface SchemaProperty {
  type?: string;
  $ref?: string;
  items?: SchemaProperty;
  description?: string;
  default?: unknown;
  secret?: boolean;
  replaceOnChanges?: boolean;
}

export interface SchemaObject {
  properties: Record<string, SchemaProperty>;
  required?: string[];
}

export interface SchemaResource extends SchemaObject {
  description: string;
  inputProperties: Record<string, SchemaProperty>;
  requiredInputs: string[];
}

export interface SchemaFunction {
  description: string;
  inputs: SchemaObject;
  outputs: SchemaObject;
}

export interface PackageSchema {
  name: string;
  displayName: string;
  version: string;
  description: string;
  repository: string;
  pluginDownloadURL: string;
  config: { variables: Record<string, SchemaProperty> };
  resources: Record<string, SchemaResource>;
  functions: Record<string, SchemaFunction>;
  types: Record<string, SchemaObject>;
  language: {
    go: { importBasePath: string };
    java: { basePackage: string; dependencies: Record<string, string> };
    nodejs: { packageName: string };
    python: { packageName: string };
  };
}

/** The ids an example gives for a machine of the team and for a member of the team. */
const EXAMPLE_MACHINE_ID = "psm9u09bwu5i";
const EXAMPLE_USER_ID = "u4x8k2m1q";

/** What an earlier statement of the program answers, by its name: `id`, or `templates[0].id`. */
export interface Reference {
  of: string;
  path: (string | number)[];
}

/** The value of an argument: as it is, or a reference. */
export type Value = string | number | boolean | Value[] | Reference;

/** A resource the program declares, or a function it calls; `name` is the resource's, and the answer's variable. */
export type Statement =
  | { resource: string; name: string; args: Record<string, Value> }
  | { invoke: string; name: string; args: Record<string, Value> };

/** A whole program: its statements in order, and its stack outputs. */
export interface Program {
  statements: Statement[];
  exports: Record<string, Reference>;
}

const camel = (name: string) => name.replace(/-(\w)/g, (_match, letter: string) => letter.toUpperCase());
const pascal = (name: string) => name[0].toUpperCase() + name.slice(1);

/** A schema name as the Python SDK spells it: `diskSize` is `disk_size`, `scriptSha256` is `script_sha256`. */
export const pythonName = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** A schema name as the Go SDK spells it: `diskSize` is `DiskSize`. */
export const goName = pascal;

/**
 * A function's name in the Go SDK: `getOsTemplates` is `GetOsTemplates`, but `getMachine` is `LookupMachine`, since
 * `GetMachine` reads a `Machine` resource's state there (Pulumi's Go generator renames a function that collides).
 */
export function goFunctionName(schema: PackageSchema, name: string): string {
  const named = goName(name);
  const resource = named.startsWith("Get") ? named.slice("Get".length) : "";
  return resource && schema.resources[token(resource)] ? `Lookup${resource}` : named;
}

const isReference = (value: Value): value is Reference => typeof value === "object" && !Array.isArray(value);

/** A value of an expanded example, where `idOf` names an earlier resource of the program. */
function fromExample(value: ExampleValue): Value {
  if (Array.isArray(value)) return value.map((item) => fromExample(item as ExampleValue));
  if (typeof value !== "object") return value;
  if ("idOf" in value) return { of: value.idOf, path: ["id"] };
  if ("teamMember" in value) return EXAMPLE_USER_ID;
  return EXAMPLE_MACHINE_ID;
}

const mapArgs = <V, W>(args: Record<string, V>, each: (value: V) => W): Record<string, W> =>
  Object.fromEntries(Object.entries(args).map(([key, value]) => [key, each(value)]));

/** A declaration's example, after what it refers to; it exports the id of the resource it is the example of. */
export function resourceProgram(declarations: readonly ResourceDeclaration[], type: string): Program {
  const statements = expandExample(declarations, type).map(({ type: made, name, args }) => ({
    resource: made,
    name,
    args: mapArgs(args, fromExample),
  }));
  const { name } = statements[statements.length - 1];
  return { statements, exports: { [`${camel(name)}Id`]: { of: name, path: ["id"] } } };
}

/** A lookup's example: one call, exporting the field of the answer it `shows`. */
export function lookupProgram(lookup: Lookup): Program {
  const { name, args, shows } = lookup.example;
  return {
    statements: [{ invoke: lookup.name, name, args }],
    exports: { [`${camel(name)}${pascal(shows)}`]: { of: name, path: [shows] } },
  };
}

/** The statement a reference names; a program that refers to a name it has not declared is an error. */
function target(program: Program, reference: Reference): Statement {
  const found = program.statements.find((statement) => statement.name === reference.of);
  if (!found) throw new Error(`example: a reference to ${reference.of}, which the program does not declare`);
  return found;
}

/** A statement's arguments with their schema types (Go writes a literal by the type of the input it is given to). */
function inputsOf(schema: PackageSchema, statement: Statement): Record<string, SchemaProperty> {
  return "resource" in statement
    ? schema.resources[token(statement.resource)].inputProperties
    : schema.functions[token(statement.invoke)].inputs.properties;
}

// TypeScript: the plugin's Node.js SDK; the same code stands in the dynamic classes' `@example`.

/** A reference's path as TypeScript and YAML's interpolations write it: `.templates[0].id`. */
const accessPath = (path: Reference["path"]) =>
  path.map((step) => (typeof step === "number" ? `[${step}]` : `.${step}`)).join("");

function tsValue(value: Value): string {
  if (Array.isArray(value)) return `[${value.map(tsValue).join(", ")}]`;
  if (isReference(value)) return `${camel(value.of)}${accessPath(value.path)}`;
  return JSON.stringify(value);
}

function tsStatement(statement: Statement): string {
  const fields = Object.entries(statement.args).map(([key, value]) => `${key}: ${tsValue(value)}`);
  const args = `{ ${fields.join(", ")} }`;
  const variable = camel(statement.name);
  if ("resource" in statement) {
    return `const ${variable} = new paperspace.${statement.resource}(${JSON.stringify(statement.name)}, ${args});`;
  }
  // A function that takes no arguments takes only its options.
  return `const ${variable} = paperspace.${statement.invoke}Output(${fields.length > 0 ? args : ""});`;
}

/** The statements alone, one a line: the classes' `@example`. */
export function typescriptStatements(program: Program): string {
  return program.statements.map(tsStatement).join("\n");
}

export function typescriptCode(program: Program, schema: PackageSchema): string {
  const exported = Object.entries(program.exports).map(([name, value]) => `export const ${name} = ${tsValue(value)};`);
  return [
    `import * as paperspace from ${JSON.stringify(schema.language.nodejs.packageName)};`,
    "",
    typescriptStatements(program),
    "",
    ...exported,
  ].join("\n");
}

/** A declaration's example as the lines of a TypeScript program: what it refers to first, then the resource. */
export const exampleCode = (declarations: readonly ResourceDeclaration[], type: string) =>
  typescriptStatements(resourceProgram(declarations, type));

// Python: the SDK's snake_case names; a call that is too long for a line takes a line per argument.

const PYTHON_LINE = 100;

const pythonVariable = (name: string) => pythonName(camel(name));

function pythonValue(value: Value): string {
  if (Array.isArray(value)) return `[${value.map(pythonValue).join(", ")}]`;
  if (isReference(value)) {
    const steps = value.path.map((step) => (typeof step === "number" ? `[${step}]` : `.${pythonName(step)}`));
    return `${pythonVariable(value.of)}${steps.join("")}`;
  }
  if (typeof value === "boolean") return value ? "True" : "False";
  // A JSON string is a Python string literal.
  return JSON.stringify(value);
}

function pythonCall(head: string, args: string[]): string {
  const line = `${head}(${args.join(", ")})`;
  if (line.length <= PYTHON_LINE) return line;
  return `${head}(\n${args.map((arg) => `    ${arg},\n`).join("")})`;
}

export function pythonCode(program: Program, schema: PackageSchema): string {
  const statements = program.statements.map((statement) => {
    const keywords = Object.entries(statement.args).map(([key, value]) => `${pythonName(key)}=${pythonValue(value)}`);
    const head = `${pythonVariable(statement.name)} = paperspace.`;
    return "resource" in statement
      ? pythonCall(`${head}${statement.resource}`, [JSON.stringify(statement.name), ...keywords])
      : pythonCall(`${head}${pythonName(statement.invoke)}_output`, keywords);
  });
  const exported = Object.entries(program.exports).map(
    ([name, value]) => `pulumi.export(${JSON.stringify(name)}, ${pythonValue(value)})`,
  );
  return [
    "import pulumi",
    `import ${schema.language.python.packageName} as paperspace`,
    "",
    ...statements,
    "",
    ...exported,
  ].join("\n");
}

// Go: a whole main package, as gofmt writes it (tabs, the values of a literal's fields aligned).

function goReference(program: Program, reference: Reference): string {
  // A resource's outputs are fields of its struct, and its id the method ID(); an answer's are methods of its output.
  const isResource = "resource" in target(program, reference);
  const steps = reference.path.map((step, index) => {
    if (typeof step === "number") return `.Index(pulumi.Int(${step}))`;
    if (index > 0 || !isResource) return `.${goName(step)}()`;
    return step === "id" ? ".ID()" : `.${goName(step)}`;
  });
  return `${camel(reference.of)}${steps.join("")}`;
}

/** A literal as the Go SDK's input of this schema type: `pulumi.String("ny2")`, `pulumi.Array{...}`. */
function goValue(program: Program, value: Value, type: SchemaProperty | undefined): string {
  if (isReference(value)) return goReference(program, value);
  if (Array.isArray(value)) {
    const items = type?.items;
    const elements = value.map((item) => goValue(program, item, items)).join(", ");
    const element = items?.type ? goScalar(items.type) : "";
    return `pulumi.${element}Array{${elements}}`;
  }
  return `pulumi.${goScalar(literalType(value, type))}(${JSON.stringify(value)})`;
}

/** The schema type of a literal: the input's, or for an input of any type (a `triggers` item), the literal's own. */
function literalType(value: string | number | boolean, type: SchemaProperty | undefined): string {
  if (type?.type && type.type !== "array") return type.type;
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** The Go SDK's name of a scalar schema type: `String`, `Int`, `Float64`, `Bool`. */
function goScalar(type: string): string {
  switch (type) {
    case "integer":
      return "Int";
    case "number":
      return "Float64";
    case "boolean":
      return "Bool";
    default:
      return "String";
  }
}

/** A struct literal's fields, one a line, their values aligned as gofmt aligns them. */
function goFields(fields: [string, string][], indent: string): string {
  const width = Math.max(...fields.map(([key]) => key.length));
  return fields.map(([key, value]) => `${indent}${`${key}:`.padEnd(width + 2)}${value},\n`).join("");
}

function goStruct(type: string, fields: [string, string][], indent: string): string {
  if (fields.length === 0) return `${type}{}`;
  return `${type}{\n${goFields(fields, `${indent}\t`)}${indent}}`;
}

/** The names the program's values and exports refer to. */
function referenced(program: Program): Set<string> {
  const names = new Set<string>();
  const visit = (value: Value): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isReference(value)) names.add(target(program, value).name);
  };
  for (const statement of program.statements) Object.values(statement.args).forEach(visit);
  Object.values(program.exports).forEach(visit);
  return names;
}

export function goCode(program: Program, schema: PackageSchema): string {
  const used = referenced(program);
  const unused = program.statements.filter(({ name }) => !used.has(name));
  // Go refuses a variable that is declared and not used.
  if (unused.length > 0) throw new Error(`example: nothing refers to ${unused.map(({ name }) => name).join(", ")}`);
  const indent = "\t\t";
  const statements = program.statements.map((statement) => {
    const inputs = inputsOf(schema, statement);
    const fields = Object.entries(statement.args).map(([key, value]): [string, string] => [
      goName(key),
      goValue(program, value, inputs[key]),
    ]);
    const variable = camel(statement.name);
    if ("invoke" in statement) {
      const name = goFunctionName(schema, statement.invoke);
      const args = goStruct(`paperspace.${name}OutputArgs`, fields, indent);
      return `${indent}${variable} := paperspace.${name}Output(ctx, ${args})\n`;
    }
    const args = goStruct(`&paperspace.${statement.resource}Args`, fields, indent);
    return (
      `${indent}${variable}, err := paperspace.New${statement.resource}(ctx, ${JSON.stringify(statement.name)}, ${args})\n` +
      `${indent}if err != nil {\n${indent}\treturn err\n${indent}}\n`
    );
  });
  const exported = Object.entries(program.exports).map(
    ([name, value]) => `${indent}ctx.Export(${JSON.stringify(name)}, ${goReference(program, value)})\n`,
  );
  return `package main

import (
\t${JSON.stringify(schema.language.go.importBasePath)}
\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
\tpulumi.Run(func(ctx *pulumi.Context) error {
${statements.join("")}${exported.join("")}${indent}return nil
\t})
}
`;
}

// Java: a Maven program's main class, as the Java generator's programs are written: a builder per resource's and
// function's arguments, a method call a line; an answer's fields are read in an `applyValue`.

const JAVA_INDENT = "        ";

/** The Java SDK's package: `com.pulumi.paperspace`. */
export const javaPackage = (schema: PackageSchema) => `${schema.language.java.basePackage}.${schema.name}`;

/** The Java SDK's class of the functions: `PaperspaceFunctions`. */
export const javaFunctions = (schema: PackageSchema) => `${pascal(schema.name)}Functions`;

/** Getters, in a chain: `.templates().get(0).id()`. */
const javaGetters = (path: Reference["path"]) =>
  path.map((step) => (typeof step === "number" ? `.get(${step})` : `.${step}()`)).join("");

function javaReference(program: Program, reference: Reference): string {
  const getters = javaGetters(reference.path);
  // A resource's outputs are its methods, each an output; an answer is one output, whose fields are read inside it.
  if ("resource" in target(program, reference)) return `${camel(reference.of)}${getters}`;
  return `${camel(reference.of)}.applyValue(result -> result${getters})`;
}

/** A value as a builder's argument: a list is its varargs, and a literal is Java's as it is JSON's. */
function javaValue(program: Program, value: Value): string {
  if (isReference(value)) return javaReference(program, value);
  if (Array.isArray(value)) return value.map((item) => javaValue(program, item)).join(", ");
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** `<Args>.builder()`, a line per argument, then `.build()`. */
function javaBuilder(program: Program, args: string, statement: Statement): string {
  const calls = Object.entries(statement.args).map(
    ([key, value]) => `\n${JAVA_INDENT}    .${key}(${javaValue(program, value)})`,
  );
  return `${args}.builder()${calls.join("")}\n${JAVA_INDENT}    .build()`;
}

export function javaCode(program: Program, schema: PackageSchema): string {
  const sdk = javaPackage(schema);
  const functions = javaFunctions(schema);
  const imports = new Set(["com.pulumi.Context", "com.pulumi.Pulumi"]);
  const statements = program.statements.map((statement) => {
    const variable = camel(statement.name);
    if ("resource" in statement) {
      const args = `${statement.resource}Args`;
      imports.add(`${sdk}.${statement.resource}`).add(`${sdk}.${args}`);
      const builder = javaBuilder(program, args, statement);
      return `${JAVA_INDENT}var ${variable} = new ${statement.resource}(${JSON.stringify(statement.name)}, ${builder});\n`;
    }
    imports.add(`${sdk}.${functions}`);
    // A function that takes no arguments is called without its Args.
    if (Object.keys(statement.args).length === 0) {
      return `${JAVA_INDENT}var ${variable} = ${functions}.${statement.invoke}();\n`;
    }
    const args = `${pascal(statement.invoke)}Args`;
    imports.add(`${sdk}.inputs.${args}`);
    return `${JAVA_INDENT}var ${variable} = ${functions}.${statement.invoke}(${javaBuilder(program, args, statement)});\n`;
  });
  const exported = Object.entries(program.exports).map(
    ([name, value]) => `${JAVA_INDENT}ctx.export(${JSON.stringify(name)}, ${javaReference(program, value)});\n`,
  );
  return `package myproject;

${[...imports]
  .sort()
  .map((name) => `import ${name};\n`)
  .join("")}
public class App {
    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    public static void stack(Context ctx) {
${statements.join("")}
${exported.join("")}    }
}
`;
}

// YAML: a Pulumi.yaml; the functions' answers are variables, references are interpolations.

function yamlValue(value: Value): unknown {
  if (Array.isArray(value)) return value.map(yamlValue);
  if (isReference(value)) return `\${${value.of}${accessPath(value.path)}}`;
  return value;
}

export function yamlCode(program: Program, project: string): string {
  const variables: Record<string, unknown> = {};
  const resources: Record<string, unknown> = {};
  for (const statement of program.statements) {
    const args = mapArgs(statement.args, yamlValue);
    if ("resource" in statement) {
      resources[statement.name] = { type: token(statement.resource), properties: args };
    } else {
      const invoke = {
        function: token(statement.invoke),
        ...(Object.keys(args).length > 0 ? { arguments: args } : {}),
      };
      variables[statement.name] = { "fn::invoke": invoke };
    }
  }
  const document = {
    name: project,
    runtime: "yaml",
    ...(Object.keys(variables).length > 0 ? { variables } : {}),
    ...(Object.keys(resources).length > 0 ? { resources } : {}),
    outputs: mapArgs(program.exports, yamlValue),
  };
  return stringify(document, { lineWidth: 0 });
}
