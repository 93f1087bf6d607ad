import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * tools/pulumi/launcher, started as the CLI starts a language host (under the host's name, in the program's folder,
 * with the engine's address alone), in front of a stand-in host that prints the arguments it was given.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { goTool } = require("../../tools/go-tool.js") as { goTool(name: string): string };

let bin: string;
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "pulumi-paperspace-launcher-"));
  bin = join(scratch, "bin");
  mkdirSync(join(bin, "hosts"), { recursive: true });
  const launcher = goTool("launcher");
  for (const language of ["nodejs", "python", "go"]) {
    copyFileSync(launcher, join(bin, `pulumi-language-${language}`));
    chmodSync(join(bin, `pulumi-language-${language}`), 0o755);
    const host = join(bin, "hosts", `pulumi-language-${language}`);
    writeFileSync(host, '#!/bin/sh\nfor arg in "$@"; do echo "$arg"; done\n');
    chmodSync(host, 0o755);
  }
}, 300_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Starts the launcher of `language` in a program folder (or a folder under it) whose Pulumi.yaml is `project`. */
function launch(language: string, project: string | undefined, { under = "" } = {}) {
  const program = mkdtempSync(join(scratch, "program-"));
  if (project !== undefined) writeFileSync(join(program, "Pulumi.yaml"), project);
  const cwd = join(program, under);
  mkdirSync(cwd, { recursive: true });
  const result = spawnSync(join(bin, `pulumi-language-${language}`), ["127.0.0.1:12345"], { cwd, encoding: "utf8" });
  return { program, status: result.status, args: result.stdout.trim().split("\n"), stderr: result.stderr };
}

test.each([
  [
    "python",
    "name: p\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n    toolchain: pip\n",
    ["-virtualenv=venv"],
  ],
  [
    "nodejs",
    'name: p\nruntime:\n  name: nodejs\n  options:\n    tsconfig: tsconfig.pulumi.json\n    nodeargs: "--require ./env.js"\n    typescript: true\n    packagemanager: npm\n',
    ["-nodeargs=--require ./env.js", "-tsconfig=tsconfig.pulumi.json", "-typescript=true"],
  ],
  ["go", "name: p\nruntime:\n  name: go\n  options:\n    binary: bin/program\n", ["-binary=bin/program"]],
])("the %s host gets its options as the flags it knows, then the engine's address", (language, project, flags) => {
  const { program, status, args } = launch(language, project);
  expect(status).toBe(0);
  expect(args).toEqual([`-root=${program}`, ...flags, "127.0.0.1:12345"]);
});

test("the project is found from a folder under it, and a runtime named alone passes only the root", () => {
  const { program, args } = launch("nodejs", "name: p\nruntime: nodejs\n", { under: "src/app" });
  expect(args).toEqual([`-root=${program}`, "127.0.0.1:12345"]);
});

test("outside a project the host gets the engine's address alone", () => {
  expect(launch("python", undefined).args).toEqual(["127.0.0.1:12345"]);
});

test.each([
  ["python", "toolchain: uv", 'runtime option toolchain: "uv" cannot be honoured by the python host'],
  ["python", "typechecker: mypy", 'runtime option typechecker: "mypy" cannot be honoured by the python host'],
  ["nodejs", "packagemanager: pnpm", 'runtime option packagemanager: "pnpm" cannot be honoured by the nodejs host'],
  ["go", "virtualenv: venv", 'runtime option "virtualenv" is not one the go host knows (it knows binary, buildTarget)'],
])("the %s host is not started for an option it cannot honour (%s)", (language, option, message) => {
  const { status, args, stderr } = launch(
    language,
    `name: p\nruntime:\n  name: ${language}\n  options:\n    ${option}\n`,
  );
  expect(status).toBe(1);
  expect(args).toEqual([""]);
  expect(stderr).toContain(message);
  expect(stderr).toContain("Pulumi.yaml");
});
