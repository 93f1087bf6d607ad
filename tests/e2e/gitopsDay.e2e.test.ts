import { TestEmulator } from "../../testing/emulator";
import { type Cycle, GitopsDay, type Path } from "../../testing/gitopsDay";

jest.setTimeout(600_000);

/**
 * The first cycles of seed 1's day (npm run reliability -- --part gitops runs hundreds): a 503, then a 502 on the unassign
 * of an assignment's replace, then an answer slower than the client's timeout drawn, with quirks.
 */
const SEED = 1;
const CYCLES = 3;

/**
 * A short GitOps day on each path (testing/gitopsDay.ts): each cycle's pull request, preview, up with a fault and
 * quirks drawn at random, refresh; each converges or the next up heals it; the day ends with no change to preview and
 * nothing left after destroy.
 */
describe.each<Path>(["dynamic", "plugin"])("a short GitOps day through the %s path", (path) => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await TestEmulator.start({ machines: [] });
  });
  afterAll(() => emulator?.close());

  test(`${CYCLES} cycles: each converges, or the next up heals it; no change and nothing left at the end`, async () => {
    const day = await GitopsDay.start(path, emulator, SEED);
    const cycles: Cycle[] = [];
    for (let i = 0; i < CYCLES; i++) cycles.push(await day.cycle());
    expect(cycles.some((cycle) => cycle.faultHits > 0)).toBe(true);
    for (const [i, cycle] of cycles.entries()) {
      if (cycle.problems.length === 0) continue;
      const next = i + 1 < cycles.length ? cycles[i + 1].problems : await day.heal();
      expect({ cycle: cycle.cycle, healedBy: "the next up", problems: next }).toEqual({
        cycle: cycle.cycle,
        healedBy: "the next up",
        problems: [],
      });
    }
    expect(await day.end()).toEqual({ left: 0 });
  });
});
