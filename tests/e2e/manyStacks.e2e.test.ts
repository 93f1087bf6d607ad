import { Bench } from "../../bench/support";
import { stacksOf, together } from "../../bench/many-stacks";

jest.setTimeout(600_000);

/**
 * Four stacks of one team, on one key, up and destroyed at once (each `pulumi up` its own provider process) against
 * an API that allows 5 requests a second: every one converges, and the processes, sharing one throttle through the
 * user's cache folder, are refused at most one request for four accepted (each pacing alone, they were refused about
 * one for each accepted). The times are bench/many-stacks.ts's.
 */
test("four stacks on one rate-limited key converge together, with few requests refused", async () => {
  const bench = await Bench.start();
  try {
    await bench.config({ eventDurationMs: 0, rateLimit: { requestsPerSecond: 5, burst: 5 } });
    const stacks = await stacksOf(bench, 4);
    const { store } = bench.emulator.emulator.state;
    const team = store.teams()[0].id;

    const up = await together(bench, stacks, "up");
    expect(up.failures).toEqual([]);
    expect(up.refused).toBeLessThanOrEqual(up.accepted / 4);
    expect(store.startupScripts.list(team)).toHaveLength(4 * 15);
    expect(store.snapshots.list(team)).toHaveLength(4 * 3);

    const destroy = await together(bench, stacks, "destroy");
    expect(destroy.failures).toEqual([]);
    expect(destroy.refused).toBeLessThanOrEqual(destroy.accepted / 4);
    expect(store.startupScripts.list(team)).toEqual([]);
    expect(store.snapshots.list(team)).toEqual([]);
  } finally {
    await bench.close();
  }
});
