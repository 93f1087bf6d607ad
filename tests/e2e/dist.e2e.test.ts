import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { ROOT } from "../../testing/pulumi";

jest.setTimeout(900_000);

const run = promisify(execFile);

/**
 * `npm run dist`: every artifact named with package.json's version, each plugin archive holding only an executable
 * built for its platform, the linux-amd64 one serving the plugin where no Node.js is installed, and the Python
 * packages saying the same version.
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
  const { stdout } = await run(process.execPath, [join(ROOT, "tools", "dist.js")], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  folder = stdout.trim().split("\n").pop() as string;
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

describe("the linux-amd64 executable, started with no Node.js on the PATH", () => {
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
    const into = join(scratch, "run");
    const emptyPath = join(scratch, "empty-path");
    mkdirSync(into);
    mkdirSync(emptyPath);
    execFileSync("tar", ["-xzf", join(folder, archiveName("linux-amd64")), "-C", into]);
    expect(existsSync(join(emptyPath, "node"))).toBe(false);
    // Nothing of this environment but a PATH that finds nothing: the executable must carry its Node.js.
    plugin = spawn(join(into, "pulumi-resource-paperspace"), [], {
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
