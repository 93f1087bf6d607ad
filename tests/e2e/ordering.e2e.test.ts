import type { Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";
import { type StoredResource, storedCheckpoint } from "../../testing/pulumi";
import { fixtureStack } from "./support";

jest.setTimeout(300_000);

/**
 * Orderings a team meets with the Core environment, with the real CLI on the `core` fixture (a network, a drive on
 * it, machines on it whose startup script mounts the drive, a static IP when asked for): something deleted outside
 * Pulumi while the stack's other objects depend on it, and deletes the API refuses while something is still on a
 * network. Each ends with nothing lost and, after destroy, nothing left.
 */
async function coreStack(emulator: TestEmulator, config: Record<string, string> = {}) {
  const made = await fixtureStack("core");
  await made.stack.setConfig("paperspace:apiUrl", { value: emulator.url });
  await made.stack.setConfig("paperspace:apiKey", { value: DEFAULT_API_KEY, secret: true });
  for (const [key, value] of Object.entries(config)) await made.stack.setConfig(key, { value });
  return made;
}

/** The resources the stack's state holds, by type and name (`SharedDrive/datasets`). */
function held(stateDir: string): Map<string, StoredResource> {
  const resources = storedCheckpoint(stateDir).checkpoint.latest.resources ?? [];
  return new Map(
    resources
      .filter((resource) => resource.type.startsWith("pulumi-nodejs:dynamic/paperspace:"))
      .map((resource) => [`${resource.type.split(":").pop()}/${resource.urn.split("::").pop()}`, resource]),
  );
}

/** The account holds nothing beyond what it was seeded with. */
function expectOnlySeeded(emulator: TestEmulator, seeded: ReturnType<TestEmulator["account"]>) {
  const { scripts, drives, publicIps, networks, machines } = emulator.account();
  expect({ scripts, drives, publicIps }).toEqual({ scripts: [], drives: [], publicIps: [] });
  expect(networks.map((network) => network.id)).toEqual(seeded.networks.map((network) => network.id));
  expect(machines.map((machine) => machine.id)).toEqual(seeded.machines.map((machine) => machine.id));
}

describe("a shared drive deleted outside Pulumi while the stack's machines mount it", () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let stateDir: string;
  let cleanup: () => void;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    ({ stack, stateDir, cleanup } = await coreStack(emulator));
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("refresh drops the drive; the next up makes a new one and gives the mounting script its credentials, in place", async () => {
    const seeded = emulator.account();
    await stack.up();
    const before = emulator.account();
    const [drive] = before.drives;
    const [script] = before.scripts;
    const workers = before.machines.filter((machine) => machine.name.startsWith("worker-"));
    expect(workers).toHaveLength(2);
    expect(script.assignedMachineIds.sort()).toEqual(workers.map((worker) => worker.id).sort());
    expect(script.script).toContain(`mount -t cifs ${drive.mountPoint} `);

    expect((await emulator.call("DELETE", `/shared-drives/${drive.id}`)).status).toBe(200);
    await stack.refresh();
    expect(held(stateDir).has("SharedDrive/datasets")).toBe(false);
    expect(held(stateDir).get("StartupScript/mount-datasets")?.id).toBe(script.id);

    // What the user is shown: the drive to make, the script to update (its body carries the credentials); the
    // machines and the network as they are: nothing replaced, nothing deleted.
    const plan = await stack.preview();
    expect(plan.changeSummary).toEqual({ create: 1, update: 1, same: 4 });

    await stack.up();
    const after = emulator.account();
    expect(after.drives).toHaveLength(1);
    const [remade] = after.drives;
    expect(remade.id).not.toBe(drive.id);
    expect(remade.networkId).toBe(drive.networkId);
    expect(after.networks).toEqual(before.networks);
    expect(after.machines.map((machine) => machine.id)).toEqual(before.machines.map((machine) => machine.id));
    expect(after.scripts.map((s) => s.id)).toEqual([script.id]);
    const [updated] = after.scripts;
    expect(updated.assignedMachineIds.sort()).toEqual(script.assignedMachineIds.sort());
    expect(updated.script).toContain(`mount -t cifs ${remade.mountPoint} `);
    expect(updated.script).toContain(`password=${remade.password}`);
    expect(updated.script).not.toContain(drive.password);
    expect((await stack.outputs()).mountPoint.value).toBe(remade.mountPoint);

    await stack.refresh();
    await stack.preview({ expectNoChanges: true });
    await stack.destroy();
    expectOnlySeeded(emulator, seeded);
  });
});

describe("a private network with a shared drive on it", () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let stateDir: string;
  let cleanup: () => void;
  let seeded: ReturnType<TestEmulator["account"]>;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    seeded = emulator.account();
    ({ stack, stateDir, cleanup } = await coreStack(emulator, { workers: "1" }));
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("destroy deletes the machine and the drive before their network, which the API never refuses", async () => {
    await stack.up();
    const { drives, networks, machines } = emulator.account();
    const network = networks.find((n) => !seeded.networks.some((s) => s.id === n.id))!;
    const worker = machines.find((machine) => machine.networkId === network.id)!;
    const since = (await emulator.requests()).length;
    await stack.destroy();
    const deletes = (await emulator.requests()).slice(since).filter((request) => request.method === "DELETE");
    const at = (path: string) => deletes.findIndex((request) => request.path === path);
    expect(at(`/shared-drives/${drives[0].id}`)).toBeGreaterThanOrEqual(0);
    expect(at(`/shared-drives/${drives[0].id}`)).toBeLessThan(at(`/private-networks/${network.id}`));
    expect(at(`/machines/${worker.id}`)).toBeGreaterThanOrEqual(0);
    expect(at(`/machines/${worker.id}`)).toBeLessThan(at(`/private-networks/${network.id}`));
    expect(deletes.filter((request) => request.path.startsWith("/private-networks/"))).toEqual([
      expect.objectContaining({ status: 200 }),
    ]);
    expectOnlySeeded(emulator, seeded);
  });

  test("a drive made outside the stack on its network: destroy is refused naming the drive, the state keeps the network; once the drive is gone, destroy ends", async () => {
    await stack.up();
    const network = emulator.account().networks.find((n) => !seeded.networks.some((s) => s.id === n.id))!;
    const outside = await emulator.call("POST", "/shared-drives", {
      name: "scratch",
      networkId: network.id,
      region: "ny2",
      size: 10,
    });
    expect(outside.status).toBe(200);

    const refused = await stack.destroy().catch((error: Error) => error);
    expect(refused).toBeInstanceOf(Error);
    const message = String(refused);
    expect(message).toContain("paperspace:PrivateNetwork (cluster)");
    expect(message).toContain(`DELETE /private-networks/${network.id} failed with 400`);
    // The provider's own naming of what is on the network, beside the API's message.
    expect(message).toContain(`Still on the network: shared drives scratch (${outside.body.id as string})`);

    // Nothing lost: the network is still in the account and in the state, under its id; the drive made outside is
    // untouched; what the stack could delete is gone from both.
    const state = held(stateDir);
    expect([...state.keys()]).toEqual(["PrivateNetwork/cluster"]);
    expect(state.get("PrivateNetwork/cluster")?.id).toBe(network.id);
    const left = emulator.account();
    expect(left.networks.map((n) => n.id)).toContain(network.id);
    expect(left.drives.map((drive) => drive.id)).toEqual([outside.body.id]);
    expect(left.scripts).toEqual([]);
    expect(left.machines.map((machine) => machine.id)).toEqual(seeded.machines.map((machine) => machine.id));

    expect((await emulator.call("DELETE", `/shared-drives/${outside.body.id as string}`)).status).toBe(200);
    await stack.destroy();
    expect(held(stateDir).size).toBe(0);
    expectOnlySeeded(emulator, seeded);
  });

  test("a drive made outside the stack on its network: a change of region that replaces the network makes the new one and fails to delete the old, which the state keeps until it can go", async () => {
    await stack.up();
    const old = emulator.account().networks.find((n) => !seeded.networks.some((s) => s.id === n.id))!;
    const outside = await emulator.call("POST", "/shared-drives", {
      name: "scratch",
      networkId: old.id,
      region: "ny2",
      size: 10,
    });
    expect(outside.status).toBe(200);

    await stack.setConfig("region", { value: "ca1" });
    const refused = await stack.up().catch((error: Error) => error);
    expect(refused).toBeInstanceOf(Error);
    const message = String(refused);
    expect(message).toContain("paperspace:PrivateNetwork (cluster)");
    expect(message).toContain(`DELETE /private-networks/${old.id} failed with 400`);
    // The provider's own naming of what is on the network, beside the API's message.
    expect(message).toContain(`Still on the network: shared drives scratch (${outside.body.id as string})`);

    // The stack moved to the new network; the old one stays in the state, to be deleted, beside the new one.
    const account = emulator.account();
    const moved = account.networks.find((n) => n.region === "ca1")!;
    expect(account.networks.map((n) => n.id)).toContain(old.id);
    expect(account.drives.map((drive) => drive.networkId).sort()).toEqual([old.id, moved.id].sort());
    expect(account.machines.filter((m) => m.networkId === moved.id)).toHaveLength(1);
    expect(account.machines.filter((m) => m.networkId === old.id)).toEqual([]);
    const remade = account.drives.find((drive) => drive.networkId === moved.id)!;
    expect(account.scripts.map((script) => script.script)).toEqual([expect.stringContaining(remade.mountPoint)]);
    const networksHeld = storedCheckpoint(stateDir)
      .checkpoint.latest.resources!.filter((resource) => resource.type.endsWith("paperspace:PrivateNetwork"))
      .map((resource) => resource.id)
      .sort();
    expect(networksHeld).toEqual([old.id, moved.id].sort());

    expect((await emulator.call("DELETE", `/shared-drives/${outside.body.id as string}`)).status).toBe(200);
    await stack.up();
    expect(emulator.account().networks.map((n) => n.id)).not.toContain(old.id);
    expect(held(stateDir).get("PrivateNetwork/cluster")?.id).toBe(moved.id);
    await stack.preview({ expectNoChanges: true });
    await stack.destroy();
    expectOnlySeeded(emulator, seeded);
  });
});

describe("a public IP released outside Pulumi while assigned to a machine", () => {
  let emulator: TestEmulator;
  let stack: Stack;
  let stateDir: string;
  let cleanup: () => void;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    ({ stack, stateDir, cleanup } = await coreStack(emulator, { workers: "1", publicIp: "true" }));
  });
  afterAll(async () => {
    await emulator?.close();
    cleanup?.();
  });

  test("refresh drops the IP and shows the machine without it, with no diff; the next up claims and assigns a new one", async () => {
    const seeded = emulator.account();
    await stack.up();
    const [ip] = emulator.account().publicIps;
    const worker = emulator.account().machines.find((machine) => machine.name.startsWith("worker-1"))!;
    expect(ip.assignedMachineId).toBe(worker.id);
    expect(worker).toMatchObject({ publicIp: ip.ip, publicIpType: "static" });

    expect((await emulator.call("DELETE", `/public-ips/${ip.ip}`)).status).toBe(200);
    await stack.refresh();
    const state = held(stateDir);
    expect(state.has("PublicIp/head")).toBe(false);
    const machine = state.get("Machine/worker-1")!.outputs;
    expect(machine.publicIp).not.toBe(ip.ip);
    expect(machine.publicIpType).not.toBe("static");

    // The IP to claim again, and nothing else: the machine's own address, back, is no change of it.
    const plan = await stack.preview();
    expect(plan.changeSummary).toEqual({ create: 1, same: 5 });

    await stack.up();
    const ips = emulator.account().publicIps;
    expect(ips).toHaveLength(1);
    expect(ips[0].ip).not.toBe(ip.ip);
    expect(ips[0].assignedMachineId).toBe(worker.id);
    expect(emulator.account().machines.find((m) => m.id === worker.id)).toMatchObject({
      publicIp: ips[0].ip,
      publicIpType: "static",
    });
    expect(held(stateDir).get("PublicIp/head")?.id).toBe(ips[0].ip);

    await stack.preview({ expectNoChanges: true });
    await stack.refresh();
    expect(held(stateDir).get("Machine/worker-1")!.outputs.publicIp).toBe(ips[0].ip);
    await stack.preview({ expectNoChanges: true });
    await stack.destroy();
    expectOnlySeeded(emulator, seeded);
  });
});
