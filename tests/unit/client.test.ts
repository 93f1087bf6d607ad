import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PaperspaceClient } from "../../provider/api/client";
import { ConfigurationError, NetworkError, NotFoundError, ServerError } from "../../provider/api/errors";

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
    const client = new PaperspaceClient({ apiKey: "k-123", apiUrl: api.url });
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
    const client = new PaperspaceClient({ apiKey: "k", apiUrl: api.url });
    const ids: string[] = [];
    for await (const script of client.startupScripts.list({ limit: 2 })) ids.push(script.id);
    expect(ids).toEqual(["a", "b", "c"]);
    expect(api.seen.map((r) => r.url)).toEqual(["/v1/startup-scripts?limit=2", "/v1/startup-scripts?limit=2&after=c1"]);
  });

  test("accepts a list answered as a bare array", async () => {
    const api = await fakeApi(() => ({ status: 200, body: JSON.stringify([{ id: "a" }, { id: "b" }]) }));
    server = api.server;
    const ids: string[] = [];
    for await (const item of new PaperspaceClient({ apiKey: "k", apiUrl: api.url }).startupScripts.list()) {
      ids.push(item.id);
    }
    expect(ids).toEqual(["a", "b"]);
  });

  test("turns the error envelope into a typed error, also on a 200", async () => {
    const api = await fakeApi((request) =>
      request.url?.endsWith("/gone")
        ? { status: 404, body: JSON.stringify({ code: "NOT_FOUND", message: "Startup script gone not found" }) }
        : { status: 200, body: JSON.stringify({ code: "INTERNAL_SERVER_ERROR", message: "oops" }) },
    );
    server = api.server;
    const client = new PaperspaceClient({ apiKey: "k", apiUrl: api.url });
    await expect(client.startupScripts.get("gone")).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.startupScripts.get("other")).rejects.toBeInstanceOf(ServerError);
  });

  test("a refused connection is a network error that never shows the key", async () => {
    const api = await fakeApi(() => ({ status: 200, body: "{}" }));
    await new Promise<void>((resolve) => api.server.close(() => resolve()));
    const client = new PaperspaceClient({ apiKey: "secret-key-value", apiUrl: api.url });
    const error = await client.startupScripts.get("x").catch((e: Error) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect((error as Error).message).not.toContain("secret-key-value");
  });

  test.each([
    ["http://api.example.com/v1", /plain http to api\.example\.com/],
    ["ftp://127.0.0.1/v1", /must use https/],
    ["not a url", /is not a URL/],
  ])("refuses the API URL %s", (apiUrl, message) => {
    expect(() => new PaperspaceClient({ apiKey: "k", apiUrl })).toThrow(ConfigurationError);
    expect(() => new PaperspaceClient({ apiKey: "k", apiUrl })).toThrow(message);
  });

  test.each([
    "http://127.0.0.1:4010/v1",
    "http://localhost:4010/v1",
    "http://[::1]:4010/v1",
    "https://api.paperspace.com/v1",
  ])("accepts the API URL %s", (apiUrl) => {
    expect(() => new PaperspaceClient({ apiKey: "k", apiUrl })).not.toThrow();
  });
});
