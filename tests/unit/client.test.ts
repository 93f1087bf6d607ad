import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { MAX_CONCURRENT_REQUESTS, PaperspaceClient, RequestLimits } from "../../provider/api/client";
import {
  ConfigurationError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  RequestTimeoutError,
  ServerError,
  mayHaveActed,
} from "../../provider/api/errors";

const quickRetries = { retries: 3, backoffBaseMs: 1 };
/** The limits of this test process, shared by its clients as a provider process's are. */
const limits = new RequestLimits();

type Route = (request: IncomingMessage) => { status: number; body: string };

/** A fake API on loopback: each test says what it answers. */
async function fakeApi(route: Route): Promise<{ url: string; seen: IncomingMessage[]; server: Server }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    seen.push(request);
    const { status, body } = route(request);
    response.writeHead(status, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, seen, server };
}

describe("PaperspaceClient", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  test("sends the key as a bearer token and parses the answer", async () => {
    const api = await fakeApi(() => ({ status: 200, body: JSON.stringify({ id: "sc1", name: "a" }) }));
    server = api.server;
    const client = new PaperspaceClient({ limits, apiKey: "k-123", apiUrl: api.url });
    await expect(client.startupScripts.get("sc1")).resolves.toMatchObject({ id: "sc1" });
    expect(api.seen[0].headers.authorization).toBe("Bearer k-123");
    expect(api.seen[0].url).toBe("/v1/startup-scripts/sc1");
  });

  test("follows nextPage until the last page", async () => {
    const api = await fakeApi((request) => {
      const after = new URL(request.url ?? "", "http://x").searchParams.get("after");
      const page =
        after === null
          ? { hasMore: true, items: [{ id: "a" }, { id: "b" }], nextPage: "c1" }
          : { hasMore: false, items: [{ id: "c" }], nextPage: null };
      return { status: 200, body: JSON.stringify(page) };
    });
    server = api.server;
    const client = new PaperspaceClient({ limits, apiKey: "k", apiUrl: api.url });
    const ids: string[] = [];
    for await (const script of client.startupScripts.list({ limit: 2 })) ids.push(script.id);
    expect(ids).toEqual(["a", "b", "c"]);
    expect(api.seen.map((r) => r.url)).toEqual(["/v1/startup-scripts?limit=2", "/v1/startup-scripts?limit=2&after=c1"]);
  });

  test("a list gives each item once, though pages repeat items, and stops on a cursor it has seen", async () => {
    const pages: Record<string, object> = {
      first: { hasMore: true, items: [{ id: "a" }, { id: "b" }], nextPage: "c1" },
      c1: { hasMore: true, items: [{ id: "b" }, { id: "c" }], nextPage: "c2" },
      c2: { hasMore: true, items: [{ id: "c" }, { id: "d" }], nextPage: "c1" },
    };
    const api = await fakeApi((request) => {
      const after = new URL(request.url ?? "", "http://x").searchParams.get("after") ?? "first";
      return { status: 200, body: JSON.stringify(pages[after]) };
    });
    server = api.server;
    const client = new PaperspaceClient({ limits, apiKey: "k", apiUrl: api.url });
    const ids: string[] = [];
    for await (const template of client.customTemplates.list()) ids.push(template.id);
    expect(ids).toEqual(["a", "b", "c", "d"]);
    expect(api.seen).toHaveLength(3);
  });

  test("an object that says it was deleted reads as a 404, and a list leaves it out", async () => {
    const deleted = { id: "sc1", name: "a", dtDeleted: "2026-01-01T00:00:00.000Z" };
    const api = await fakeApi((request) =>
      request.url?.includes("sc1")
        ? { status: 200, body: JSON.stringify(deleted) }
        : { status: 200, body: JSON.stringify({ hasMore: false, items: [deleted, { id: "sc2", dtDeleted: null }] }) },
    );
    server = api.server;
    const client = new PaperspaceClient({ limits, apiKey: "k", apiUrl: api.url });
    await expect(client.startupScripts.get("sc1")).rejects.toBeInstanceOf(NotFoundError);
    const ids: string[] = [];
    for await (const script of client.startupScripts.list()) ids.push(script.id);
    expect(ids).toEqual(["sc2"]);
  });

  test("with batchReads, reads of one machine's accessors that arrive together share its list; one it does not show is its own GET", async () => {
    const accessor = (userId: string) => ({ user: { id: userId, email: `${userId}@x.example.com` } });
    const api = await fakeApi((request) =>
      new URL(request.url ?? "", "http://x").pathname === "/v1/machines/m1/accessors"
        ? { status: 200, body: JSON.stringify({ hasMore: false, items: [accessor("u1"), accessor("u2")] }) }
        : { status: 404, body: JSON.stringify({ code: "NOT_FOUND", message: "Accessor u3 of machine m1 not found" }) },
    );
    server = api.server;
    const client = new PaperspaceClient({
      limits: new RequestLimits(),
      apiKey: "k",
      apiUrl: api.url,
      batchReads: true,
    });
    const reads = ["u1", "u2", "u3"].map((userId) => client.machineAccessors.get("m1", userId));
    await expect(reads[0]).resolves.toEqual(accessor("u1"));
    await expect(reads[1]).resolves.toEqual(accessor("u2"));
    await expect(reads[2]).rejects.toBeInstanceOf(NotFoundError);
    expect(api.seen.map((r) => r.url)).toEqual(["/v1/machines/m1/accessors?limit=120", "/v1/machines/m1/accessors/u3"]);
  });

  test("a machine's numbers sent as strings and its region as a display name read as numbers and the code", async () => {
    const wire = {
      id: "ps1",
      region: "East Coast (NY2)",
      ram: "51539607552",
      storageTotal: "53687091200",
      storageUsed: "12884901888",
      cpus: 8,
      accelerators: [{ name: "A4000", memory: "17179869184", count: 1 }],
    };
    const api = await fakeApi((request) =>
      request.url?.endsWith("/machines/ps1")
        ? { status: 200, body: JSON.stringify(wire) }
        : { status: 200, body: JSON.stringify({ hasMore: false, items: [wire] }) },
    );
    server = api.server;
    const client = new PaperspaceClient({ limits, apiKey: "k", apiUrl: api.url });
    const expected = {
      region: "ny2",
      ram: 51539607552,
      storageTotal: 53687091200,
      storageUsed: 12884901888,
      cpus: 8,
      accelerators: [{ name: "A4000", memory: 17179869184, count: 1 }],
    };
    expect(await client.machines.get("ps1")).toMatchObject(expected);
    for await (const machine of client.machines.list()) expect(machine).toMatchObject(expected);
  });

  test("a request without a body sends no content type; one with a body sends JSON", async () => {
    const api = await fakeApi(() => ({ status: 200, body: JSON.stringify({ id: "x", data: {}, event: {} }) }));
    server = api.server;
    const client = new PaperspaceClient({ limits, apiKey: "k", apiUrl: api.url });
    await client.startupScripts.get("sc1");
    await client.startupScripts.delete("sc1");
    await client.request("POST", "/machines/ps1/restart");
    await client.machines.stop("ps1");
    expect(api.seen.map((r) => [r.method, r.headers["content-type"]])).toEqual([
      ["GET", undefined],
      ["DELETE", undefined],
      ["POST", undefined],
      ["PATCH", "application/json"],
    ]);
  });

  test("a list answered with something that is not a page is an error naming the request", async () => {
    const api = await fakeApi(() => ({ status: 200, body: JSON.stringify([{ id: "a" }, { id: "b" }]) }));
    server = api.server;
    const list = new PaperspaceClient({ limits, apiKey: "k", apiUrl: api.url }).startupScripts.list();
    await expect(list.next()).rejects.toThrow(
      "Paperspace API GET /startup-scripts answered something that is not a page of a list.",
    );
  });

  test("turns the error envelope into a typed error, also on a 200", async () => {
    const api = await fakeApi((request) =>
      request.url?.endsWith("/gone")
        ? { status: 404, body: JSON.stringify({ code: "NOT_FOUND", message: "Startup script gone not found" }) }
        : { status: 200, body: JSON.stringify({ code: "INTERNAL_SERVER_ERROR", message: "oops" }) },
    );
    server = api.server;
    const client = new PaperspaceClient({ limits, apiKey: "k", apiUrl: api.url, ...quickRetries });
    await expect(client.startupScripts.get("gone")).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.startupScripts.get("other")).rejects.toBeInstanceOf(ServerError);
  });

  test("a refused connection is a network error that never shows the key", async () => {
    const api = await fakeApi(() => ({ status: 200, body: "{}" }));
    await new Promise<void>((resolve) => api.server.close(() => resolve()));
    const client = new PaperspaceClient({ limits, apiKey: "secret-key-value", apiUrl: api.url, ...quickRetries });
    const error = await client.startupScripts.get("x").catch((e: Error) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).refused).toBe(true);
    expect(mayHaveActed(error)).toBe(false);
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect((error as Error).message).not.toContain("secret-key-value");
  });

  test.each([
    ["http://api.example.com/v1", /plain http to api\.example\.com/],
    ["ftp://127.0.0.1/v1", /must use https/],
    ["not a url", /is not a URL/],
  ])("refuses the API URL %s", (apiUrl, message) => {
    expect(() => new PaperspaceClient({ limits, apiKey: "k", apiUrl })).toThrow(ConfigurationError);
    expect(() => new PaperspaceClient({ limits, apiKey: "k", apiUrl })).toThrow(message);
  });

  test.each([
    "http://127.0.0.1:4010/v1",
    "http://localhost:4010/v1",
    "http://[::1]:4010/v1",
    "https://api.paperspace.com/v1",
  ])("accepts the API URL %s", (apiUrl) => {
    expect(() => new PaperspaceClient({ limits, apiKey: "k", apiUrl })).not.toThrow();
  });
});

describe("PaperspaceClient retries", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** Answers each request with the next reply in the list (the last one repeats). */
  async function scripted(replies: ({ status: number; headers?: Record<string, string> } | "drop")[]) {
    const seen: string[] = [];
    server = createServer((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      const reply = replies[Math.min(seen.length - 1, replies.length - 1)];
      if (reply === "drop") return request.socket.destroy();
      const ok = reply.status < 400;
      response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      response.end(JSON.stringify(ok ? { id: "sc1", name: "a" } : { code: "X", message: "injected" }));
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`;
    return { client: new PaperspaceClient({ limits, apiKey: "k", apiUrl: url, ...quickRetries }), seen };
  }

  test.each([
    ["a 503", { status: 503 }],
    ["a 500", { status: 500 }],
    ["a dropped connection", "drop" as const],
  ])("a read is repeated after %s", async (_case, failure) => {
    const { client, seen } = await scripted([failure, failure, { status: 200 }]);
    await expect(client.startupScripts.get("sc1")).resolves.toMatchObject({ id: "sc1" });
    expect(seen).toHaveLength(3);
  });

  test("a read gives up after the retries, with the last error", async () => {
    const { client, seen } = await scripted([{ status: 502 }]);
    await expect(client.startupScripts.get("sc1")).rejects.toBeInstanceOf(ServerError);
    expect(seen).toHaveLength(1 + quickRetries.retries);
  });

  test.each([
    ["a 503", { status: 503 }, ServerError],
    ["a dropped connection", "drop" as const, NetworkError],
  ])("a create is not repeated after %s, which it may have acted on", async (_case, failure, type) => {
    const { client, seen } = await scripted([failure, { status: 200 }]);
    const error = await client.startupScripts.create({ name: "a", script: "x" }).catch((e) => e);
    expect(error).toBeInstanceOf(type);
    expect(mayHaveActed(error)).toBe(true);
    expect(seen).toEqual(["POST /v1/startup-scripts"]);
  });

  test.each([
    ["a 502", { status: 502 }],
    ["a dropped connection", "drop" as const],
  ])(
    "an unassign is repeated after %s: a repeat of one the API acted on is refused, which callers read as done",
    async (_case, failure) => {
      const { client, seen } = await scripted([failure, { status: 200 }]);
      await expect(client.startupScripts.unassign("sc1", { machineId: "ps1" })).resolves.toMatchObject({ id: "sc1" });
      expect(seen).toEqual(["POST /v1/startup-scripts/sc1/unassign", "POST /v1/startup-scripts/sc1/unassign"]);
    },
  );

  test("a create is repeated after a 429, which proves the API did not act, waiting Retry-After", async () => {
    const { client, seen } = await scripted([{ status: 429, headers: { "retry-after": "1" } }, { status: 200 }]);
    const started = Date.now();
    await expect(client.startupScripts.create({ name: "a", script: "x" })).resolves.toMatchObject({ id: "sc1" });
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  test("429s do not use up the retries: they are repeated until the operation's deadline", async () => {
    const limited = { status: 429, headers: { "retry-after": "0" } };
    const { client, seen } = await scripted([limited, limited, limited, limited, limited, { status: 200 }]);
    await expect(client.startupScripts.get("sc1")).resolves.toMatchObject({ id: "sc1" });
    expect(seen).toHaveLength(6);
  });

  test("a 429 that persists past the deadline becomes a rate-limited error that says to retry later", async () => {
    const { seen } = await scripted([{ status: 429, headers: { "retry-after": "0" } }]);
    const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`;
    const client = new PaperspaceClient({
      limits,
      apiKey: "k",
      apiUrl: url,
      ...quickRetries,
      deadline: Date.now() + 300,
    });
    const error = await client.startupScripts.get("sc1").catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.message).toContain("retry later");
    expect(seen.length).toBeGreaterThan(1);
  });

  test("after a 429, every request of the process to that API with that key holds until Retry-After", async () => {
    const arrivals: { key: string; at: number }[] = [];
    server = createServer((request, response) => {
      arrivals.push({ key: request.headers.authorization ?? "", at: Date.now() });
      const limited = arrivals.length === 1;
      response.writeHead(limited ? 429 : 200, { "content-type": "application/json", "retry-after": "1" });
      response.end(JSON.stringify(limited ? { code: "TOO_MANY_REQUESTS", message: "slow down" } : { id: "x" }));
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`;
    const client = (apiKey: string) => new PaperspaceClient({ limits, apiKey, apiUrl: url, ...quickRetries });
    const first = client("held").machines.get("ps1");
    while (arrivals.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50)); // the 429 has been read
    // Another resource's client with the same key waits; one with another key does not.
    await Promise.all([first, client("held").machines.get("ps2"), client("free").machines.get("ps3")]);
    const limitedAt = arrivals[0].at;
    const after = (key: string) => arrivals.slice(1).filter((a) => a.key === `Bearer ${key}`);
    expect(after("held").map((a) => a.at - limitedAt >= 990)).toEqual([true, true]);
    expect(after("free").map((a) => a.at - limitedAt < 900)).toEqual([true]);
  });

  test("no retry starts after the operation's deadline", async () => {
    const { seen } = await scripted([{ status: 503 }]);
    const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`;
    const late = new PaperspaceClient({ limits, apiKey: "k", apiUrl: url, ...quickRetries, deadline: Date.now() - 1 });
    await expect(late.startupScripts.get("sc1")).rejects.toBeInstanceOf(ServerError);
    expect(seen).toHaveLength(1);
  });

  test("a request with no answer within its timeout is a timeout error", async () => {
    server = createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`;
    const client = new PaperspaceClient({ limits, apiKey: "k", apiUrl: url, timeoutMs: 100, retries: 0 });
    const error = await client.startupScripts.get("sc1").catch((e) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(mayHaveActed(error)).toBe(true);
    server.closeAllConnections();
  });

  test(`at most ${MAX_CONCURRENT_REQUESTS} requests are in flight from the process`, async () => {
    let inFlight = 0;
    let most = 0;
    server = createServer((_request, response) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      }, 20);
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`;
    // Two clients: the limit is on the process, not on one client.
    const clients = [0, 1].map(() => new PaperspaceClient({ limits, apiKey: "k", apiUrl: url }));
    await Promise.all(Array.from({ length: 60 }, (_, i) => clients[i % 2].machines.get(`ps${i}`)));
    expect(most).toBe(MAX_CONCURRENT_REQUESTS);
  });
});
