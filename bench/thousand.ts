/**
 * A thousand resources in one stack, through each path (the dynamic resources of the `scale` program, the provider
 * plugin from a YAML program of the same resources) and against each path's floor (as many resources that call
 * nothing: trivial dynamic resources; a YAML program of `floor:index:Trivial`, served by bench/fixtures/floor-plugin):
 * `up`, a no-change `preview`, `refresh` at the CLI's default parallelism and at `--parallel` N, and `destroy`, each
 * timed once, with immediate events. From the emulator's log: the refresh's requests by type against ⌈N/120⌉ + 2
 * (a list page holds 120), and the emulator's own time per request (from a request's arrival to its answer sent); from
 * /proc, the provider process's peak memory per resource.
 *
 * THOUSAND_SIZE=100 runs it on fewer resources (in the same proportion), to try it out.
 */
import { join } from "node:path";
import { stringify } from "yaml";
import type { LoggedRequest } from "../emulator/index";
import { ROOT, scratchDir } from "../testing/pulumi";
import { pluginStack, yamlStack } from "./plugin-vs-dynamic";
import {
  Bench,
  type BenchStack,
  type Figure,
  type Measured,
  type Plan,
  byRoute,
  fixed,
  matching,
  quantile,
  runIfMain,
} from "./support";

export const title = "A thousand resources";

/**
 * A team's fleet: a quarter machines (made from one golden template), each with a snapshot kept as its backup; a few
 * templates (5%) and shared startup scripts (5%), and two fifths assignments of those scripts to machines.
 */
export function fleetMix(n: number): Plan {
  const machines = Math.round(n * 0.25);
  const scripts = Math.round(n * 0.05);
  const assignments = Math.round(n * 0.4);
  const templates = Math.round(n * 0.05);
  return { machines, scripts, assignments, templates, snapshots: n - machines - scripts - assignments - templates };
}

/** The objects a list page holds at most. */
const PAGE = 120;

type Operation = "up" | "preview" | "refresh" | "refresh-all" | "destroy";

/** The operations of each path, in the order they run (a no-change preview and the refreshes on the stack up). */
function operations(n: number): [Operation, string, (stack: BenchStack) => Promise<Measured>][] {
  return [
    ["up", "up", (s) => s.measure((stack) => stack.up())],
    ["preview", "no-change preview", (s) => s.measure((stack) => stack.preview({ expectNoChanges: true }))],
    ["refresh", "refresh (default --parallel)", (s) => s.measure((stack) => stack.refresh())],
    ["refresh-all", `refresh --parallel ${n}`, (s) => s.measure((stack) => stack.refresh({ parallel: n }))],
    ["destroy", "destroy", (s) => s.measure((stack) => stack.destroy())],
  ];
}

type Runs = Record<Operation, Measured>;

async function runAll(stack: BenchStack, n: number): Promise<Runs> {
  const runs: Partial<Runs> = {};
  for (const [key, , operation] of operations(n)) runs[key] = await operation(stack);
  await stack.stack.workspace.removeStack(stack.stack.name, { force: true });
  return runs as Runs;
}

/** The resources a refresh changed (none, when nothing moved behind the stack's back). */
function changedBy(refresh: Measured): number {
  const { summary } = refresh.result as { summary: { resourceChanges?: Record<string, number> } };
  return Object.entries(summary.resourceChanges ?? {})
    .filter(([op]) => op !== "same")
    .reduce((sum, [, k]) => sum + k, 0);
}

/** Each type, the key of its count in the plan, and the routes its refresh reads (an assignment reads its script). */
const TYPES: [string, (plan: Plan) => number, string[]][] = [
  ["Machine", (p) => p.machines ?? 0, ["/machines", "/machines/*"]],
  [
    "StartupScript and StartupScriptAssignment",
    (p) => (p.scripts ?? 0) + (p.assignments ?? 0),
    ["/startup-scripts", "/startup-scripts/*"],
  ],
  ["Snapshot", (p) => p.snapshots ?? 0, ["/snapshots", "/snapshots/*"]],
  ["CustomTemplate", (p) => p.templates ?? 0, ["/custom-templates", "/custom-templates/*"]],
];

/** The refresh's requests by type against ⌈N/120⌉ + 2 each, and those no type accounts for (goal 0). */
function refreshRequests(path: string, plan: Plan, refresh: Measured, goals: boolean): Figure[] {
  const figures: Figure[] = [];
  const counted = new Set<LoggedRequest>();
  for (const [type, count, routes] of TYPES) {
    const n = count(plan);
    const requests = routes.flatMap((pattern) => matching(refresh.requests, "GET", pattern));
    requests.forEach((r) => counted.add(r));
    const most = Math.ceil(n / PAGE) + 2;
    figures.push({
      figure: `${path}: refresh requests, ${type} (${n})`,
      value: `${requests.length} (${byRoute(requests) || "none"})`,
      ...(goals ? { goal: `at most ⌈${n}/${PAGE}⌉ + 2 = ${most}`, met: requests.length <= most } : {}),
    });
  }
  const others = refresh.requests.filter((r) => !counted.has(r));
  figures.push({
    figure: `${path}: requests of that refresh not counted above`,
    value: others.length === 0 ? "0" : `${others.length} (${byRoute(others)})`,
    ...(goals ? { goal: "0", met: others.length === 0 } : {}),
  });
  return figures;
}

/** The emulator's own time per request (arrival to answer sent, as it logs it) over a path's operations. */
function emulatorTime(path: string, runs: Runs): Figure[] {
  const all = Object.values(runs).flatMap((run) => run.requests);
  const lists = all.filter((r) => r.method === "GET" && r.path.split("/").length === 2);
  const ms = (requests: LoggedRequest[]) => requests.map((r) => r.durationMs);
  const summary = (values: number[]) =>
    `median ${fixed(quantile(values, 0.5))} ms, p99 ${fixed(quantile(values, 0.99))} ms, max ${fixed(Math.max(...values))} ms`;
  const busy = all.reduce((sum, r) => sum + r.durationMs, 0) / 1000;
  const seconds = Object.values(runs).reduce((sum, run) => sum + run.seconds, 0);
  return [
    {
      figure: `${path}: emulator's time per request (${all.length} requests)`,
      value: `${summary(ms(all))}; ${fixed(busy, 1)} s in all, ${fixed((100 * busy) / seconds, 1)}% of the operations' ${fixed(seconds, 0)} s`,
    },
    { figure: `${path}: of which list pages (${lists.length})`, value: lists.length ? summary(ms(lists)) : "none" },
  ];
}

/** The YAML program of `n` resources that call nothing, served by the floor plugin in `folder`. */
function floorProgram(n: number, folder: string): string {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) resources[`trivial-${i}`] = { type: "floor:index:Trivial" };
  return stringify({
    name: "floor-yaml",
    runtime: "yaml",
    plugins: { providers: [{ name: "floor", path: folder }] },
    resources,
  });
}

/** The floor plugin, built into a folder of its own as tools/plugin.js builds the real one. */
async function floorPlugin(): Promise<{ folder: string; cleanup(): void }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { pluginFolder } = require(join(ROOT, "tools", "plugin.js")) as {
    pluginFolder(folder: string, name: string, entryPoint: string): Promise<void>;
  };
  const scratch = scratchDir("bench-floor-plugin");
  const folder = join(scratch.dir, "pulumi-resource-floor");
  await pluginFolder(folder, "floor", join(__dirname, "fixtures", "floor-plugin", "main.ts"));
  return { folder, cleanup: scratch.cleanup };
}

export async function run(n = Number(process.env.THOUSAND_SIZE ?? 1000)): Promise<Figure[]> {
  const bench = await Bench.start();
  const cleanups: (() => void)[] = [];
  try {
    await bench.config({ eventDurationMs: 0 });
    // The machines' golden image: made from a machine of the team before anything is measured.
    const builder = await bench.emulator.control<{ id: string }>("POST", "/machines", {
      name: "builder",
      state: "off",
    });
    const template = await bench.emulator.call("POST", "/custom-templates", { machineId: builder.id, name: "golden" });
    await bench.emulator.settle((template.body.event as { id: string }).id);
    const plan = { ...fleetMix(n), templateId: (template.body.data as { id: string }).id };

    const floor = await floorPlugin();
    cleanups.push(floor.cleanup);
    const floorStack = await yamlStack(bench, floorProgram(n, floor.folder), "resource-floor");
    cleanups.push(floorStack.cleanup);
    const plugin = await pluginStack(bench, plan);
    cleanups.push(plugin.cleanup);

    process.stderr.write(`bench: thousand: ${n} trivial dynamic resources\n`);
    const dynamicFloor = await runAll(await bench.stack({ trivial: n }), n);
    process.stderr.write(`bench: thousand: ${n} dynamic resources (${JSON.stringify(fleetMix(n))})\n`);
    const dynamic = await runAll(await bench.stack(plan), n);
    process.stderr.write(`bench: thousand: ${n} resources of the plugin that calls nothing\n`);
    const pluginFloor = await runAll(floorStack.stack, n);
    process.stderr.write(`bench: thousand: ${n} resources of the plugin\n`);
    const pluginRuns = await runAll(plugin.stack, n);

    const figures: Figure[] = [];
    const paths: [string, string, Runs, Runs][] = [
      ["dynamic", "trivial dynamic resources", dynamic, dynamicFloor],
      ["plugin", "the plugin that calls nothing", pluginRuns, pluginFloor],
    ];
    for (const [path, floorName, runs, floorRuns] of paths) {
      for (const [key, name] of operations(n)) {
        const [a, b] = [runs[key].seconds, floorRuns[key].seconds];
        figures.push({
          figure: `${path}: ${name} of ${n} ÷ the same on ${floorName}`,
          value: `${fixed(a / b)} (${fixed(a, 1)} s vs ${fixed(b, 1)} s)`,
        });
      }
      figures.push({
        figure: `${path}: requests of the no-change preview`,
        value: String(runs.preview.requests.length),
        goal: "0",
        met: runs.preview.requests.length === 0,
      });
      const changed = changedBy(runs.refresh) + changedBy(runs["refresh-all"]);
      figures.push({
        figure: `${path}: resources the refreshes changed`,
        value: String(changed),
        goal: "0",
        met: changed === 0,
      });
      figures.push(...refreshRequests(`${path}, --parallel ${n}`, plan, runs["refresh-all"], true));
      figures.push(...refreshRequests(`${path}, default --parallel`, plan, runs.refresh, false));
      const peak = (r: Runs) => Math.max(...Object.values(r).map((m) => m.peakProviderMb));
      const [mb, floorMb] = [peak(runs), peak(floorRuns)];
      figures.push({
        figure: `${path}: provider process peak memory per resource`,
        value:
          `${fixed((mb * 1024) / n, 1)} KiB (${fixed(mb, 0)} MiB for ${n}); ` +
          `${fixed(((mb - floorMb) * 1024) / n, 1)} KiB above ${floorName} (${fixed(floorMb, 0)} MiB)`,
      });
      figures.push(...emulatorTime(path, runs));
    }
    return figures;
  } finally {
    await bench.close();
    cleanups.forEach((cleanup) => cleanup());
  }
}

runIfMain(module, title, run);
