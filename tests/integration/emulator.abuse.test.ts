import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";

const OTHER_KEY = "other-team-key";

/** The emulator keeps serving, refuses each abuse with the right code, and loses no acknowledged write. */
describe("emulator under abuse", () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await TestEmulator.start({ teams: [{ name: "other", apiKeys: [OTHER_KEY], machines: [] }] });
  });
  afterAll(() => emulator.close());

  const post = (body: string, key = DEFAULT_API_KEY) =>
    fetch(`${emulator.url}/startup-scripts`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body,
    });

  test.each([
    ["malformed JSON", '{"name": ', 400, "PARSE_ERROR"],
    ["a JSON array", "[1, 2, 3]", 400, "BAD_REQUEST"],
    ["a body nested 5,000 deep", "[".repeat(5000) + "]".repeat(5000), 400, "BAD_REQUEST"],
    ["a 2 MiB body", JSON.stringify({ name: "big", script: "x".repeat(2 * 1024 * 1024) }), 413, "PAYLOAD_TOO_LARGE"],
    ["a script just over 16 KiB", JSON.stringify({ name: "big", script: "x".repeat(16385) }), 413, "PAYLOAD_TOO_LARGE"],
    ["a prototype-poisoning body", '{"name":"p","script":"x","__proto__":{"isEnabled":false}}', 400, "PARSE_ERROR"],
  ])("%s is refused", async (_case, body, status, code) => {
    const response = await post(body);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ code });
  });

  test("a 5,000-character id is an ordinary 404 with the envelope", async () => {
    const answer = await emulator.call("GET", `/startup-scripts/${"x".repeat(5000)}`);
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe("NOT_FOUND");
  });

  test("a flood of 3,000 requests, a third of them garbage or another team's, is answered and loses no write", async () => {
    const acknowledged: string[] = [];
    const kinds = [
      () => post(JSON.stringify({ name: `flood-${Math.random()}`, script: "echo" })),
      () => post("{not json"),
      () =>
        fetch(`${emulator.url}/startup-scripts?limit=500`, { headers: { authorization: `Bearer ${DEFAULT_API_KEY}` } }),
      () => fetch(`${emulator.url}/startup-scripts`, { headers: { authorization: `Bearer ${OTHER_KEY}` } }),
      () => fetch(`${emulator.url}/startup-scripts`),
    ];
    const statuses: Record<number, number> = {};
    let next = 0;
    const worker = async () => {
      while (next < 3000) {
        const kind = next++ % kinds.length;
        const response = await kinds[kind]();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        const body = (await response.json()) as { id?: string };
        if (kind === 0 && response.status === 200 && body.id) acknowledged.push(body.id);
      }
    };
    await Promise.all(Array.from({ length: 100 }, worker));
    expect(statuses).toEqual({ 200: 1200, 400: 1200, 401: 600 });
    const [mine, theirs] = emulator.emulator.state.store.teams();
    const stored = new Set(emulator.emulator.state.store.startupScripts.list(mine.id).map((s) => s.id));
    expect(acknowledged).toHaveLength(600);
    expect(acknowledged.every((id) => stored.has(id))).toBe(true);
    expect(emulator.emulator.state.store.startupScripts.list(theirs.id)).toEqual([]);
    expect(await emulator.control("GET", "/health")).toMatchObject({ status: "ok" });
    // A hang guard, not a speed check: on a loaded 2-core machine the flood takes several seconds.
  }, 120_000);
});
