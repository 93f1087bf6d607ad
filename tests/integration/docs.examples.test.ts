/**
 * The docs' examples (docs/, written by `npm run generate`), proven in every language with no cloud and no engine:
 * the TypeScript type-checks against the Node.js SDK's sources (sdk/nodejs); the Go vets, so builds, against the Go SDK
 * (sdk/go, by a replace) and is as gofmt writes it; the Python compiles and uses only what the Python SDK (sdk/python,
 * installed into a scratch folder) has, giving each resource the inputs it requires; the Java compiles with the Java
 * SDK's sources (sdk/java, by its own pom.xml); the YAML names only the schema's types, functions and properties. The names the pages' tables give each property are looked up in each SDK too.
 * Every check is also given broken examples and shown to refuse them, so that none passes for want of looking.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import * as ts from "typescript";
import { parse } from "yaml";
import { token } from "../../plugin/token";
import { functionPage, resourcePage } from "../../tools/generate/docs";
import {
  type PackageSchema,
  type SchemaObject,
  type SchemaProperty,
  goFunctionName,
  goName,
  javaFunctions,
  javaPackage,
  pythonName,
} from "../../tools/generate/examples";

jest.setTimeout(300_000);

const ROOT = join(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PYTHON_BUILD_TOOLS, pythonVenv } = require(join(ROOT, "tools", "python.js")) as {
  PYTHON_BUILD_TOOLS: string[];
  pythonVenv(name: string, packages: string[]): string;
};

const schema = JSON.parse(readFileSync(join(ROOT, "plugin", "schema.json"), "utf8")) as PackageSchema;
const nameOf = (tokenOf: string) => tokenOf.replace(token(""), "");
const pascal = (name: string) => name[0].toUpperCase() + name.slice(1);
const RESOURCES = Object.keys(schema.resources).map(nameOf);
const FUNCTIONS = Object.keys(schema.functions).map(nameOf);
const TYPES = Object.keys(schema.types).map(nameOf);

const LANGUAGES = ["ts", "python", "go", "java", "yaml"] as const;
type Language = (typeof LANGUAGES)[number];

/** The pages that show examples: the overview, and each resource's and function's. */
const PAGES = ["docs/_index.md", ...RESOURCES.map(resourcePage), ...FUNCTIONS.map(functionPage)];

/** A page's fenced code blocks, by the language their fence names. */
function blocksOf(page: string): Record<string, string[]> {
  const blocks: Record<string, string[]> = {};
  for (const [, language, code] of readFileSync(join(ROOT, page), "utf8").matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)) {
    (blocks[language] ??= []).push(code);
  }
  return blocks;
}

/** Each page's example in each language, by a name for the page (`resources-machine`). */
const EXAMPLES: Record<Language, Record<string, string>> = { ts: {}, python: {}, go: {}, java: {}, yaml: {} };
for (const page of PAGES) {
  const slug = relative("docs", page).replace(/\.md$/, "").replace(/^_/, "").replace(/\//g, "-");
  const blocks = existsSync(join(ROOT, page)) ? blocksOf(page) : {};
  for (const language of LANGUAGES) if (blocks[language]?.length === 1) EXAMPLES[language][slug] = blocks[language][0];
}

/** The overview's example, which calls a function and makes resources from its answer: the one the checks break. */
const OVERVIEW = "index";

/** `code` with `from` replaced by `to`, which must be in it. */
function broken(code: string, from: string, to: string): string {
  expect(code).toContain(from);
  return code.replace(from, to);
}

/** Every property's name, as the docs' tables give them, by what it belongs to; and each function's, in both forms. */
interface Named {
  kind: "resource-input" | "resource-output" | "function" | "function-arg" | "function-result" | "type";
  of: string;
  name: string;
}

const NAMED: Named[] = [
  ...RESOURCES.flatMap((type) => {
    const { inputProperties, properties } = schema.resources[token(type)];
    return [
      ...Object.keys(inputProperties).map((name) => ({ kind: "resource-input" as const, of: type, name })),
      ...["id", ...Object.keys(properties)].map((name) => ({ kind: "resource-output" as const, of: type, name })),
    ];
  }),
  ...FUNCTIONS.flatMap((fn) => {
    const { inputs, outputs } = schema.functions[token(fn)];
    return [
      { kind: "function" as const, of: fn, name: fn },
      ...Object.keys(inputs.properties).map((name) => ({ kind: "function-arg" as const, of: fn, name })),
      ...Object.keys(outputs.properties).map((name) => ({ kind: "function-result" as const, of: fn, name })),
    ];
  }),
  ...TYPES.flatMap((type) =>
    Object.keys(schema.types[token(type)].properties).map((name) => ({ kind: "type" as const, of: type, name })),
  ),
];

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "pulumi-paperspace-docs-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("every resource and function has a page, and each page one example in TypeScript, Python, Go, Java and YAML", () => {
  for (const page of PAGES) {
    expect(existsSync(join(ROOT, page))).toBe(true);
    const blocks = blocksOf(page);
    for (const language of LANGUAGES) expect([page, language, blocks[language]?.length]).toEqual([page, language, 1]);
  }
  expect(Object.keys(EXAMPLES.ts)).toHaveLength(1 + RESOURCES.length + FUNCTIONS.length);
});

describe("TypeScript", () => {
  /** The type errors of each program, compiled with the Node.js SDK's sources as the package they import. */
  function typeErrors(programs: Record<string, string>): Record<string, string[]> {
    const folder = join(scratch, "ts");
    mkdirSync(folder, { recursive: true });
    const files = Object.entries(programs).map(([name, code]) => {
      writeFileSync(join(folder, `${name}.ts`), code);
      return join(folder, `${name}.ts`);
    });
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ["node"],
      typeRoots: [join(ROOT, "node_modules", "@types")],
      paths: { [schema.language.nodejs.packageName]: [join(ROOT, "sdk", "nodejs", "index.ts")] },
    });
    const errors: Record<string, string[]> = {};
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      const file = diagnostic.file ? relative(folder, diagnostic.file.fileName).replace(/\.ts$/, "") : "(options)";
      (errors[file] ??= []).push(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    }
    return errors;
  }

  /** Every name of the tables, as a type the SDK must have. */
  function namesProgram(names: Named[]): string {
    const types = names.map(({ kind, of, name }) => {
      if (kind === "function") return `  typeof paperspace.${name},\n  typeof paperspace.${name}Output,\n`;
      const owner = {
        "resource-input": `${of}Args`,
        "resource-output": of,
        "function-arg": `${pascal(of)}Args`,
        "function-result": `${pascal(of)}Result`,
        type: `types.output.${of}`,
      }[kind];
      return `  paperspace.${owner}[${JSON.stringify(name)}],\n`;
    });
    return `import type * as paperspace from "${schema.language.nodejs.packageName}";\n\nexport type Names = [\n${types.join("")}];\n`;
  }

  test("each example and every name type-checks against sdk/nodejs; a broken one does not", () => {
    const errors = typeErrors({
      ...EXAMPLES.ts,
      names: namesProgram(NAMED),
      "broken-input": broken(EXAMPLES.ts[OVERVIEW], "templateId:", "templateIdd:"),
      "broken-name": namesProgram([{ kind: "resource-input", of: "Machine", name: "templateIdd" }]),
    });
    const { "broken-input": brokenInput, "broken-name": brokenName, ...rest } = errors;
    expect(rest).toEqual({});
    expect(brokenInput.join("\n")).toContain("'templateIdd' does not exist in type 'MachineArgs'");
    expect(brokenName.join("\n")).toContain("Property 'templateIdd' does not exist on type 'MachineArgs'");
  });
});

describe("Go", () => {
  const goEnv = { ...process.env, GOPROXY: "off", GOFLAGS: "-mod=mod -buildvcs=false" };
  let module: string;

  beforeAll(() => {
    // A module of its own: the Go fixture's requirements, with the SDK replaced by this checkout's.
    module = join(scratch, "go");
    mkdirSync(module);
    for (const file of ["go.mod", "go.sum"]) {
      cpSync(join(ROOT, "tests", "e2e", "fixtures", "plugin-go", file), join(module, file));
    }
    const sdkModule = /^module\s+(\S+)/m.exec(readFileSync(join(ROOT, "sdk", "go.mod"), "utf8"))![1];
    const sdk = `${sdkModule}=${join(ROOT, "sdk")}`;
    execFileSync("go", ["mod", "edit", "-module", "docs-examples", `-replace=${sdk}`], { cwd: module, env: goEnv });
    // The requirements from the module proxy once (a machine's first run has none cached); the checks then run offline.
    execFileSync("go", ["mod", "download"], { cwd: module, env: { ...goEnv, GOPROXY: process.env.GOPROXY ?? "" } });
  });

  /** Writes each program as a main package of its own under `folder`. */
  function write(folder: string, programs: Record<string, string>): void {
    for (const [name, code] of Object.entries(programs)) {
      mkdirSync(join(module, folder, name), { recursive: true });
      writeFileSync(join(module, folder, name, "main.go"), code);
    }
  }

  /** Every name of the tables, as a field or method the SDK's types must have. */
  function namesPackage(names: Named[]): string {
    const selectors = names.map(({ kind, of, name }) => {
      if (kind === "function") {
        const fn = goFunctionName(schema, name);
        return `\tpaperspace.${fn},\n\tpaperspace.${fn}Output,\n`;
      }
      const owner = {
        "resource-input": `paperspace.${of}Args{}`,
        "resource-output": `(&paperspace.${of}{})`,
        "function-arg": `paperspace.${goFunctionName(schema, of)}Args{}`,
        "function-result": `paperspace.${goFunctionName(schema, of)}Result{}`,
        type: `paperspace.${of}{}`,
      }[kind];
      const field = kind === "resource-output" && name === "id" ? "ID" : goName(name);
      return `\t${owner}.${field},\n`;
    });
    return `package main\n\nimport "${schema.language.go.importBasePath}"\n\nvar _ = []any{\n${selectors.join("")}}\n\nfunc main() {}\n`;
  }

  const vet = (pattern: string) =>
    spawnSync("go", ["vet", pattern], { cwd: module, env: goEnv, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });

  test("each example and every name vets against sdk/go, as gofmt writes it; broken ones do not", () => {
    write("pages", EXAMPLES.go);
    write("names", { all: namesPackage(NAMED) });
    write("broken", {
      input: broken(EXAMPLES.go[OVERVIEW], "TemplateId:", "TemplateIdd:"),
      name: namesPackage([{ kind: "resource-input", of: "Machine", name: "templateIdd" }]),
    });
    write("unformatted", { overview: broken(EXAMPLES.go[OVERVIEW], "TemplateId:  ", "TemplateId: ") });

    expect(vet("./pages/...")).toMatchObject({ status: 0, stderr: "" });
    expect(vet("./names/...")).toMatchObject({ status: 0, stderr: "" });
    const brokenInput = vet("./broken/input");
    expect(brokenInput.status).not.toBe(0);
    expect(brokenInput.stderr).toContain("unknown field TemplateIdd in struct literal");
    const brokenName = vet("./broken/name");
    expect(brokenName.status).not.toBe(0);
    expect(brokenName.stderr).toContain("has no field or method TemplateIdd");

    const unformatted = (folder: string) =>
      execFileSync("gofmt", ["-l", folder], { cwd: module, encoding: "utf8" }).trim();
    expect(unformatted("pages")).toBe("");
    expect(unformatted("unformatted")).toBe(join("unformatted", "overview", "main.go"));
  });
});

describe("Python", () => {
  let python: string;
  let site: string;

  beforeAll(() => {
    // The Pulumi SDK the Python programs of the e2e tests run, in a virtualenv made once per machine.
    const requirement = readFileSync(
      join(ROOT, "tests", "e2e", "fixtures", "plugin-python", "requirements.txt"),
      "utf8",
    );
    python = pythonVenv("python-docs", [...PYTHON_BUILD_TOOLS, requirement.trim()]);
    // This checkout's SDK, installed (it reads its own version from its metadata) into a scratch folder, from a copy:
    // pip builds a local package in its folder.
    const sdk = join(scratch, "sdk-python");
    site = join(scratch, "site-packages");
    cpSync(join(ROOT, "sdk", "python"), sdk, { recursive: true });
    execFileSync(python, [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--no-deps",
      "--no-build-isolation",
      "--target",
      site,
      sdk,
    ]);
  });

  /** The checker's problems, a line each: `<program>: <problem>` or `names: <problem>`. */
  function problems(programs: Record<string, string>, names: Named[]): string[] {
    const checked = spawnSync(python, [join(ROOT, "tests", "support", "python_examples.py")], {
      input: JSON.stringify({
        programs,
        names: names.map(({ kind, of, name }) => ({
          kind,
          of: kind.startsWith("function") ? pythonName(of) : of,
          name: pythonName(name),
        })),
      }),
      env: { ...process.env, PYTHONPATH: site },
      encoding: "utf8",
    });
    expect(checked.stderr).toBe("");
    expect(checked.status).toBe(checked.stdout === "" ? 0 : 1);
    return checked.stdout.split("\n").filter((line) => line !== "");
  }

  test("each example and every name is in sdk/python; broken ones are refused", () => {
    expect(problems(EXAMPLES.python, NAMED)).toEqual([]);
    const overview = EXAMPLES.python[OVERVIEW];
    expect(
      problems(
        {
          "unknown-keyword": broken(overview, "machine_type=", "machine_kind="),
          "missing-input": broken(overview, '    region="ny2",\n', ""),
          "unknown-attribute": broken(overview, ".templates[0]", ".template[0]"),
          "unknown-function": broken(overview, "get_os_templates_output", "get_os_template_output"),
          "undefined-name": broken(overview, "power_off_machine=True", "power_off_machine=true"),
          "not-python": broken(overview, "import pulumi\n", "import pulumi;;\n"),
        },
        [{ kind: "resource-input", of: "Machine", name: "templateIdd" }],
      ),
    ).toEqual([
      "unknown-keyword: Machine takes no machine_kind",
      "missing-input: Machine is not given region",
      "unknown-attribute: GetOsTemplatesResult has no attribute template",
      "unknown-function: pulumi_paperspace has no get_os_template_output",
      "undefined-name: true is not defined",
      expect.stringMatching(/^not-python: invalid syntax/),
      "names: MachineArgs takes no template_idd",
    ]);
  });
});

describe("Java", () => {
  let project: string;

  beforeAll(() => {
    // A copy of the SDK's Maven project, which the examples join as packages of its own: compiled with the SDK's
    // sources, against the com.pulumi:pulumi its pom.xml names. Nothing is installed into ~/.m2, where the e2e test
    // installs the SDK its programs run.
    project = join(scratch, "java");
    cpSync(join(ROOT, "sdk", "java"), project, { recursive: true });
  });

  /** Writes each program as the class App of a package named after it (every page's is `myproject`). */
  function write(programs: Record<string, string>): void {
    for (const [name, code] of Object.entries(programs)) {
      const pkg = name.replace(/-/g, "_");
      mkdirSync(join(project, "src", "main", "java", pkg), { recursive: true });
      writeFileSync(
        join(project, "src", "main", "java", pkg, "App.java"),
        code.replace(/^package \w+;/m, `package ${pkg};`),
      );
    }
  }

  /** Every name of the tables, as a method of the SDK's classes: an Args' getter (its builder's method has its name). */
  function namesClass(names: Named[]): string {
    const sdk = javaPackage(schema);
    const functions = `${sdk}.${javaFunctions(schema)}`;
    const calls = names.map(({ kind, of, name }) => {
      if (kind === "function") {
        const args = `${sdk}.inputs.${pascal(name)}`;
        return (
          `        has((${args}Args args) -> ${functions}.${name}(args));\n` +
          `        has((${args}PlainArgs args) -> ${functions}.${name}Plain(args));\n`
        );
      }
      const owner = {
        "resource-input": `${sdk}.${of}Args`,
        "resource-output": `${sdk}.${of}`,
        "function-arg": `${sdk}.inputs.${pascal(of)}Args`,
        "function-result": `${sdk}.outputs.${pascal(of)}Result`,
        type: `${sdk}.outputs.${of}`,
      }[kind];
      return `        has((${owner} value) -> value.${name}());\n`;
    });
    return (
      `package names;\n\nimport java.util.function.Function;\n\nclass Names {\n` +
      `    static <T> void has(Function<T, ?> name) {}\n\n    static void all() {\n${calls.join("")}    }\n}\n`
    );
  }

  /** The compiler's errors, by the package they are in: `[ERROR] <file>:[line,column] <message>`, then its details. */
  function compileErrors(): Record<string, string[]> {
    const compiled = spawnSync(
      "mvn",
      ["--batch-mode", "--quiet", "--no-transfer-progress", "-Dstyle.color=never", "compile"],
      { cwd: project, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
    );
    const errors: Record<string, string[]> = {};
    // Maven repeats each error in its summary, its details there prefixed too; the first report has them bare.
    const report = compiled.stdout.split(/^\[ERROR\] Failed to execute goal/m)[0];
    for (const [, file, message] of report.matchAll(/^\[ERROR\] (\S+\.java):\[\d+,\d+\] (.*(?:\n(?!\[).*)*)/gm)) {
      const pkg = relative(join(project, "src", "main", "java"), file).split("/")[0];
      (errors[pkg] ??= []).push(message.trimEnd());
    }
    // A failure without a compiler's error is Maven's own (a dependency it could not download): shown whole.
    if (compiled.status !== 0 && Object.keys(errors).length === 0) throw new Error(compiled.stdout + compiled.stderr);
    return errors;
  }

  test("each example and every name compiles with sdk/java; broken ones do not", () => {
    write({
      ...EXAMPLES.java,
      names: namesClass(NAMED),
      "broken-input": broken(EXAMPLES.java[OVERVIEW], ".templateId(", ".templateIdd("),
      "broken-name": namesClass([{ kind: "resource-input", of: "Machine", name: "templateIdd" }]),
    });
    const { broken_input: brokenInput, broken_name: brokenName, ...rest } = compileErrors();
    expect(rest).toEqual({});
    expect(brokenInput.join("\n")).toMatch(/cannot find symbol\n\s+symbol: +method templateIdd\(/);
    expect(brokenInput.join("\n")).toContain("location: class com.pulumi.paperspace.MachineArgs.Builder");
    expect(brokenName.join("\n")).toMatch(/cannot find symbol\n\s+symbol: +method templateIdd\(\)/);
  });
});

describe("YAML", () => {
  /** What is wrong with a path of names and indexes into a value of this type (`objects` are the object types). */
  function walk(
    objects: Record<string, SchemaObject>,
    property: SchemaProperty,
    path: (string | number)[],
    where: string,
  ): string[] {
    if (path.length === 0) return [];
    const [step, ...rest] = path;
    if (typeof step === "number") {
      if (property.type !== "array" || !property.items) return [`${where} is no list`];
      return walk(objects, property.items, rest, `${where}[${step}]`);
    }
    const next = property.$ref ? objects[property.$ref.replace("#/types/", "")]?.properties[step] : undefined;
    return next ? walk(objects, next, rest, `${where}.${step}`) : [`${where} has no ${step}`];
  }

  /** What is wrong with the arguments given to a resource or function: one it does not take, or of another type. */
  function given(owner: string, inputs: Record<string, SchemaProperty>, values: Record<string, unknown>): string[] {
    return Object.entries(values).flatMap(([key, value]) => {
      const input = inputs[key];
      if (!input) return [`${owner} takes no ${key}`];
      // An interpolation's type is what it refers to, which the walk of the interpolations checks.
      if (typeof value === "string" && value.startsWith("${")) return [];
      const type = Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;
      const accepted = input.type === "number" ? ["number", "integer"] : [input.type];
      return accepted.includes(type) ? [] : [`${owner}.${key} is of type ${input.type}, not ${JSON.stringify(value)}`];
    });
  }

  /** What a Pulumi YAML program names that the schema does not have, or gives a value of another type. */
  function problems(text: string): string[] {
    const program = parse(text) as {
      runtime: string;
      variables?: Record<string, { "fn::invoke": { function: string; arguments?: Record<string, unknown> } }>;
      resources?: Record<string, { type: string; properties?: Record<string, unknown> }>;
    };
    const found: string[] = program.runtime === "yaml" ? [] : ["its runtime is not yaml"];
    // The schema's object types, and what each name of the program answers as one more.
    const objects: Record<string, SchemaObject> = { ...schema.types };
    for (const [name, { "fn::invoke": invoke }] of Object.entries(program.variables ?? {})) {
      const fn = schema.functions[invoke.function];
      if (!fn) {
        found.push(`no function ${invoke.function}`);
        continue;
      }
      found.push(...given(invoke.function, fn.inputs.properties, invoke.arguments ?? {}));
      objects[name] = fn.outputs;
    }
    for (const [name, { type, properties = {} }] of Object.entries(program.resources ?? {})) {
      const resource = schema.resources[type];
      if (!resource) {
        found.push(`no resource ${type}`);
        continue;
      }
      found.push(...given(type, resource.inputProperties, properties));
      for (const key of resource.requiredInputs) if (!(key in properties)) found.push(`${type} is not given ${key}`);
      const id: SchemaProperty = { type: "string" };
      objects[name] = { properties: { id, urn: id, ...resource.properties } };
    }
    // Every interpolation, `${name.path[0].more}`, anywhere in the program.
    for (const [, expression] of text.matchAll(/\$\{([^}]+)\}/g)) {
      const [root, ...path] = expression.split(/\.|\[(\d+)\]/).filter((part) => part !== undefined && part !== "");
      const steps = path.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
      const known = root in objects && !(root in schema.types);
      found.push(...(known ? walk(objects, { $ref: root }, steps, root) : [`\${${expression}} names nothing`]));
    }
    return found;
  }

  test("each example names only the schema's types, functions and properties; broken ones are refused", () => {
    for (const [name, text] of Object.entries(EXAMPLES.yaml)) expect([name, problems(text)]).toEqual([name, []]);
    const overview = EXAMPLES.yaml[OVERVIEW];
    expect(problems(broken(overview, "machineType:", "machineKind:"))).toEqual([
      "paperspace:index:Machine takes no machineKind",
      "paperspace:index:Machine is not given machineType",
    ]);
    expect(problems(broken(overview, "type: paperspace:index:Machine", "type: paperspace:index:Machin"))).toEqual([
      "no resource paperspace:index:Machin",
      "${builder.id} names nothing",
    ]);
    expect(problems(broken(overview, "function: paperspace:index:getOsTemplates", "function: x:y:z"))).toEqual([
      "no function x:y:z",
      "${ubuntu.templates[0].id} names nothing",
    ]);
    expect(problems(broken(overview, "${ubuntu.templates[0].id}", "${ubuntu.templates[0].ids}"))).toEqual([
      "ubuntu.templates[0] has no ids",
    ]);
    expect(problems(broken(overview, "diskSize: 50", 'diskSize: "50"'))).toEqual([
      `paperspace:index:Machine.diskSize is of type integer, not "50"`,
    ]);
  });
});
