import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { BadRequestError } from "../../provider/api/errors";
import { getPrivateNetwork, getTeamUsers } from "../../provider/lookups.generated";
import { provider } from "../../provider/runtime";
import { emulatorForRuntime } from "../support/runtime";

const privateNetwork = provider("PrivateNetwork");
const sharedDrive = provider("SharedDrive");
const publicIp = provider("PublicIp");
const machineAccess = provider("MachineAccess");
const machine = provider("Machine");

const ctx = emulatorForRuntime();

const store = () => ctx.emulator.emulator.state.store;
const team = () => store().teams()[0].id;
const requests = async () => (await ctx.emulator.requests()).map((r) => `${r.method} ${r.path}`);
type Props = Record<string, unknown>;

/** Checks the program's inputs as the engine does before any operation. */
async function checked(resource: typeof privateNetwork, news: Props, olds: Props = {}): Promise<Props> {
  const { inputs, failures } = await resource.check(olds, news);
  expect(failures).toBeUndefined();
  return inputs as Props;
}

async function network(name = "cluster", region = "ny2") {
  return privateNetwork.create(await checked(privateNetwork, { name, region }));
}

async function member(): Promise<string> {
  const users = await getTeamUsers();
  return users.find((u) => !u.isOwner)!.user.id;
}

describe("PrivateNetwork", () => {
  test("create answers the network at once; a rename is in place; a region's display name is the same region", async () => {
    const { id, outs } = await network();
    expect(outs).toMatchObject({ name: "cluster", region: "ny2", network: expect.stringMatching(/^10\.64\.\d+\.0$/) });
    expect(outs.netmask).toBe("255.255.255.0");
    expect(await requests()).toEqual(["POST /private-networks"]);
    const renamed = await checked(privateNetwork, { name: "cluster-2", region: "ny2" }, outs);
    expect(await privateNetwork.diff(id, outs, renamed)).toMatchObject({ changes: true, replaces: [] });
    const { outs: after } = await privateNetwork.update(id, outs, renamed);
    expect(after.name).toBe("cluster-2");
    expect(store().privateNetworks.get(team(), id)?.name).toBe("cluster-2");
    const display = await checked(privateNetwork, { name: "cluster-2", region: "East Coast (NY2)" }, after);
    expect(await privateNetwork.diff(id, after, display)).toMatchObject({ changes: false });
    const moved = await checked(privateNetwork, { name: "cluster-2", region: "ams1" }, after);
    expect(await privateNetwork.diff(id, after, moved)).toMatchObject({ changes: true, replaces: ["region"] });
  });

  test("an auto-named network an interrupted run left is taken over; its replacement gets a name of its own", async () => {
    const declared = await checked(privateNetwork, { region: "ny2", autoName: "cluster-1a2b3c4" });
    const left = await ctx.emulator.call("POST", "/private-networks", { name: declared.name, region: "ny2" });
    const made = await privateNetwork.create(declared);
    expect(made.id).toBe(left.body.id);
    expect(await requests()).toEqual(["POST /private-networks", "GET /private-networks"]);
    // A region change makes the new network before the old one goes: it must not be taken for the old one.
    const moved = await checked(privateNetwork, { region: "ams1", autoName: "cluster-1a2b3c4" }, made.outs);
    expect(moved.name).not.toBe(declared.name);
    const replacement = await privateNetwork.create(moved);
    expect(replacement.id).not.toBe(made.id);
    expect(store().privateNetworks.list(team())).toHaveLength(3); // the team's own, the old and the new
  });

  test("refresh sees a name changed by hand; a network deleted by hand reads as gone", async () => {
    const { id, outs } = await network();
    await ctx.emulator.call("PUT", `/private-networks/${id}`, { name: "renamed-by-hand" });
    const read = await privateNetwork.read(id, outs);
    expect(read.props?.name).toBe("renamed-by-hand");
    await ctx.emulator.call("DELETE", `/private-networks/${id}`);
    expect(await privateNetwork.read(id, outs)).toEqual({});
  });

  test("a delete with a machine on the network is refused, naming the machine; then it goes", async () => {
    const { id, outs } = await network();
    const machineInputs = await checked(machine, {
      templateId: "t0nspur5",
      machineType: "A4000",
      region: "ny2",
      diskSize: 50,
      networkId: id,
      autoName: "on-net-1a2b3c4",
    });
    const made = await machine.create(machineInputs);
    const refusal = await privateNetwork.delete(id, outs).catch((error: Error) => error);
    expect(refusal).toBeInstanceOf(BadRequestError);
    expect((refusal as Error).message).toContain(made.id);
    await machine.delete(made.id, made.outs);
    await privateNetwork.delete(id, outs);
    expect(store().privateNetworks.get(team(), id)).toBeUndefined();
  });

  test("getPrivateNetwork finds one by id or by name, and says a public network is not one", async () => {
    const { id } = await network("lab");
    await expect(getPrivateNetwork({ id })).resolves.toMatchObject({ id, name: "lab", region: "ny2" });
    await expect(getPrivateNetwork({ name: "lab" })).resolves.toMatchObject({ id });
    await expect(getPrivateNetwork({ name: "nope" })).rejects.toThrow('no private network named "nope"');
    const publicNetwork = store().machines.list(team())[0].networkId!;
    await expect(getPrivateNetwork({ id: publicNetwork })).rejects.toThrow("is a region's public network");
  });

  test("answered as `{ data }`, a form the spec does not give these calls, the network is made and renamed alike", async () => {
    const saved = process.env.PAPERSPACE_API_URL;
    const proxy = await envelopingProxy(ctx.emulator.url, /^\/private-networks(\/[^/]+)?$/);
    process.env.PAPERSPACE_API_URL = proxy.url;
    try {
      const { id, outs } = await network();
      expect(id).toMatch(/^pn/);
      expect(outs).toMatchObject({ name: "cluster", region: "ny2", netmask: "255.255.255.0" });
      const { outs: after } = await privateNetwork.update(id, outs, { ...outs, name: "cluster-2" });
      expect(after).toMatchObject({ name: "cluster-2", network: outs.network });
      expect(proxy.enveloped).toEqual(["POST /private-networks", `PUT /private-networks/${id}`]);
    } finally {
      process.env.PAPERSPACE_API_URL = saved;
      await proxy.close();
    }
  });
});

describe("SharedDrive", () => {
  test("create on a network answers its mount point and credentials; a rename is in place; the rest replace", async () => {
    const net = await network();
    const inputs = await checked(sharedDrive, {
      networkId: net.id,
      region: "ny2",
      size: 100,
      autoName: "data-1a2b3c4",
    });
    const { id, outs } = await sharedDrive.create(inputs);
    expect(outs).toMatchObject({
      name: inputs.name,
      size: 100,
      networkId: net.id,
      region: "ny2",
      mountPoint: expect.stringContaining(id),
      username: expect.any(String),
      password: expect.stringMatching(/^\w{24}$/),
    });
    const bigger = await checked(sharedDrive, { ...inputs, size: 200 }, outs);
    expect(await sharedDrive.diff(id, outs, bigger)).toMatchObject({ changes: true, replaces: ["size"] });
    const { outs: renamed } = await sharedDrive.update(id, outs, { ...inputs, name: "datasets" });
    expect(renamed.name).toBe("datasets");
  });

  test("a drive on a network of another region is refused by the API, naming networkId; one deleted by hand is gone", async () => {
    const other = await network("far", "ams1");
    const inputs = await checked(sharedDrive, { networkId: other.id, region: "ny2", size: 10, autoName: "x-1a2b3c4" });
    await expect(sharedDrive.create(inputs)).rejects.toThrow(/networkId/);
    const near = await network();
    const made = await sharedDrive.create({ ...inputs, networkId: near.id });
    await ctx.emulator.call("DELETE", `/shared-drives/${made.id}`);
    expect(await sharedDrive.read(made.id, made.outs)).toEqual({});
  });
});

describe("PublicIp", () => {
  const running = () => ctx.emulator.machine("ready");
  const machineIp = (machineId: string) => store().machines.get(team(), machineId)?.publicIp;

  test("its address is its id; machineId assigns it, moves it and takes it off, in place", async () => {
    const inputs = await checked(publicIp, { region: "ny2", machineId: running() });
    const { id, outs } = await publicIp.create(inputs);
    expect(id).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(outs).toMatchObject({ ip: id, region: "ny2", machineId: running() });
    expect(machineIp(running())).toBe(id);
    const off = ctx.emulator.machine("off");
    const moved = await checked(publicIp, { region: "ny2", machineId: off }, outs);
    expect(await publicIp.diff(id, outs, moved)).toMatchObject({ changes: true, replaces: [] });
    const { outs: movedOuts } = await publicIp.update(id, outs, moved);
    expect([machineIp(off), machineIp(running())]).toEqual([id, expect.not.stringMatching(id)]);
    const { outs: unassigned } = await publicIp.update(id, movedOuts, { region: "ny2" });
    expect(unassigned.machineId).toBeUndefined();
    expect(machineIp(off)).not.toBe(id);
  });

  test("an IP taken off by hand is seen by refresh and assigned again by the next update", async () => {
    const inputs = await checked(publicIp, { region: "ny2", machineId: running() });
    const { id, outs } = await publicIp.create(inputs);
    await ctx.emulator.call("PUT", `/public-ips/${id}`, { machineId: null });
    const read = await publicIp.read(id, outs);
    expect(read.props?.machineId).toBeUndefined();
    expect(await publicIp.diff(id, read.props!, inputs)).toMatchObject({ changes: true });
    await publicIp.update(id, read.props!, inputs);
    expect(machineIp(running())).toBe(id);
  });

  test("a read by address alone (pulumi import) finds it in the list; a released IP is gone", async () => {
    const { id } = await publicIp.create(await checked(publicIp, { region: "ny2", machineId: running() }));
    const imported = await publicIp.read(id, {});
    expect(imported.inputs).toMatchObject({ region: "ny2", machineId: running() });
    await publicIp.delete(id, imported.props!);
    expect(await publicIp.read(id, {})).toEqual({});
    expect(await requests()).not.toContain(`GET /public-ips/${id}`);
  });

  test("adoptId is an address, and a machine id must be an id", async () => {
    const refused = await publicIp.check({}, { region: "ny2", adoptId: "ps123" });
    expect(refused.failures).toEqual([{ property: "adoptId", reason: expect.stringContaining("IP address") }]);
    const bad = await publicIp.check({}, { region: "", machineId: "no spaces" });
    expect(bad.failures?.map((f) => f.property)).toEqual(["region", "machineId"]);
  });
});

describe("MachineAccess", () => {
  test("its id is the pair; adding is idempotent, so adopting it is making it; deleting takes it away", async () => {
    const machineId = ctx.emulator.machine("ready");
    const userId = await member();
    const inputs = await checked(machineAccess, { machineId, userId });
    const { id, outs } = await machineAccess.create(inputs);
    expect(id).toBe(`${machineId}/${userId}`);
    expect(outs.user).toMatchObject({ id: userId, email: expect.stringContaining("@") });
    await expect(machineAccess.create({ ...inputs, adoptId: id })).resolves.toMatchObject({ id });
    const imported = await machineAccess.read(id, {});
    expect(imported.inputs).toMatchObject({ machineId, userId });
    await machineAccess.delete(id, outs);
    expect(await machineAccess.read(id, outs)).toEqual({});
    await expect(machineAccess.delete(id, outs)).resolves.toBeUndefined();
  });

  test("a user outside the team is refused by the API, naming userId; adoptId must name the pair", async () => {
    const machineId = ctx.emulator.machine("ready");
    await expect(machineAccess.create({ machineId, userId: "u-stranger" })).rejects.toThrow(/userId/);
    const refused = await machineAccess.check({}, { machineId, userId: "u1", adoptId: "u1" });
    expect(refused.failures).toEqual([
      { property: "adoptId", reason: `must be "<machineId>/<userId>", here "${machineId}/u1"` },
    ]);
  });

  test("getTeamUsers lists the owner and the members", async () => {
    const users = await getTeamUsers();
    expect(users).toHaveLength(3);
    expect(users.filter((u) => u.isOwner)).toHaveLength(1);
  });
});

test("a refresh's reads of public IPs share one walk of the list", async () => {
  const made = await Promise.all(
    [1, 2, 3].map(async () => publicIp.create(await checked(publicIp, { region: "ny2" }))),
  );
  const before = (await requests()).length;
  await Promise.all(made.map(({ id, outs }) => publicIp.read(id, outs)));
  expect((await requests()).slice(before)).toEqual(["GET /public-ips"]);
});

test("a refresh's reads of one machine's accesses share the machine's list of accessors", async () => {
  const machineId = ctx.emulator.machine("ready");
  const members = (await getTeamUsers()).filter((u) => !u.isOwner).map((u) => u.user.id);
  const made = await Promise.all(
    members.map(async (userId) => machineAccess.create(await checked(machineAccess, { machineId, userId }))),
  );
  const before = (await requests()).length;
  const read = await Promise.all(made.map(({ id, outs }) => machineAccess.read(id, outs)));
  expect(read.map((r) => r.id)).toEqual(made.map((m) => m.id));
  expect((await requests()).slice(before)).toEqual([`GET /machines/${machineId}/accessors`]);
});

/**
 * A proxy in front of the emulator that answers the writes of the paths matching `paths` as `{ data }`, the envelope
 * the machines' calls answer with, to show that the provider reads either form.
 */
async function envelopingProxy(target: string, paths: RegExp) {
  const enveloped: string[] = [];
  const base = new URL(target);
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const path = request.url!.replace(base.pathname, "").split("?")[0];
    const answer = await fetch(`${base.origin}${request.url}`, {
      method: request.method,
      headers: request.headers as Record<string, string>,
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    let body = await answer.text();
    if (answer.ok && request.method !== "GET" && request.method !== "DELETE" && paths.test(path)) {
      enveloped.push(`${request.method} ${path}`);
      body = JSON.stringify({ data: JSON.parse(body) });
    }
    response.writeHead(answer.status, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base.pathname}`,
    enveloped,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
