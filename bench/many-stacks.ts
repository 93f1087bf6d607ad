/**
 * Many stacks, one key: K stacks of one team (15 scripts and 3 snapshots each) up and destroyed at once, each by its
 * own `pulumi up --parallel 20` (so its own provider process), against an emulator that allows 5 requests per second
 * per key. Each operation of K stacks is run first with no limit (the floor of the same run), then limited; the time
 * beyond the floor is set against what the accepted requests need at that rate, and the refused requests (429)
 * against the accepted ones. The processes share nothing but the user's cache folder (see SharedThrottle).
 *
 *   npm run bench:performance -- --only many-stacks
 *   npx ts-node bench/many-stacks.ts 4          # one K
 */
import { Bench, type BenchStack, type Figure, fixed, runIfMain } from "./support";

const RATE = 5;
const PER_STACK = { scripts: 15, snapshots: 3 };
const PARALLEL = 20;

export const title = "Many stacks, one key";

export interface Together {
  seconds: number;
  accepted: number;
  refused: number;
  /** The first error of each stack that failed. */
  failures: string[];
}

/** Runs one operation on every stack at once and gathers what the emulator answered meanwhile. */
export async function together(bench: Bench, stacks: BenchStack[], operation: "up" | "destroy"): Promise<Together> {
  const log = bench.emulator.emulator.state.requests;
  const before = log.length;
  const started = performance.now();
  const failures: string[] = [];
  await Promise.all(
    stacks.map(async ({ stack }) => {
      try {
        await (operation === "up" ? stack.up({ parallel: PARALLEL }) : stack.destroy({ parallel: PARALLEL }));
      } catch (error) {
        const message = (error as Error).message;
        failures.push((message.split("\n").find((line) => /error:/.test(line)) ?? message).trim().slice(0, 160));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const requests = log.slice(before);
  const refused = requests.filter((r) => r.status === 429).length;
  return { seconds, accepted: requests.length - refused, refused, failures };
}

/** K stacks of the per-stack plan, on one emulator (one team, one key). */
export async function stacksOf(bench: Bench, k: number): Promise<BenchStack[]> {
  const stacks: BenchStack[] = [];
  for (let i = 0; i < k; i++) stacks.push(await bench.stack(PER_STACK));
  return stacks;
}

export async function measure(k: number): Promise<Figure[]> {
  const bench = await Bench.start();
  try {
    await bench.config({ eventDurationMs: 0 });
    const stacks = await stacksOf(bench, k);
    const floor = { up: await together(bench, stacks, "up"), destroy: await together(bench, stacks, "destroy") };
    await bench.config({ rateLimit: { requestsPerSecond: RATE, burst: RATE } });
    const figures: Figure[] = [];
    for (const operation of ["up", "destroy"] as const) {
      const limited = await together(bench, stacks, operation);
      const failures = [...floor[operation].failures, ...limited.failures];
      const refusedShare = limited.refused / limited.accepted;
      const beyondFloor = (limited.seconds - floor[operation].seconds) / (limited.accepted / RATE);
      const name = `K=${k}: ${operation} of ${k} × ${PER_STACK.scripts + PER_STACK.snapshots}`;
      figures.push(
        {
          figure: `${name}: failures`,
          value: failures.length === 0 ? "0" : `${failures.length} (${failures[0]})`,
          goal: "0",
          met: failures.length === 0,
        },
        {
          figure: `${name}: refused ÷ accepted`,
          value: `${fixed(refusedShare)} (${limited.refused} refused, ${limited.accepted} accepted)`,
          goal: "≤ 0.25",
          met: refusedShare <= 0.25,
        },
        {
          figure: `${name}: (time − floor) ÷ (accepted ÷ ${RATE}/s)`,
          value: `${fixed(beyondFloor)} (${fixed(limited.seconds, 1)} s; floor ${fixed(floor[operation].seconds, 1)} s)`,
          goal: "≤ 1.25",
          met: beyondFloor <= 1.25,
        },
      );
    }
    return figures;
  } finally {
    await bench.close();
  }
}

export async function run(): Promise<Figure[]> {
  return [...(await measure(4)), ...(await measure(16))];
}

runIfMain(module, title, () => (process.argv[2] ? measure(Number(process.argv[2])) : run()));
