import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROFILES } from "../../emulator/profiles";
import { TestEmulator } from "../../testing/emulator";

/** Every event done at its first read, so that a test moves them without waiting. */
const AT_FIRST_READ = Object.fromEntries(Object.keys(PROFILES.fast).map((name) => [name, { polls: 1 }]));
const OTHER_KEY = "other-team-key";

type Body = Record<string, unknown>;
type Page = { hasMore: boolean; items: Body[]; nextPage?: string };

/** The Core environment around machines: private networks, shared drives, public IPs, accessors, the team's users. */
describe("emulator: the Core environment", () => {
  let emulator: TestEmulator;
  let now = Date.parse("2026-06-01T00:00:00Z");

  beforeAll(async () => {
    emulator = await TestEmulator.start({
      clock: () => now,
      eventDurations: AT_FIRST_READ,
      teams: [{ name: "other", apiKeys: [OTHER_KEY], machines: [{ name: "theirs", state: "off" }] }],
    });
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    await emulator.control("POST", "/reset");
    await emulator.control("POST", "/quirks", { quirks: [], deleteLagMs: 3_000 });
  });

  const call = (method: string, path: string, body?: unknown, key?: string) =>
    emulator.call(method, path, body, key).then(({ status, body }) => ({ status, body: body as Body }));
  const ok = async (method: string, path: string, body?: unknown, key?: string) => {
    const answer = await call(method, path, body, key);
    expect({ method, path, status: answer.status, body: answer.body }).toMatchObject({ status: 200 });
    return answer.body;
  };
  const page = async (path: string) => (await ok("GET", path)) as unknown as Page;
  const idsOf = (items: Body[]) => items.map((item) => item.id);
  const machine = (id: string) => ok("GET", `/machines/${id}`);
  const network = (name: string, region = "ny2", migrateMachines?: boolean) =>
    ok("POST", "/private-networks", { name, region, migrateMachines });
  const drive = (name: string, networkId: string, region = "ny2") =>
    ok("POST", "/shared-drives", { name, networkId, region, size: 10 });
  const claim = async (region = "ny2") => (await ok("POST", "/public-ips", { region })).ip as string;
  const seededNetwork = async () => (await page("/private-networks")).items[0];
  /** A machine made in a region, once its `create` event is done. */
  const madeIn = async (region: string, extra: Body = {}) => {
    const spec = { name: `m-${region}`, machineType: "A4000", templateId: "t0nspur5", diskSize: 50, region };
    const made = await ok("POST", "/machines", { ...spec, ...extra });
    await emulator.settle((made.event as { id: string }).id);
    return (made.data as { id: string }).id;
  };
  const teamId = () => emulator.emulator.state.store.teams()[0].id;

  describe("private networks", () => {
    test("each team starts with its network in ny2, as before; a new one takes a pn id, the next prefix, its region", async () => {
      const seeded = await seededNetwork();
      expect(seeded).toEqual({
        id: expect.stringMatching(/^pn[0-9a-f]{8}$/),
        name: "default-private",
        network: "10.64.0.0",
        netmask: "255.255.255.0",
        region: "East Coast (NY2)",
        dtCreated: "2024-02-01T00:00:00.000Z",
        dtDeleted: null,
      });
      const lab = await network("lab", "West Coast (CA1)");
      expect(lab).toMatchObject({
        id: expect.stringMatching(/^pn[0-9a-f]{8}$/),
        region: "West Coast (CA1)",
        network: "10.64.1.0",
      });
      expect(await network("lab-2")).toMatchObject({ network: "10.64.2.0", netmask: "255.255.255.0" });
      // A deleted network's prefix is the next one's.
      await ok("DELETE", `/private-networks/${lab.id as string}`);
      expect(await network("lab-3")).toMatchObject({ network: "10.64.1.0" });
      expect((await call("POST", "/private-networks", { name: "x", region: "mars" })).body).toMatchObject({
        details: { field: "region" },
      });
    });

    test("lists are paged and filtered by name and region; an update renames", async () => {
      const seeded = await seededNetwork();
      const lab = await network("lab", "ca1");
      const edge = await network("edge", "ca1");
      expect(idsOf((await page("/private-networks?region=ca1&orderBy=name&order=asc")).items)).toEqual([
        edge.id,
        lab.id,
      ]);
      expect(idsOf((await page("/private-networks?region=West%20Coast%20(CA1)")).items)).toEqual([edge.id, lab.id]);
      expect(idsOf((await page("/private-networks?name=lab")).items)).toEqual([lab.id]);
      const first = await page("/private-networks?limit=2");
      expect(first).toMatchObject({ hasMore: true, nextPage: expect.any(String) });
      const second = await page(`/private-networks?limit=2&after=${first.nextPage as string}`);
      expect(second).toEqual({ hasMore: false, items: [seeded] });
      expect(await ok("PUT", `/private-networks/${lab.id as string}`, { name: "lab-2" })).toMatchObject({
        id: lab.id,
        name: "lab-2",
      });
    });

    test("a machine may join any of the team's networks in its region, on create and update; not another's", async () => {
      const ny = await network("ny", "ny2");
      const ca = await network("ca", "ca1");
      const ready = emulator.machine("ready");
      expect(await ok("PUT", `/machines/${ready}`, { networkId: ny.id })).toMatchObject({ data: { networkId: ny.id } });
      const refused = await call("PUT", `/machines/${ready}`, { networkId: ca.id });
      expect(refused).toMatchObject({ status: 400, body: { details: { field: "networkId" } } });
      const made = await madeIn("ca1", { networkId: ca.id });
      expect(await machine(made)).toMatchObject({ networkId: ca.id });
      const [theirNetwork] = (await emulator.call("GET", "/private-networks", undefined, OTHER_KEY)).body
        .items as Body[];
      const foreign = await call("PUT", `/machines/${ready}`, { networkId: theirNetwork.id });
      expect(foreign).toMatchObject({ status: 400, body: { details: { field: "networkId" } } });
    });

    test("migrateMachines moves the region's machines on its public network onto the new one, and only those", async () => {
      const [ready, off] = [emulator.machine("ready"), emulator.machine("off")];
      const seeded = await seededNetwork();
      await ok("PUT", `/machines/${off}`, { networkId: seeded.id });
      const inCa = await madeIn("ca1");
      const caPublic = (await machine(inCa)).networkId;
      const quiet = await network("quiet", "ny2");
      expect((await machine(ready)).networkId).not.toBe(quiet.id);
      const moved = await network("moved", "ny2", true);
      expect((await machine(ready)).networkId).toBe(moved.id);
      expect((await machine(off)).networkId).toBe(seeded.id);
      expect((await machine(inCa)).networkId).toBe(caPublic);
    });

    test("a network with machines or shared drives on it cannot be deleted, naming them; once they are gone it can", async () => {
      const lab = await network("lab");
      const id = lab.id as string;
      const ready = emulator.machine("ready");
      const publicNetwork = (await machine(ready)).networkId;
      await ok("PUT", `/machines/${ready}`, { networkId: id });
      const data = await drive("data", id);
      const refused = await call("DELETE", `/private-networks/${id}`);
      expect(refused).toMatchObject({ status: 400, body: { code: "BAD_REQUEST" } });
      expect(refused.body.message).toContain(ready);
      expect(refused.body.message).toContain(data.id as string);
      await ok("PUT", `/machines/${ready}`, { networkId: publicNetwork });
      const stillADrive = await call("DELETE", `/private-networks/${id}`);
      expect(stillADrive.status).toBe(400);
      expect(stillADrive.body.message).not.toContain(ready);
      await ok("DELETE", `/shared-drives/${data.id as string}`);
      expect(await ok("DELETE", `/private-networks/${id}`)).toEqual({ id });
      expect((await call("GET", `/private-networks/${id}`)).status).toBe(404);
      // A machine deleted is gone from its network too.
      const other = await network("other");
      await ok("PUT", `/machines/${ready}`, { networkId: other.id });
      await emulator.control("DELETE", `/machines/${ready}`);
      expect(await ok("DELETE", `/private-networks/${other.id as string}`)).toEqual({ id: other.id });
    });

    test("a region's public network still answers null", async () => {
      const publicNetwork = (await machine(emulator.machine("ready"))).networkId as string;
      expect(await call("GET", `/private-networks/${publicNetwork}`)).toEqual({ status: 200, body: null });
    });
  });

  describe("shared drives", () => {
    test("on one of the team's networks in the drive's region, with a mount point and credentials", async () => {
      const seeded = await seededNetwork();
      const made = await ok("POST", "/shared-drives", {
        name: "data",
        networkId: seeded.id,
        region: "East Coast (NY2)",
        size: 1,
      });
      const id = made.id as string;
      expect(made).toEqual({
        id: expect.stringMatching(/^sd[0-9a-z]{10}$/),
        name: "data",
        networkId: seeded.id,
        region: "East Coast (NY2)",
        size: 1,
        mountPoint: `//10.64.0.250/${id}`,
        username: expect.stringMatching(/^u[0-9a-z]{10}$/),
        password: expect.stringMatching(/^[A-Za-z0-9]{24}$/),
        dtCreated: expect.any(String),
        dtDeleted: null,
      });
      expect(await ok("GET", `/shared-drives/${id}`)).toEqual(made);
      const ca = await network("ca", "ca1");
      const mount = (await drive("west", ca.id as string, "ca1")).mountPoint;
      expect(mount).toMatch(/^\/\/10\.64\.1\.250\/sd/);
      const state = await emulator.control<{ teams: { sharedDrives: Body[] }[] }>("GET", "/state");
      // The state keeps the region's code; only answers spell it out.
      expect(state.teams[0].sharedDrives).toContainEqual({ ...made, region: "ny2" });
    });

    test("a network of another region or another team, or a size that is not a whole number from 1, is refused", async () => {
      const ca = await network("ca", "ca1");
      const seeded = await seededNetwork();
      const [theirs] = (await emulator.call("GET", "/private-networks", undefined, OTHER_KEY)).body.items as Body[];
      const spec = { name: "d", networkId: seeded.id, region: "ny2", size: 10 };
      for (const [body, field] of [
        [{ ...spec, networkId: ca.id }, "networkId"],
        [{ ...spec, networkId: theirs.id }, "networkId"],
        [{ ...spec, networkId: "pnmissing" }, "networkId"],
        [{ ...spec, size: 0 }, "size"],
        [{ ...spec, size: 1.5 }, "size"],
      ] as const) {
        expect(await call("POST", "/shared-drives", body)).toMatchObject({ status: 400, body: { details: { field } } });
      }
      expect((await page("/shared-drives")).items).toEqual([]);
    });

    test("the password comes from the seeded sequence: the same requests after a reset give the same one", async () => {
      const seeded = await seededNetwork();
      const first = await drive("data", seeded.id as string);
      await emulator.control("POST", "/reset");
      const again = await drive("data", seeded.id as string);
      expect([again.id, again.password]).toEqual([first.id, first.password]);
      expect((await drive("more", seeded.id as string)).password).not.toBe(first.password);
    });

    test("lists are paged and filtered by name and region; an update renames", async () => {
      const seeded = (await seededNetwork()).id as string;
      const ca = (await network("ca", "ca1")).id as string;
      const [a, b, c] = [await drive("a", seeded), await drive("b", seeded), await drive("c", ca, "ca1")];
      expect(idsOf((await page("/shared-drives?region=ny2&orderBy=name&order=asc")).items)).toEqual([a.id, b.id]);
      expect(idsOf((await page("/shared-drives?region=ca1")).items)).toEqual([c.id]);
      expect(idsOf((await page("/shared-drives?name=b")).items)).toEqual([b.id]);
      const first = await page("/shared-drives?limit=2");
      expect(idsOf(first.items)).toEqual([c.id, b.id]);
      expect(idsOf((await page(`/shared-drives?limit=2&after=${first.nextPage as string}`)).items)).toEqual([a.id]);
      expect(await ok("PUT", `/shared-drives/${a.id as string}`, { name: "a-2" })).toMatchObject({ name: "a-2" });
    });
  });

  describe("public IPs", () => {
    test("claimed in a region: an address, assigned to no machine", async () => {
      const made = await ok("POST", "/public-ips", { region: "Europe (AMS1)" });
      expect(made).toEqual({
        ip: expect.stringMatching(/^184\.105\.\d{1,3}\.\d{1,3}$/),
        region: "Europe (AMS1)",
        dtCreated: expect.any(String),
      });
      expect((await call("POST", "/public-ips", { region: "mars" })).body).toMatchObject({
        details: { field: "region" },
      });
      // There is no GET of one IP in the real API: a client lists them.
      expect(await call("GET", `/public-ips/${made.ip as string}`)).toMatchObject({
        status: 404,
        body: { code: "NOT_FOUND" },
      });
    });

    test("assigned: the machine shows it as its static address; moved: the first machine gets its own back", async () => {
      const [ready, off] = [emulator.machine("ready"), emulator.machine("off")];
      const [readyBefore, offBefore] = [await machine(ready), await machine(off)];
      expect(readyBefore.publicIpType).toBe("dynamic");
      const ip = await claim();
      expect(await ok("PUT", `/public-ips/${ip}`, { machineId: ready })).toMatchObject({
        ip,
        assignedMachineId: ready,
      });
      expect(await machine(ready)).toMatchObject({ publicIp: ip, publicIpType: "static" });
      await ok("PUT", `/public-ips/${ip}`, { machineId: ready });
      expect(await ok("PUT", `/public-ips/${ip}`, { machineId: off })).toMatchObject({ assignedMachineId: off });
      expect(await machine(ready)).toMatchObject({ publicIp: readyBefore.publicIp, publicIpType: "dynamic" });
      expect(await machine(off)).toMatchObject({ publicIp: ip, publicIpType: "static" });
      // A machine has one IP at most: another assigned to it takes the first off it, and leaves that one claimed.
      const second = await claim();
      await ok("PUT", `/public-ips/${second}`, { machineId: off });
      expect(await machine(off)).toMatchObject({ publicIp: second, publicIpType: "static" });
      const listed = (await page("/public-ips")).items;
      expect(listed.find((each) => each.ip === ip)).toEqual({
        ip,
        region: "East Coast (NY2)",
        dtCreated: expect.any(String),
      });
      // Taken off: the machine has its own address again.
      expect(await ok("PUT", `/public-ips/${second}`, { machineId: null })).not.toHaveProperty("assignedMachineId");
      expect(await machine(off)).toMatchObject({ publicIp: offBefore.publicIp, publicIpType: "dynamic" });
    });

    test("released while assigned: allowed, and the machine gets back what it had, even no address", async () => {
      const ready = emulator.machine("ready");
      await ok("PUT", `/machines/${ready}`, { publicIpType: "none" });
      const ip = await claim();
      await ok("PUT", `/public-ips/${ip}`, { machineId: ready });
      expect(await machine(ready)).toMatchObject({ publicIp: ip, publicIpType: "static" });
      expect(await ok("DELETE", `/public-ips/${ip}`)).toEqual({ ip });
      expect(await machine(ready)).toMatchObject({ publicIp: null, publicIpType: "none" });
      expect((await page("/public-ips")).items).toEqual([]);
      expect((await call("DELETE", `/public-ips/${ip}`)).status).toBe(404);
    });

    test("a machine update to another kind of address takes the IP off it; the IP stays claimed", async () => {
      const ready = emulator.machine("ready");
      const before = await machine(ready);
      const ip = await claim();
      await ok("PUT", `/public-ips/${ip}`, { machineId: ready });
      await ok("PUT", `/machines/${ready}`, { publicIpType: "static" });
      expect(await machine(ready)).toMatchObject({ publicIp: ip });
      await ok("PUT", `/machines/${ready}`, { publicIpType: "dynamic" });
      expect(await machine(ready)).toMatchObject({ publicIp: before.publicIp, publicIpType: "dynamic" });
      expect((await page("/public-ips")).items).toEqual([
        { ip, region: "East Coast (NY2)", dtCreated: expect.any(String) },
      ]);
    });

    test("only a machine of the team in the IP's region; an IP of another team is 404", async () => {
      const ip = await claim("ca1");
      const [theirMachine] = emulator.emulator.state.store.machines.list(emulator.emulator.state.store.teams()[1].id);
      for (const machineId of [emulator.machine("ready"), theirMachine.id, "psnothere"]) {
        const refused = await call("PUT", `/public-ips/${ip}`, { machineId });
        expect(refused).toMatchObject({ status: 400, body: { details: { field: "machineId" } } });
      }
      const theirs = (await emulator.call("POST", "/public-ips", { region: "ny2" }, OTHER_KEY)).body.ip as string;
      const machineId = emulator.machine("ready");
      expect((await call("PUT", `/public-ips/${theirs}`, { machineId })).status).toBe(404);
      expect((await call("DELETE", `/public-ips/${theirs}`)).status).toBe(404);
    });

    test("addresses are drawn from the seeded sequence and unique in the team; lists are paged and filtered", async () => {
      const ips = [await claim(), await claim("ams1"), await claim()];
      expect(new Set(ips).size).toBe(3);
      await emulator.control("POST", "/reset");
      expect([await claim(), await claim("ams1"), await claim()]).toEqual(ips);
      const ipsOf = (listed: Page) => listed.items.map((item) => item.ip);
      expect(ipsOf(await page("/public-ips?region=ny2&order=asc"))).toEqual([ips[0], ips[2]]);
      expect(ipsOf(await page("/public-ips?region=Europe%20(AMS1)"))).toEqual([ips[1]]);
      const first = await page("/public-ips?limit=2&orderBy=dtCreated");
      expect(ipsOf(first)).toEqual([ips[2], ips[1]]);
      expect(ipsOf(await page(`/public-ips?limit=2&after=${first.nextPage as string}`))).toEqual([ips[0]]);
    });
  });

  describe("machine accessors and the team's users", () => {
    const users = async () => (await page(`/teams/${teamId()}/users`)).items as { user: Body }[];

    test("the team's owner is the session's user, with two members; role filters; another team's id is 404", async () => {
      const session = await ok("GET", "/auth/session");
      const all = await users();
      // Newest confirmed first: the two members, then the owner.
      expect(all).toEqual([
        expect.objectContaining({ isOwner: false, isAdmin: false, dtConfirmed: expect.any(String) }),
        expect.objectContaining({ isOwner: false, isAdmin: false, dtConfirmed: expect.any(String) }),
        expect.objectContaining({ isOwner: true, isAdmin: true, dtConfirmed: expect.any(String) }),
      ]);
      const owner = all[2];
      const sessionUser = session.user as Body;
      expect(owner.user).toEqual({
        id: sessionUser.id,
        email: sessionUser.email,
        firstName: null,
        lastName: null,
        lastActive: null,
        publicProfileImageUrl: null,
      });
      const members = (await page(`/teams/${teamId()}/users?role=member&order=asc`)).items as { user: Body }[];
      expect(members.map((each) => each.user.email)).toEqual(["ada@default.example.com", "grace@default.example.com"]);
      for (const role of ["owner", "admin"]) {
        const listed = (await page(`/teams/${teamId()}/users?role=${role}`)).items as { user: Body }[];
        expect(listed.map((each) => each.user.id)).toEqual([sessionUser.id]);
      }
      const first = await page(`/teams/${teamId()}/users?limit=2&order=asc`);
      expect(first.hasMore).toBe(true);
      expect((await page(`/teams/${teamId()}/users?limit=2&order=asc&after=${first.nextPage!}`)).items).toHaveLength(1);
      const [, other] = emulator.emulator.state.store.teams();
      expect(await call("GET", `/teams/${other.id}/users`)).toMatchObject({ status: 404, body: { code: "NOT_FOUND" } });
      const theirUsers = await emulator.call("GET", `/teams/${other.id}/users?role=owner`, undefined, OTHER_KEY);
      expect((theirUsers.body.items as { user: Body }[])[0].user.email).toBe("owner@other.example.com");
    });

    test("accessors: members of the machine's team only; adding one again changes nothing; 404 for one not there", async () => {
      const machineId = emulator.machine("off");
      const path = `/machines/${machineId}/accessors`;
      const [owner, ada] = (await users()).reverse().map((each) => each.user);
      const added = await ok("POST", path, { userId: ada.id });
      const { lastActive: _unlisted, ...profile } = ada;
      expect(added).toEqual({ user: profile });
      expect(await ok("POST", path, { userId: ada.id })).toEqual(added);
      expect((await page(path)).items).toEqual([added]);
      await ok("POST", path, { userId: owner.id });
      const byId = [owner.id, ada.id].sort();
      const ascending = await page(`${path}?orderBy=id&order=asc&limit=1`);
      expect(ascending).toMatchObject({ hasMore: true, items: [{ user: { id: byId[0] } }] });
      const rest = await page(`${path}?orderBy=id&order=asc&limit=1&after=${ascending.nextPage!}`);
      expect(rest).toMatchObject({ hasMore: false, items: [{ user: { id: byId[1] } }] });

      const [, other] = emulator.emulator.state.store.teams();
      const theirUser = (await emulator.call("GET", `/teams/${other.id}/users`, undefined, OTHER_KEY)).body.items as {
        user: Body;
      }[];
      for (const userId of [theirUser[0].user.id, "unobody"]) {
        const refused = await call("POST", path, { userId });
        expect(refused).toMatchObject({ status: 400, body: { details: { field: "userId" } } });
      }
      const grace = (await users())[0].user;
      expect((await call("GET", `${path}/${grace.id as string}`)).status).toBe(404);
      expect((await call("DELETE", `${path}/${grace.id as string}`)).status).toBe(404);
      expect(await ok("GET", `${path}/${ada.id as string}`)).toEqual(added);
      expect(await ok("DELETE", `${path}/${ada.id as string}`)).toEqual(added);
      expect((await call("GET", `${path}/${ada.id as string}`)).status).toBe(404);
      expect((await page(path)).items).toHaveLength(1);
    });

    test("a deleted machine takes its accessors with it, and leaves its IP claimed and assigned to none", async () => {
      const machineId = emulator.machine("off");
      const [, ada] = (await users()).reverse().map((each) => each.user);
      await ok("POST", `/machines/${machineId}/accessors`, { userId: ada.id });
      const ip = await claim();
      await ok("PUT", `/public-ips/${ip}`, { machineId });
      const deleted = await ok("DELETE", `/machines/${machineId}`);
      await emulator.settle((deleted.event as { id: string }).id);
      expect((await call("GET", `/machines/${machineId}/accessors`)).status).toBe(404);
      const state = await emulator.control<{ teams: { machineAccessors: Body[] }[] }>("GET", "/state");
      expect(state.teams[0].machineAccessors).toEqual([]);
      expect((await page("/public-ips")).items).toEqual([
        { ip, region: "East Coast (NY2)", dtCreated: expect.any(String) },
      ]);
    });
  });

  describe("quirks", () => {
    test("delete-lag: a deleted network and drive still answer with dtDeleted and are listed; an IP is listed as it was", async () => {
      await emulator.control("POST", "/quirks", { quirks: ["delete-lag"], deleteLagMs: 60_000 });
      const lab = await network("lab");
      const data = await drive("data", lab.id as string);
      const ip = await claim();
      await ok("DELETE", `/shared-drives/${data.id as string}`);
      await ok("DELETE", `/private-networks/${lab.id as string}`);
      await ok("DELETE", `/public-ips/${ip}`);
      for (const [path, list, id] of [
        [`/shared-drives/${data.id as string}`, "/shared-drives", data.id],
        [`/private-networks/${lab.id as string}`, "/private-networks", lab.id],
      ] as const) {
        expect(await ok("GET", path)).toMatchObject({ id, dtDeleted: expect.any(String) });
        expect(idsOf((await page(list)).items)).toContain(id);
        // Only reads see it: it cannot be changed or deleted again.
        expect((await call("PUT", path, { name: "again" })).status).toBe(404);
        expect((await call("DELETE", path)).status).toBe(404);
      }
      expect((await page("/public-ips")).items).toEqual([
        { ip, region: "East Coast (NY2)", dtCreated: expect.any(String) },
      ]);
      now += 60_000;
      expect((await call("GET", `/shared-drives/${data.id as string}`)).status).toBe(404);
      expect((await call("GET", `/private-networks/${lab.id as string}`)).status).toBe(404);
      expect((await page("/public-ips")).items).toEqual([]);
    });
  });

  describe("wire forms", () => {
    afterEach(() => emulator.control("POST", "/config", { wireForm: "live" }));

    test("live (the default): a network, a drive and an IP answer display names; requests may give either", async () => {
      const lab = await network("lab", "ca1");
      expect(lab.region).toBe("West Coast (CA1)");
      expect(await ok("GET", `/private-networks/${lab.id as string}`)).toMatchObject({ region: "West Coast (CA1)" });
      const made = await drive("data", lab.id as string, "West Coast (CA1)");
      expect(made.region).toBe("West Coast (CA1)");
      expect((await page("/shared-drives?region=ca1")).items).toEqual([made]);
      expect(await ok("POST", "/public-ips", { region: "ca1" })).toMatchObject({ region: "West Coast (CA1)" });
    });

    test("spec: a network, a drive and an IP answer the region's code; requests may give either", async () => {
      await emulator.control("POST", "/config", { wireForm: "spec" });
      const lab = await network("lab", "West Coast (CA1)");
      expect(lab.region).toBe("ca1");
      expect(await ok("GET", `/private-networks/${lab.id as string}`)).toMatchObject({ region: "ca1" });
      const made = await drive("data", lab.id as string, "ca1");
      expect(made.region).toBe("ca1");
      expect((await page("/shared-drives?region=West%20Coast%20(CA1)")).items).toEqual([made]);
      expect(await ok("POST", "/public-ips", { region: "Europe (AMS1)" })).toMatchObject({ region: "ams1" });
      expect((await page("/public-ips")).items).toEqual([
        { ip: expect.any(String), region: "ams1", dtCreated: expect.any(String) },
      ]);
    });
  });
});

describe("emulator: the Core environment survives a restart", () => {
  let scratch: string;
  beforeAll(() => (scratch = mkdtempSync(join(tmpdir(), "emulator-environment-"))));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test("networks, drives, IPs and accessors carry over, and the team's network is not seeded again", async () => {
    const stateFile = join(scratch, "state.jsonl");
    const first = await TestEmulator.start({ stateFile, seed: 7 });
    const call = async (emulator: TestEmulator, method: string, path: string, body?: unknown) =>
      (await emulator.call(method, path, body)).body;
    const lab = await call(first, "POST", "/private-networks", { name: "lab", region: "ny2" });
    const data = await call(first, "POST", "/shared-drives", { name: "d", networkId: lab.id, region: "ny2", size: 5 });
    const { ip } = await call(first, "POST", "/public-ips", { region: "ny2" });
    const [machineId] = first.machineIds();
    await call(first, "PUT", `/public-ips/${ip as string}`, { machineId });
    const session = await call(first, "GET", "/auth/session");
    const owner = (session.user as { id: string }).id;
    const accessor = await call(first, "POST", `/machines/${machineId}/accessors`, { userId: owner });
    const networks = await call(first, "GET", "/private-networks");
    await first.close();

    const second = await TestEmulator.start({ stateFile, seed: 7 });
    try {
      expect(await call(second, "GET", "/private-networks")).toEqual(networks);
      expect(await call(second, "GET", `/shared-drives/${data.id as string}`)).toEqual(data);
      expect((await call(second, "GET", "/public-ips")).items).toEqual([
        expect.objectContaining({ ip, assignedMachineId: machineId }),
      ]);
      expect(await call(second, "GET", `/machines/${machineId}`)).toMatchObject({
        publicIp: ip,
        publicIpType: "static",
      });
      expect(await call(second, "GET", `/machines/${machineId}/accessors/${owner}`)).toEqual(accessor);
      const next = await call(second, "POST", "/shared-drives", {
        name: "e",
        networkId: lab.id,
        region: "ny2",
        size: 5,
      });
      // The sequence goes on where it was: a new id, a new password.
      expect(next.id).not.toBe(data.id);
      expect(next.password).not.toBe(data.password);
    } finally {
      await second.close();
    }
  });
});
