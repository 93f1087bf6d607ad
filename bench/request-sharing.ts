/**
 * Shared requests against per-resource ones, side by side in one run: stacks of N custom templates and N snapshots
 * (N = 50 and 200) with realistic event durations, run once with each resource making its own requests
 * (`PULUMI_PAPERSPACE_REQUEST_SHARING=per-resource`, as before) and once sharing them (the default): the waits read one
 * poll of the events, and reads of one type that arrive together are served from the type's list.
 *
 * For each: the event requests of `up` (every wait side by side, `--parallel 2N`), how late each event was seen ended
 * (from the emulator: its first read that showed it ended, against when it ended), the requests of a `refresh` at the
 * engine's default parallelism and at `--parallel 2N`, and, under a 5 requests/s limit, the wall time of `up` and of
 * `refresh` (at `--parallel 2N`).
 */
import {
  Bench,
  type BenchStack,
  type Figure,
  type Measured,
  eventReads,
  eventsSince,
  fixed,
  matching,
  quantile,
  runIfMain,
} from "./support";

const SIZES = [50, 200];
const RATE = 5;
const EVENT_MS = { "template-create": 45_000, "snapshot-create": 20_000 };
const LONGEST_EVENT_S = Math.max(...Object.values(EVENT_MS)) / 1000;
const STRATEGIES = ["per-resource", "shared"] as const;
type Strategy = (typeof STRATEGIES)[number];

export const title = "Shared requests (waits and refresh)";

interface Result {
  eventRequests: number;
  lateMs: number[];
  /** The event seen ended latest, and what read the events around then: to find why, when a goal is missed. */
  latest: string;
  refreshDefault: Measured;
  refreshWide: Measured;
  limitedUp: Measured;
  limitedRefresh: Measured;
}

const reads = (m: Measured) => ({
  templates: m.requests.filter((r) => r.method === "GET" && r.path.startsWith("/custom-templates")).length,
  snapshots: m.requests.filter((r) => r.method === "GET" && r.path.startsWith("/snapshots")).length,
});

async function runOne(bench: Bench, n: number, strategy: Strategy): Promise<Result> {
  const stack = await bench.stack({ templates: n, snapshots: n });
  const env = stack.stack.workspace.envVars;
  if (strategy === "per-resource") env.PULUMI_PAPERSPACE_REQUEST_SHARING = "per-resource";
  else delete env.PULUMI_PAPERSPACE_REQUEST_SHARING;
  const wide = 2 * n;
  try {
    await bench.config({ eventDurations: EVENT_MS, rateLimit: null });
    const up = await stack.measure((s) => s.up({ parallel: wide }));
    const refreshDefault = await stack.measure((s) => s.refresh());
    const refreshWide = await stack.measure((s) => s.refresh({ parallel: wide }));
    const lateMs = endsSeen(bench, up);
    const latest = latestSeen(bench, up);
    await bench.config({ eventDurationMs: 0 });
    await stack.stack.destroy({ parallel: wide });

    await bench.config({ eventDurations: EVENT_MS, rateLimit: { requestsPerSecond: RATE, burst: RATE } });
    const limitedUp = await stack.measure((s) => s.up({ parallel: wide }));
    const limitedRefresh = await stack.measure((s) => s.refresh({ parallel: wide }));
    await bench.config({ eventDurationMs: 0, rateLimit: null });
    return {
      eventRequests: eventReads(up.requests).length,
      lateMs,
      latest,
      refreshDefault,
      refreshWide,
      limitedUp,
      limitedRefresh,
    };
  } finally {
    await bench.config({ eventDurationMs: 0, rateLimit: null });
    await destroyQuietly(stack);
  }
}

/** How late after it ended each create event of the operation was first read ended. */
function endsSeen(bench: Bench, operation: Measured): number[] {
  const events = eventsSince(bench, operation.requests[0]?.at ?? 0, (name) => name in EVENT_MS);
  return events.map((event) => event.endSeenAt - event.finishAt);
}

function latestSeen(bench: Bench, operation: Measured): string {
  const start = operation.requests[0]?.at ?? 0;
  const events = eventsSince(bench, start, (name) => name in EVENT_MS);
  const worst = events.reduce((a, b) => (b.endSeenAt - b.finishAt > a.endSeenAt - a.finishAt ? b : a));
  const at = (ms: number) => `+${fixed((ms - start) / 1000, 1)} s`;
  const between = operation.requests.filter((r) => r.at >= worst.finishAt && r.at <= worst.endSeenAt);
  const lists = matching(between, "GET", "/machine-events");
  const own = matching(between, "GET", `/machine-events/${worst.id}`);
  return (
    `${worst.id}: created ${at(worst.createdAt)}, ended ${at(worst.finishAt)}, first read ended ${at(worst.endSeenAt)}; ` +
    `between: ${lists.length} list pages (${lists.map((r) => at(r.at)).join(", ")}), ${own.length} own GETs`
  );
}

async function destroyQuietly(stack: BenchStack): Promise<void> {
  await stack.destroy().catch(() => undefined);
}

export async function run(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const n of SIZES) {
    const bench = await Bench.start();
    try {
      const results = {} as Record<Strategy, Result>;
      for (const strategy of STRATEGIES) {
        process.stderr.write(`bench: request-sharing N=${n} ${strategy}...\n`);
        results[strategy] = await runOne(bench, n, strategy);
      }
      figures.push(...compare(n, results));
    } finally {
      await bench.close();
    }
  }
  return figures;
}

function compare(n: number, { "per-resource": before, shared }: Record<Strategy, Result>): Figure[] {
  const both = (f: (r: Result) => string) => `per-resource ${f(before)}; shared ${f(shared)}`;
  const late = (r: Result) =>
    `median ${fixed(quantile(r.lateMs, 0.5) / 1000)} s, max ${fixed(Math.max(...r.lateMs) / 1000)} s (${r.lateMs.length} events)`;
  const eventGoal = LONGEST_EVENT_S + n;
  const pagesGoal = Math.ceil(n / 120) + 2;
  const size = `N=${n}: ${n} templates + ${n} snapshots`;
  const refresh = (m: Measured) => `${reads(m).templates} + ${reads(m).snapshots} in ${fixed(m.seconds, 1)} s`;
  const [defaultReads, wideReads] = [reads(shared.refreshDefault), reads(shared.refreshWide)];
  const lateMet = quantile(shared.lateMs, 0.5) <= 1_000 && Math.max(...shared.lateMs) <= 2_000;
  return [
    {
      figure: `${size}, up --parallel ${2 * n}: event requests`,
      value: both((r) => String(r.eventRequests)),
      goal: `shared ≤ ${eventGoal} (longest event ${LONGEST_EVENT_S} s ÷ 1 s + N)`,
      met: shared.eventRequests <= eventGoal,
    },
    {
      figure: `${size}: event end → seen ended`,
      value: both(late),
      goal: "shared median ≤ 1.0 s, max ≤ 2 s",
      met: lateMet,
    },
    { figure: `${size}: the event seen ended latest, shared`, value: shared.latest },
    {
      figure: `${size}: refresh requests (templates + snapshots) and wall time, default --parallel`,
      value: both((r) => refresh(r.refreshDefault)),
      goal: `shared < ${n} per type`,
      met: defaultReads.templates < n && defaultReads.snapshots < n,
    },
    {
      figure: `${size}: refresh requests (templates + snapshots) and wall time, --parallel ${2 * n}`,
      value: both((r) => refresh(r.refreshWide)),
      goal: `shared ≤ ${pagesGoal} per type (⌈N/120⌉ + 2)`,
      met: wideReads.templates <= pagesGoal && wideReads.snapshots <= pagesGoal,
    },
    {
      figure: `${size}, ${RATE} requests/s: up --parallel ${2 * n} wall time (requests)`,
      value: both((r) => `${fixed(r.limitedUp.seconds, 1)} s (${r.limitedUp.requests.length})`),
      goal: "shared no worse than per-resource",
      met: shared.limitedUp.seconds <= before.limitedUp.seconds,
    },
    {
      figure: `${size}, ${RATE} requests/s: refresh --parallel ${2 * n} wall time (requests)`,
      value: both((r) => `${fixed(r.limitedRefresh.seconds, 1)} s (${r.limitedRefresh.requests.length})`),
    },
  ];
}

runIfMain(module, title, run);
