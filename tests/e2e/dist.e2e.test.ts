import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { ROOT } from "../../testing/pulumi";
import { npmInstall, releaseFolder } from "./support";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { arm64Runner } = require("../../tools/qemu.js");

jest.setTimeout(900_000);

/**
 * `npm run dist`: every artifact named with package.json's version, each plugin archive holding only an executable
 * built for its platform, the linux-amd64 one serving the plugin where no Node.js is installed, the Python
 * packages and npm tarballs saying the same version, the Node.js SDK compiling in a program of its own, and the Go
 * module's zip as the go command takes it from a module proxy.
 */
const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
const schemaText = readFileSync(join(ROOT, "plugin", "schema.json"), "utf8");

/** The engine's platform of each archive, and what its executable's header says. */
const TARGETS = [
  { platform: "linux-amd64", format: "elf", machine: 62 /* EM_X86_64 */ },
  { platform: "linux-arm64", format: "elf", machine: 183 /* EM_AARCH64 */ },
  { platform: "darwin-amd64", format: "macho", machine: 0x01000007 /* CPU_TYPE_X86_64 */ },
  { platform: "windows-amd64", format: "pe", machine: 0x8664 /* IMAGE_FILE_MACHINE_AMD64 */ },
] as const;
/** The fuse postject turns from `:0` to `:1` when it has injected a blob, which Node.js then runs. */
const INJECTED = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1";

const archiveName = (platform: string) => `pulumi-resource-paperspace-v${version}-${platform}.tar.gz`;
const NODEJS_SDK = "@pulumi-paperspace/paperspace";
const nodejsSdkTarball = `pulumi-paperspace-paperspace-${version}.tgz`;
const dynamicTarball = `pulumi-paperspace-${version}.tgz`;
const goModuleZip = `pulumi-paperspace-sdk-go-v${version}.zip`;

const executableName = (platform: string) =>
  platform.startsWith("windows-") ? "pulumi-resource-paperspace.exe" : "pulumi-resource-paperspace";

/** The format and machine of an executable, from its header. */
function header(binary: Buffer): { format: string; machine: number } | undefined {
  if (binary.readUInt32BE(0) === 0x7f454c46) return { format: "elf", machine: binary.readUInt16LE(18) };
  if (binary.readUInt32LE(0) === 0xfeedfacf) return { format: "macho", machine: binary.readUInt32LE(4) };
  if (binary.toString("latin1", 0, 2) === "MZ") {
    const pe = binary.readUInt32LE(0x3c);
    if (binary.toString("latin1", pe, pe + 4) === "PE\0\0")
      return { format: "pe", machine: binary.readUInt16LE(pe + 4) };
  }
  return undefined;
}

let folder: string;
let scratch: string;

beforeAll(async () => {
  folder = await releaseFolder();
  scratch = mkdtempSync(join(tmpdir(), "pulumi-paperspace-dist-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("the release folder holds every artifact, each named with package.json's version", () => {
  expect(folder).toBe(join(ROOT, "dist", "release", `v${version}`));
  expect(readdirSync(folder).sort()).toEqual(
    [
      ...TARGETS.map(({ platform }) => archiveName(platform)),
      `pulumi_paperspace-${version}-py3-none-any.whl`,
      `pulumi_paperspace-${version}.tar.gz`,
      nodejsSdkTarball,
      dynamicTarball,
      goModuleZip,
      "go-module.json",
      "schema.json",
    ].sort(),
  );
  expect(readFileSync(join(folder, "schema.json"), "utf8")).toBe(schemaText);
  expect(JSON.parse(schemaText).version).toBe(version);
});

test.each(TARGETS)(
  "the $platform archive holds its executable alone, at its root, with the blob injected",
  (target) => {
    const archive = join(folder, archiveName(target.platform));
    const name = executableName(target.platform);
    expect(execFileSync("tar", ["-tzf", archive], { encoding: "utf8" }).trim().split("\n")).toEqual([name]);
    const into = join(scratch, target.platform);
    mkdirSync(into);
    execFileSync("tar", ["-xzf", archive, "-C", into]);
    const binary = readFileSync(join(into, name));
    expect(header(binary)).toEqual({ format: target.format, machine: target.machine });
    expect(binary.includes(INJECTED)).toBe(true);
  },
);

/**
 * How each Linux executable is started here: the linux-amd64 one as it is, the linux-arm64 one under qemu-user with the
 * arm64 C runtime (tools/qemu.js).
 */
const STARTED = [
  { platform: "linux-amd64", runner: () => ({ command: undefined, args: [] as string[] }) },
  { platform: "linux-arm64", runner: () => arm64Runner() as { command: string; args: string[] } },
];

describe.each(STARTED)("the $platform executable, started with no Node.js on the PATH", ({ platform, runner }) => {
  let plugin: ChildProcess;
  let client: provrpc.ResourceProviderClient;

  /** One call of the plugin's gRPC service, as a promise. */
  function call<Req, Res>(method: string, request: Req): Promise<Res> {
    const methods = client as unknown as Record<
      string,
      (r: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => void
    >;
    return new Promise((resolve, reject) =>
      methods[method].call(client, request, (error, response) => (error ? reject(error) : resolve(response))),
    );
  }

  beforeAll(async () => {
    const into = join(scratch, `run-${platform}`);
    const emptyPath = join(scratch, `empty-path-${platform}`);
    mkdirSync(into);
    mkdirSync(emptyPath);
    execFileSync("tar", ["-xzf", join(folder, archiveName(platform)), "-C", into]);
    expect(existsSync(join(emptyPath, "node"))).toBe(false);
    // Nothing of this environment but a PATH that finds nothing: the executable must carry its Node.js.
    const executable = join(into, "pulumi-resource-paperspace");
    const { command, args } = runner();
    plugin = spawn(command ?? executable, command ? [...args, executable] : [], {
      env: { PATH: emptyPath },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: plugin.stdout! }).once("line", resolve);
      plugin.once("exit", (code) => reject(new Error(`the plugin exited (${code}) before printing its port`)));
    });
    expect(firstLine).toMatch(/^\d+$/);
    client = new provrpc.ResourceProviderClient(`127.0.0.1:${firstLine}`, grpc.credentials.createInsecure());
  });
  afterAll(() => {
    client?.close();
    plugin?.kill();
  });

  test("answers GetPluginInfo with package.json's version", async () => {
    const info = await call<Empty, PluginInfo>("getPluginInfo", new Empty());
    expect(info.getVersion()).toBe(version);
  });

  test("answers GetSchema with plugin/schema.json", async () => {
    const answer = await call<provproto.GetSchemaRequest, provproto.GetSchemaResponse>(
      "getSchema",
      new provproto.GetSchemaRequest(),
    );
    expect(JSON.parse(answer.getSchema())).toEqual(JSON.parse(schemaText));
  });
});

test("the Python sdist and wheel say package.json's version, as does the plugin metadata the engine reads", () => {
  const sdist = join(folder, `pulumi_paperspace-${version}.tar.gz`);
  const pkgInfo = execFileSync("tar", ["-xzOf", sdist, `pulumi_paperspace-${version}/PKG-INFO`], { encoding: "utf8" });
  expect(pkgInfo).toMatch(new RegExp(`^Version: ${version.replace(/\./g, "\\.")}$`, "m"));
  const wheel = join(folder, `pulumi_paperspace-${version}-py3-none-any.whl`);
  const read = (member: string) =>
    execFileSync(
      "python3",
      ["-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())", wheel, member],
      {
        encoding: "utf8",
      },
    );
  expect(read(`pulumi_paperspace-${version}.dist-info/METADATA`)).toMatch(
    new RegExp(`^Version: ${version.replace(/\./g, "\\.")}$`, "m"),
  );
  expect(JSON.parse(read("pulumi_paperspace/pulumi-plugin.json")).version).toBe(version);
});

/** A file of an npm tarball (under its `package/` folder). */
const fromTarball = (tarball: string, file: string) =>
  execFileSync("tar", ["-xzOf", join(folder, tarball), `package/${file}`], { encoding: "utf8" });

/** The files a package's main and types resolve to, as package.json names them or as Node.js and tsc default them. */
function entryFiles(manifest: { main?: string; types?: string }): string[] {
  const main = (manifest.main ?? "index.js").replace(/^\.\//, "");
  return [main, (manifest.types ?? main.replace(/\.js$/, ".d.ts")).replace(/^\.\//, "")];
}

test.each([
  { tarball: nodejsSdkTarball, name: NODEJS_SDK },
  { tarball: dynamicTarball, name: "pulumi-paperspace" },
])(
  "the npm tarball $tarball is $name at package.json's version, with its main and types files",
  ({ tarball, name }) => {
    const manifest = JSON.parse(fromTarball(tarball, "package.json"));
    expect(manifest).toMatchObject({ name, version });
    const listed = execFileSync("tar", ["-tzf", join(folder, tarball)], { encoding: "utf8" })
      .trim()
      .split("\n");
    for (const file of entryFiles(manifest)) expect(listed).toContain(`package/${file}`);
  },
);

test("the Node.js SDK tarball, installed into a project of its own, type-checks a program using it", async () => {
  const project = join(scratch, "nodejs-sdk");
  mkdirSync(project);
  const pulumiPackage = join(ROOT, "node_modules", "@pulumi", "pulumi", "package.json");
  const pulumiVersion = JSON.parse(readFileSync(pulumiPackage, "utf8")).version as string;
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "uses-the-nodejs-sdk", private: true }));
  await npmInstall(project, [join(folder, nodejsSdkTarball), `@pulumi/pulumi@${pulumiVersion}`]);
  writeFileSync(
    join(project, "index.ts"),
    [
      `import * as paperspace from "${NODEJS_SDK}";`,
      `const script = new paperspace.StartupScript("s", { script: "x" });`,
      "export const id: unknown = script.id;",
      "",
    ].join("\n"),
  );
  // The repository's TypeScript: the program's errors on its stdout, none when it type-checks.
  const tsc = require.resolve("typescript/bin/tsc");
  const compile = (program: string) =>
    spawnSync(
      process.execPath,
      [tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", program],
      { cwd: project, encoding: "utf8" },
    );
  expect(compile("index.ts")).toMatchObject({ status: 0, stdout: "" });
  // And it does check against the SDK's types: an input the resource does not have is an error.
  writeFileSync(
    join(project, "wrong.ts"),
    `import * as paperspace from "${NODEJS_SDK}";\nnew paperspace.StartupScript("s", { scrip: "x" });\n`,
  );
  const wrong = compile("wrong.ts");
  expect(wrong.status).not.toBe(0);
  expect(wrong.stdout).toContain("'scrip' does not exist in type 'StartupScriptArgs'");
});

describe("the Go module", () => {
  const goMod = readFileSync(join(ROOT, "sdk", "go.mod"), "utf8");
  const modulePath = /^module\s+(\S+)/m.exec(goMod)![1];

  test("go-module.json names sdk/go.mod's module, the version's tag and the go get line", () => {
    const described = JSON.parse(readFileSync(join(folder, "go-module.json"), "utf8"));
    expect(modulePath).toBe("github.com/pulumi-paperspace/pulumi-paperspace/sdk");
    expect(described).toMatchObject({
      module: modulePath,
      version: `v${version}`,
      tag: `sdk/v${version}`,
      zip: goModuleZip,
      goGet: `go get ${modulePath}@v${version}`,
    });
    expect(described.goSum).toMatch(new RegExp(`^${modulePath} v${version.replace(/\./g, "\\.")} h1:\\S+=$`));
  });

  test("the go command downloads the zip from a module proxy and finds go-module.json's hash", () => {
    const described = JSON.parse(readFileSync(join(folder, "go-module.json"), "utf8"));
    // A module proxy as files (GOPROXY=file://): the version's .info, .mod and .zip.
    const proxy = join(scratch, "goproxy", modulePath, "@v");
    mkdirSync(proxy, { recursive: true });
    writeFileSync(join(proxy, "list"), `v${version}\n`);
    writeFileSync(join(proxy, `v${version}.info`), JSON.stringify({ Version: `v${version}` }));
    writeFileSync(join(proxy, `v${version}.mod`), goMod);
    execFileSync("cp", [join(folder, goModuleZip), join(proxy, `v${version}.zip`)]);
    const downloaded = JSON.parse(
      execFileSync("go", ["mod", "download", "-json", `${modulePath}@v${version}`], {
        cwd: scratch,
        encoding: "utf8",
        env: {
          ...process.env,
          GOPROXY: `file://${join(scratch, "goproxy")}`,
          GOMODCACHE: join(scratch, "gomodcache"),
          GOFLAGS: "-modcacherw",
          GONOSUMDB: modulePath,
          GOWORK: "off",
        },
      }),
    );
    expect(downloaded).toMatchObject({ Path: modulePath, Version: `v${version}`, Sum: described.goSum.split(" ")[2] });
    expect(existsSync(join(downloaded.Dir, "go", "paperspace", "pulumi-plugin.json"))).toBe(true);
    expect(
      JSON.parse(readFileSync(join(downloaded.Dir, "go", "paperspace", "pulumi-plugin.json"), "utf8")).version,
    ).toBe(version);
  });
});
