/**
 * A day of GitOps (testing/gitopsDay.ts) on each path, the dynamic resources and the provider plugin: N cycles of a
 * pull request's change, preview, up with a fault and quirks drawn at random, refresh, on one stack and one emulator
 * for the day. Prints, per path: the cycles that converged at once, those the next up healed, those healed later or
 * never; requests per cycle, the provider process's peak memory and the time per cycle in the first and the last
 * tenth of the day (growth would show there); the seed.
 *
 *   npm run reliability -- --part gitops [--cycles 500] [--path dynamic|plugin] [--seed 1] [--minutes M] [--markdown]
 *
 * `--minutes` ends the day early, after the cycle that passes that time: the figures say how many cycles ran.
 */
import { performance } from "node:perf_hooks";
import { type Cycle, GitopsDay, type Path } from "../testing/gitopsDay";
import { Bench, BenchStack, type Figure, fixed, print } from "./support";

export interface DayResult {
  path: Path;
  seed: number;
  cycles: (Cycle & { seconds: number })[];
  convergedAtOnce: number;
  healedByNextUp: number;
  healedLater: number;
  neverHealed: number;
  /** Cycles whose `up` failed (most of them then not converged). */
  upsFailed: number;
  /** Cycles in which a fault rule fired during the `up`. */
  faultsFired: number;
  firstTenth: Tenth;
  lastTenth: Tenth;
  noChangeFailure?: string;
  destroyFailure?: string;
  left: number;
  seconds: number;
}

interface Tenth {
  requests: number;
  peakProviderMb: number;
  seconds: number;
  resources: number;
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);

function tenth(cycles: (Cycle & { seconds: number })[]): Tenth {
  return {
    requests: mean(cycles.map((c) => c.requests)),
    peakProviderMb: mean(cycles.map((c) => c.peakProviderMb)),
    seconds: mean(cycles.map((c) => c.seconds)),
    resources: mean(cycles.map((c) => c.resources)),
  };
}

export async function runDay(path: Path, n: number, seed: number, minutes = Infinity): Promise<DayResult> {
  const started = performance.now();
  const bench = await Bench.start({ machines: [] });
  try {
    const day = await GitopsDay.start(path, bench.emulator, seed);
    const watched = new BenchStack(bench, day.stack, day.workDir, day.stateDir, day.providerCommand);
    day.watchWith(async (operation) => {
      const { result, peakProviderMb } = await watched.measure(operation);
      return { result, peakProviderMb };
    });
    const cycles: (Cycle & { seconds: number })[] = [];
    for (let i = 0; i < n && performance.now() - started < minutes * 60_000; i++) {
      const at = performance.now();
      const cycle = await day.cycle();
      cycles.push({ ...cycle, seconds: (performance.now() - at) / 1000 });
      const { badDay } = cycle;
      process.stderr.write(
        `[${path} ${cycle.cycle}/${n}] ${cycle.change} | ${badDay.fault}` +
          `${badDay.quirks.length ? ` + ${badDay.quirks.join(",")}` : ""} (fired ${cycle.faultHits}) | ` +
          `${cycle.problems.length === 0 ? "converged" : `NOT converged: ${cycle.problems.join("; ")}`}` +
          `${cycle.upFailure ? ` | up failed: ${cycle.upFailure}` : ""} | ${cycle.requests} requests, ` +
          `${fixed(cycle.peakProviderMb, 0)} MiB, ${fixed(cycles.at(-1)!.seconds, 1)} s\n`,
      );
    }
    // The last cycle has no next one: a fault-free up stands for it, as the next merged pull request would.
    const finalProblems =
      cycles.at(-1)!.problems.length > 0
        ? await day.heal().catch((error: Error) => [`the healing up failed: ${error.message.slice(0, 200)}`])
        : [];
    let convergedAtOnce = 0;
    let healedByNextUp = 0;
    let healedLater = 0;
    let neverHealed = 0;
    for (const [i, cycle] of cycles.entries()) {
      if (cycle.problems.length === 0) {
        convergedAtOnce++;
        continue;
      }
      const next = cycles.findIndex((c, j) => j > i && c.problems.length === 0);
      const healedAtEnd = next < 0 && finalProblems.length === 0;
      if (next === i + 1 || (healedAtEnd && i === cycles.length - 1)) healedByNextUp++;
      else if (next > i + 1 || healedAtEnd) healedLater++;
      else neverHealed++;
    }
    const ended = await day.end();
    const size = Math.max(1, Math.ceil(cycles.length / 10));
    return {
      path,
      seed,
      cycles,
      convergedAtOnce,
      healedByNextUp,
      healedLater,
      neverHealed,
      upsFailed: cycles.filter((c) => c.upFailure).length,
      faultsFired: cycles.filter((c) => c.faultHits > 0).length,
      firstTenth: tenth(cycles.slice(0, size)),
      lastTenth: tenth(cycles.slice(-size)),
      ...ended,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await bench.close();
  }
}

/** Growth within this share counts as none: the changes and faults are drawn at random, so tenths differ in mix. */
const NO_GROWTH = 1.25;

function figures(r: DayResult): Figure[] {
  const { firstTenth: first, lastTenth: last } = r;
  return [
    { figure: "cycles (seed)", value: `${r.cycles.length} (seed ${r.seed}), ${fixed(r.seconds / 60, 1)} min` },
    { figure: "converged at once", value: String(r.convergedAtOnce) },
    { figure: "healed by the next up", value: String(r.healedByNextUp) },
    { figure: "healed by a later up", value: String(r.healedLater) },
    { figure: "never healed", value: String(r.neverHealed), goal: "0", met: r.neverHealed === 0 },
    { figure: "ups that failed / cycles whose fault fired", value: `${r.upsFailed} / ${r.faultsFired}` },
    {
      figure: "requests per cycle, first → last tenth",
      value: `${fixed(first.requests, 1)} → ${fixed(last.requests, 1)} (resources declared ${fixed(first.resources, 1)} → ${fixed(last.resources, 1)})`,
      goal: `no growth (≤ ${NO_GROWTH}×)`,
      met: last.requests <= first.requests * NO_GROWTH,
    },
    {
      figure: "provider peak memory, first → last tenth",
      value: `${fixed(first.peakProviderMb, 0)} → ${fixed(last.peakProviderMb, 0)} MiB`,
      goal: `no growth (≤ ${NO_GROWTH}×)`,
      met: last.peakProviderMb <= first.peakProviderMb * NO_GROWTH,
    },
    { figure: "time per cycle, first → last tenth", value: `${fixed(first.seconds, 1)} → ${fixed(last.seconds, 1)} s` },
    {
      figure: "end: no-change preview, destroy",
      value:
        `${r.noChangeFailure ? `changes: ${r.noChangeFailure}` : "no change"}; ` +
        `${r.destroyFailure ? `destroy failed: ${r.destroyFailure}; ` : ""}${r.left} objects left`,
      goal: "no change, 0 left",
      met: !r.noChangeFailure && !r.destroyFailure && r.left === 0,
    },
  ];
}

/** The cycles that did not converge at once, for the record: what changed, what the day threw, what was wrong. */
function notConverged(r: DayResult): string[] {
  return r.cycles
    .filter((c) => c.problems.length > 0)
    .map(
      (c) =>
        `${r.path} cycle ${c.cycle}: ${c.change}; ${c.badDay.fault}${c.badDay.quirks.length ? ` + ${c.badDay.quirks.join(", ")}` : ""}` +
        `${c.upFailure ? `; up failed: ${c.upFailure}` : ""}; ${c.problems.join("; ")}`,
    );
}

export function report(results: DayResult[], markdown: boolean): void {
  if (!markdown) {
    for (const r of results) print(`A day of GitOps: ${r.path}`, figures(r));
  } else {
    const header = [
      "path",
      "cycles",
      "converged at once",
      "healed by the next up",
      "healed later",
      "never healed",
      "ups failed / faults fired",
      "requests per cycle, first → last tenth",
      "provider peak MiB, first → last tenth",
      "s per cycle, first → last tenth",
      "end",
      "seed",
    ];
    console.log(`| ${header.join(" | ")} |`);
    console.log(`|${header.map(() => " --- ").join("|")}|`);
    for (const r of results) {
      const { firstTenth: a, lastTenth: b } = r;
      const row = [
        r.path,
        String(r.cycles.length),
        String(r.convergedAtOnce),
        String(r.healedByNextUp),
        String(r.healedLater),
        String(r.neverHealed),
        `${r.upsFailed} / ${r.faultsFired}`,
        `${fixed(a.requests, 1)} → ${fixed(b.requests, 1)}`,
        `${fixed(a.peakProviderMb, 0)} → ${fixed(b.peakProviderMb, 0)}`,
        `${fixed(a.seconds, 1)} → ${fixed(b.seconds, 1)}`,
        `${r.noChangeFailure ? "changes left" : "no change"}, ${r.destroyFailure ? "destroy failed, " : ""}${r.left} left`,
        String(r.seed),
      ];
      console.log(`| ${row.join(" | ")} |`);
    }
  }
  const lines = results.flatMap(notConverged);
  if (lines.length > 0) console.log(`\nNot converged at once:\n${lines.map((l) => `- ${l}`).join("\n")}`);
}

/** Runs the day on each path in turn; fails (exit code 1) when a cycle never healed or the day's end left something. */
export async function gitops(options: {
  cycles: number;
  paths: Path[];
  seed: number;
  minutes?: number;
  markdown: boolean;
}) {
  const results: DayResult[] = [];
  for (const path of options.paths) results.push(await runDay(path, options.cycles, options.seed, options.minutes));
  report(results, options.markdown);
  if (results.some((r) => r.neverHealed > 0 || r.noChangeFailure || r.destroyFailure || r.left > 0)) {
    process.exitCode = 1;
  }
}
