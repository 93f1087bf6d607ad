import { cpSync } from "node:fs";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";
import { ROOT, cliEnv, installPlugin, programCopy, scratchDir, stackIn } from "../../testing/pulumi";
import { PLUGIN_LANGUAGES } from "./plugin/languages";

jest.setTimeout(900_000);

const EXAMPLE = join(ROOT, "examples", "team-loop");

/** How each twin of the example is made ready to run: its copy, and the stack the real CLI runs it in. */
interface Twin {
  name: string;
  stack(): Promise<{ stack: Stack; cleanup(): void }>;
}

const typescript: Twin = {
  name: "TypeScript (the package's dynamic providers)",
  async stack() {
    const copy = programCopy(EXAMPLE, "team-loop");
    return { stack: await stackIn(copy.workDir, copy.stateDir, "dev"), cleanup: copy.cleanup };
  },
};

const python: Twin = {
  name: "Python (the provider plugin)",
  async stack() {
    const scratch = scratchDir("team-loop-python");
    const workDir = join(scratch.dir, "program");
    const stateDir = join(scratch.dir, "state");
    cpSync(join(EXAMPLE, "python"), workDir, { recursive: true });
    await installPlugin(stateDir);
    const prepare = PLUGIN_LANGUAGES.find((language) => language.name === "python")!.prepare!;
    const added = (await prepare(workDir, cliEnv(stateDir))) ?? {};
    return { stack: await stackIn(workDir, stateDir, "dev", { env: added }), cleanup: scratch.cleanup };
  },
};

/**
 * The team loop (examples/team-loop and its Python twin) end to end with the real CLI: network, drive, a boot script
 * mounting the drive with its credentials, builder → snapshot → template, a fleet and a head node on the network with a
 * static IP, a member's access; then a no-change preview, an image roll, a refresh after changes by hand, and destroy.
 */
describe.each([typescript, python])("examples/team-loop in $name", (twin: Twin) => {
  let emulator: TestEmulator;
  let stack: Stack;
  let cleanup: () => void;
  let member: { id: string; email: string };
  const seeded = new Set<string>();
  // What the stack made: not the machines and the network the emulator's team starts with.
  const account = () => {
    const all = emulator.account();
    return { ...all, networks: all.networks.filter((network) => !seeded.has(network.id)) };
  };
  const ours = () => account().machines.filter((machine) => !seeded.has(machine.id));
  const byPrefix = (prefix: string) => ours().filter((machine) => machine.name.startsWith(prefix));
  const lastSeq = async () => (await emulator.requests()).at(-1)?.seq ?? 0;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    for (const id of emulator.machineIds()) seeded.add(id);
    for (const network of emulator.account().networks) seeded.add(network.id);
    const session = await emulator.call("GET", "/auth/session");
    const teamId = (session.body.team as { id: string }).id;
    const users = (await emulator.call("GET", `/teams/${teamId}/users`)).body.items as {
      isOwner: boolean;
      user: { id: string; email: string };
    }[];
    member = users.find((membership) => !membership.isOwner)!.user;
    ({ stack, cleanup } = await twin.stack());
    await stack.setAllConfig({
      "paperspace:apiUrl": { value: emulator.url },
      "paperspace:apiKey": { value: DEFAULT_API_KEY, secret: true },
      imageVersion: { value: "2026-12-01" },
      memberEmail: { value: member.email },
    });
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("up makes the network, the drive, the mount script, the image, a fleet and a head node on the network", async () => {
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    const { networks, drives, scripts, snapshots, templates, publicIps, accessors } = account();
    expect(networks).toEqual([expect.objectContaining({ id: up.outputs.networkId.value, region: "ny2" })]);
    const [drive] = drives;
    expect(drives).toEqual([
      expect.objectContaining({ name: expect.stringMatching(/^datasets-/), networkId: networks[0].id, size: 500 }),
    ]);
    expect(up.outputs.mountPoint.value).toBe(drive.mountPoint);

    const builder = byPrefix("builder-2026-12-01-")[0];
    expect(snapshots).toEqual([expect.objectContaining({ machineId: builder.id })]);
    expect(templates).toEqual([
      expect.objectContaining({
        id: up.outputs.templateId.value,
        name: "team-2026-12-01",
        parentMachineId: builder.id,
      }),
    ]);

    const fromImage = [...byPrefix("worker-"), ...byPrefix("head-")];
    expect(fromImage).toHaveLength(3);
    for (const machine of fromImage) {
      expect(machine).toMatchObject({ state: "ready", templateId: templates[0].id, networkId: networks[0].id });
    }
    // The mount script carries the drive's real credentials and mount point, and runs on every machine of the image.
    const mount = scripts.find((script) => script.script.includes("/mnt/datasets"))!;
    expect(mount.script).toContain(`username=${drive.username}\npassword=${drive.password}\n`);
    expect(mount.script).toContain(`${drive.mountPoint} /mnt/datasets cifs`);
    expect([...mount.assignedMachineIds].sort()).toEqual(fromImage.map((machine) => machine.id).sort());

    const head = byPrefix("head-")[0];
    expect(up.outputs.headId.value).toBe(head.id);
    expect(publicIps).toEqual([
      expect.objectContaining({ ip: up.outputs.headAddress.value, assignedMachineId: head.id }),
    ]);
    expect(head.publicIp).toBe(up.outputs.headAddress.value);
    expect(accessors.map((accessor) => [accessor.machineId, accessor.user.id])).toEqual([[head.id, member.id]]);
  });

  test("a preview then shows no change, and no resource asks the API anything (only the program's lookups)", async () => {
    const since = await lastSeq();
    await stack.preview({ expectNoChanges: true });
    const asked = (await emulator.requests()).filter((request) => request.seq > since);
    // The program looks up its OS template and the member by name on every run; nothing else is read.
    expect(asked.map((request) => `${request.method} ${request.path}`).sort()).toEqual(
      ["GET /auth/session", "GET /os-templates", expect.stringMatching(/^GET \/teams\/[^/]+\/users$/)].sort(),
    );
  });

  test("a new image version rolls every machine made from it, new before old; the IP and the access follow", async () => {
    const before = { network: account().networks[0].id, drive: account().drives[0].id, ip: account().publicIps[0].ip };
    const oldMachines = [...byPrefix("worker-"), ...byPrefix("head-")];
    await stack.setConfig("imageVersion", { value: "2026-12-08" });
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");

    const { networks, drives, templates, snapshots, publicIps, accessors, scripts } = account();
    // The network and the drive stay; so does the static address, now on the new head node.
    expect(networks.map((network) => network.id)).toEqual([before.network]);
    expect(drives.map((drive) => drive.id)).toEqual([before.drive]);
    expect(templates.map((template) => template.name)).toEqual(["team-2026-12-08"]);
    expect(snapshots).toHaveLength(1);
    expect(byPrefix("builder-").map((machine) => machine.name)).toEqual([
      expect.stringMatching(/^builder-2026-12-08-/),
    ]);
    const head = byPrefix("head-")[0];
    expect(head).toMatchObject({ templateId: templates[0].id, networkId: before.network });
    expect(publicIps).toEqual([expect.objectContaining({ ip: before.ip, assignedMachineId: head.id })]);
    expect(head.publicIp).toBe(before.ip);
    expect(accessors.map((accessor) => [accessor.machineId, accessor.user.id])).toEqual([[head.id, member.id]]);

    const newMachines = [...byPrefix("worker-"), head];
    expect(newMachines).toHaveLength(3);
    const mount = scripts.find((script) => script.script.includes("/mnt/datasets"))!;
    expect([...mount.assignedMachineIds].sort()).toEqual(newMachines.map((machine) => machine.id).sort());
    const events = emulator.emulator.state.store.machineEvents.list(emulator.emulator.state.store.teams()[0].id);
    const resourceOf = (name: string) => name.replace(/-[0-9a-f]{7}$/, "");
    for (const old of oldMachines) {
      const replacement = newMachines.find((machine) => resourceOf(machine.name) === resourceOf(old.name))!;
      expect(replacement).toMatchObject({ state: "ready", templateId: templates[0].id });
      const made = events.find((event) => event.name === "create" && event.machineId === replacement.id)!;
      const gone = events.find((event) => event.name === "deactivate" && event.machineId === old.id)!;
      expect(Date.parse(made.dtFinished!)).toBeLessThanOrEqual(Date.parse(gone.dtCreated));
    }
    await stack.preview({ expectNoChanges: true });
  });

  test("refresh sees an IP taken off and a drive renamed by hand; up puts both back", async () => {
    const [ip] = account().publicIps;
    const [drive] = account().drives;
    const before = { name: drive.name };
    expect((await emulator.call("PUT", `/public-ips/${ip.ip}`, { machineId: null })).status).toBe(200);
    expect((await emulator.call("PUT", `/shared-drives/${drive.id}`, { name: "scratch" })).status).toBe(200);

    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 2 });
    // The preview also shows the mount script, whose body waits on the drive's outputs until the drive's update runs.
    const preview = await stack.preview();
    expect(preview.changeSummary.update).toBeGreaterThanOrEqual(2);
    const up = await stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ update: 2 });
    expect(up.summary.resourceChanges).not.toHaveProperty("replace");
    const head = byPrefix("head-")[0];
    expect(account().publicIps).toEqual([expect.objectContaining({ ip: ip.ip, assignedMachineId: head.id })]);
    expect(account().drives).toEqual([expect.objectContaining({ id: drive.id, name: before.name })]);
    await stack.preview({ expectNoChanges: true });
  });

  test("destroy leaves nothing of the stack's", async () => {
    await stack.destroy();
    const { networks, drives, scripts, snapshots, templates, publicIps, accessors } = account();
    expect({ networks, drives, scripts, snapshots, templates, publicIps, accessors, machines: ours() }).toEqual({
      networks: [],
      drives: [],
      scripts: [],
      snapshots: [],
      templates: [],
      publicIps: [],
      accessors: [],
      machines: [],
    });
  });
});
