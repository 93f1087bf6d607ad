/**
 * `npm run generate`: writes everything that is derived from the declarations, so that a resource is described once.
 * From each declaration in provider/resources/ (whatever its file is called): its public class (`<file>.generated.ts`);
 * the registries of the declarations and the public exports; the program's lookup functions; the plugin's schema; the
 * docs (`docs/`, but for the pages written by hand); the SDKs (tools/sdk.js). With `--check`, writes nothing and fails
 * when a committed file differs (the lint step).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import type { ResourceDeclaration } from "../../provider/lifecycle/declaration";
import * as lookupsModule from "../../provider/lookups";
import { LOOKUPS, type Lookup } from "../../provider/lookups";
import { pluginSchema } from "../../plugin/buildSchema";
import { token } from "../../plugin/token";
import { type Declared, classFile, declarationsFile, exportsFile, kindsFile, lookupsFile } from "./classes";
import { docsPages } from "./docs";
import { type PackageSchema, exampleCode } from "./examples";

const ROOT = path.resolve(__dirname, "..", "..");
const RESOURCES = path.join(ROOT, "provider", "resources");
const GENERATED = /\.generated\.ts$/;
const KINDS = path.join(ROOT, "emulator", "kinds");
/** The folders that hold only generated pages (the docs' own folder also holds pages written by hand). */
const DOCS_FOLDERS = [path.join(ROOT, "docs", "resources"), path.join(ROOT, "docs", "functions")];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TARGETS } = require(path.join(ROOT, "tools", "dist.js")) as { TARGETS: { os: string; arch: string }[] };

function isDeclaration(value: unknown): value is ResourceDeclaration {
  const candidate = value as Partial<ResourceDeclaration> | null;
  return (
    !!candidate &&
    typeof candidate.type === "string" &&
    !!candidate.attributes &&
    ("calls" in candidate || "perform" in candidate)
  );
}

/** Every declaration exported by a file of provider/resources/, by type name. */
function declarations(): Declared[] {
  const found: Declared[] = [];
  for (const name of fs.readdirSync(RESOURCES).sort()) {
    if (!name.endsWith(".ts") || GENERATED.test(name)) continue;
    const file = name.slice(0, -".ts".length);
    // Found by listing the folder, so loaded at run time (ts-node's hook serves require, not import()).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(path.join(RESOURCES, name)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(exported)) {
      if (isDeclaration(value)) found.push({ declaration: value, file, exportName });
    }
  }
  return found.sort((a, b) => a.declaration.type.localeCompare(b.declaration.type));
}

function lookups(): { lookup: Lookup; exportName: string }[] {
  const exported = lookupsModule as unknown as Record<string, unknown>;
  return LOOKUPS.map((lookup) => {
    const exportName = Object.keys(exported).find((key) => exported[key] === lookup);
    if (!exportName) throw new Error(`generate: the lookup ${lookup.name} is in LOOKUPS but not exported`);
    return { lookup, exportName };
  });
}

/** Every kind of the emulator, by the file it is in and its export, in the order of their files. */
function kinds(): { file: string; exportName: string }[] {
  const found: { file: string; exportName: string }[] = [];
  for (const name of fs.readdirSync(KINDS).sort()) {
    if (!name.endsWith(".ts") || name === "index.ts") continue;
    // Found by listing the folder, so loaded at run time (ts-node's hook serves require, not import()).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(path.join(KINDS, name)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(exported)) {
      if (value && typeof value === "object" && "routes" in value) found.push({ file: name.slice(0, -3), exportName });
    }
  }
  return found;
}

/** Every generated file, by path, with its text. */
async function generated(): Promise<Map<string, string>> {
  const declared = declarations();
  const found = lookups();
  const files = new Map<string, string>();
  const formatted = async (file: string, text: string, options: prettier.Options = {}) =>
    files.set(
      file,
      await prettier.format(text, { ...(await prettier.resolveConfig(file)), ...options, filepath: file }),
    );
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  const schema = pluginSchema(
    declared.map(({ declaration }) => declaration),
    found.map(({ lookup }) => lookup),
    version,
  );
  const resources = schema.resources as Record<string, { properties: Record<string, { description: string }> }>;
  for (const entry of declared) {
    const { properties } = resources[token(entry.declaration.type)];
    const described = Object.fromEntries(
      Object.entries(properties).map(([key, { description }]) => [key, description]),
    );
    const example = exampleCode(
      declared.map(({ declaration }) => declaration),
      entry.declaration.type,
    );
    await formatted(path.join(RESOURCES, `${entry.file}.generated.ts`), classFile(entry, described, example));
  }
  await formatted(path.join(RESOURCES, "declarations.generated.ts"), declarationsFile(declared));
  await formatted(path.join(RESOURCES, "index.generated.ts"), exportsFile(declared));
  await formatted(path.join(ROOT, "provider", "lookups.generated.ts"), lookupsFile(found));
  await formatted(path.join(KINDS, "index.ts"), kindsFile(kinds()));
  files.set(path.join(ROOT, "plugin", "schema.json"), `${JSON.stringify(schema, null, 2)}\n`);
  const goModule = /^module\s+(\S+)/m.exec(fs.readFileSync(path.join(ROOT, "sdk", "go.mod"), "utf8"))![1];
  const pages = docsPages({
    schema: schema as unknown as PackageSchema,
    declared,
    lookups: found.map(({ lookup }) => lookup),
    goModule,
    platforms: TARGETS,
  });
  // Markdown, its prose wrapped at the line width as the pages written by hand are, and the examples' TypeScript and
  // YAML formatted with it.
  for (const [page, text] of pages) await formatted(path.join(ROOT, page), text, { proseWrap: "always" });
  return files;
}

/** The generated files of provider/resources/ and the docs' pages that no declaration or lookup stands for any more. */
function leftOver(files: Map<string, string>): string[] {
  const classes = fs
    .readdirSync(RESOURCES)
    .filter((name) => GENERATED.test(name))
    .map((name) => path.join(RESOURCES, name));
  const pages = DOCS_FOLDERS.filter((folder) => fs.existsSync(folder)).flatMap((folder) =>
    fs.readdirSync(folder).map((name) => path.join(folder, name)),
  );
  return [...classes, ...pages].filter((file) => !files.has(file));
}

async function main() {
  const check = process.argv.includes("--check");
  const files = await generated();
  const stale = [...files].filter(([file, text]) => !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text);
  const extra = leftOver(files);
  if (check) {
    const names = [...stale.map(([file]) => file), ...extra].map((file) => path.relative(ROOT, file));
    if (names.length > 0) {
      process.stderr.write(
        `Generated files differ from the declarations (run \`npm run generate\`): ${names.join(", ")}\n`,
      );
      process.exit(1);
    }
    return;
  }
  for (const [file, text] of stale) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  for (const file of extra) fs.rmSync(file);
  for (const file of [...stale.map(([file]) => file), ...extra]) process.stdout.write(`${path.relative(ROOT, file)}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`generate: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
