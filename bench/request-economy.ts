/**
 * Request economy, from the emulator's request log: requests per create by kind (a stack of 100, a mix of the four
 * kinds, immediate events), what a no-change preview, a no-change up and a refresh cost, and the event requests under
 * the realistic timing profile (template-create 45 s, snapshot-create 20 s, snapshot-delete 5 s).
 */
import { type LoggedRequest, PROFILES } from "../emulator/index";
import { Bench, type BenchStack, type Figure, eventReads, fixed, matching, mix, runIfMain } from "./support";

export const title = "Request economy";

export async function run(n = 100): Promise<Figure[]> {
  const bench = await Bench.start();
  try {
    await bench.config({ eventDurationMs: 0 });
    const stack = await bench.stack(mix(n));
    const figures = await economyOf(bench, stack, n);
    await stack.destroy();
    return [...figures, ...(await realisticPolls(bench))];
  } finally {
    await bench.close();
  }
}

async function economyOf(bench: Bench, stack: BenchStack, n: number): Promise<Figure[]> {
  const plan = mix(n);
  const up = await stack.measure((s) => s.up());
  const names = eventNames(bench);
  const pollsOf = (name: string) =>
    matching(up.requests, "GET", "/machine-events/*").filter((r) => names.get(r.path.split("/")[2]) === name);
  const plannedWaits = (plan.snapshots ?? 0) + (plan.templates ?? 0);
  const byKind: [string, number, LoggedRequest[]][] = [
    [
      "startup script",
      plan.scripts ?? 0,
      [...matching(up.requests, "GET", "/startup-scripts"), ...matching(up.requests, "POST", "/startup-scripts")],
    ],
    ["assignment", plan.assignments ?? 0, matching(up.requests, "POST", "/startup-scripts/*/assign")],
    [
      "snapshot",
      plan.snapshots ?? 0,
      [
        ...matching(up.requests, "GET", "/snapshots"),
        ...matching(up.requests, "POST", "/snapshots"),
        ...pollsOf("snapshot-create"),
      ],
    ],
    [
      "custom template",
      plan.templates ?? 0,
      [
        ...matching(up.requests, "GET", "/machines/*"),
        ...matching(up.requests, "GET", "/machines"),
        ...matching(up.requests, "GET", "/custom-templates"),
        ...matching(up.requests, "POST", "/custom-templates"),
        ...pollsOf("template-create"),
        ...matching(up.requests, "GET", "/custom-templates/*"),
      ],
    ],
    ["shared list of events, per snapshot or template", plannedWaits, matching(up.requests, "GET", "/machine-events")],
  ];
  const attributed = byKind.reduce((sum, [, , requests]) => sum + requests.length, 0);
  const figures: Figure[] = byKind.map(([kind, count, requests]) => ({
    figure: `requests per create: ${kind}`,
    value: `${fixed(requests.length / count)} (${perObject(requests, count)})`,
  }));
  figures.push({
    figure: "requests of that up not counted above",
    value: String(up.requests.length - attributed),
    goal: "0",
    met: up.requests.length === attributed,
  });
  const counted = async (figure: string, operation: Parameters<BenchStack["measure"]>[0]) => {
    const { requests } = await stack.measure(operation);
    figures.push({ figure, value: String(requests.length), goal: "0", met: requests.length === 0 });
  };
  await counted(`requests of a no-change preview (${n} resources)`, (s) => s.preview());
  await counted(`requests of a no-change up (${n} resources)`, (s) => s.up());
  const refresh = await stack.measure((s) => s.refresh());
  const gets = refresh.requests.filter((r) => r.method === "GET").length;
  figures.push({
    figure: `requests per resource of a refresh (${n} resources, default --parallel)`,
    value: `${fixed(refresh.requests.length / n)} (${gets} GET of ${refresh.requests.length}: ${perObject(refresh.requests, 1)})`,
    goal: "under 1, all GET",
    met: refresh.requests.length < n && gets === refresh.requests.length,
  });
  return figures;
}

/**
 * Event requests under the realistic profile: a template and a snapshot made side by side (their waits share the poll),
 * then each alone, and a snapshot's delete (alone).
 */
async function realisticPolls(bench: Bench): Promise<Figure[]> {
  await bench.config({ profile: "realistic" });
  const { realistic } = PROFILES;
  const seconds = (name: keyof typeof realistic) => `${Number(realistic[name]) / 1000} s`;
  const figures: Figure[] = [];
  const both = await bench.stack({ templates: 1, snapshots: 1 });
  const up = await both.measure((s) => s.up());
  figures.push({
    figure: `event requests, realistic profile: a template (${seconds("template-create")}) and a snapshot (${seconds("snapshot-create")}) side by side`,
    value: String(eventReads(up.requests).length),
  });
  await both.destroy();
  for (const [plan, name] of [
    [{ templates: 1 }, "template-create"],
    [{ snapshots: 1 }, "snapshot-create"],
  ] as const) {
    const alone = await bench.stack(plan);
    const made = await alone.measure((s) => s.up());
    figures.push({
      figure: `event requests, realistic profile: ${name} (${seconds(name)}) alone`,
      value: String(eventReads(made.requests).length),
    });
    if (name === "snapshot-create") {
      const destroy = await alone.measure((s) => s.destroy());
      figures.push({
        figure: `event requests, realistic profile: snapshot-delete (${seconds("snapshot-delete")}) alone`,
        value: String(eventReads(destroy.requests).length),
      });
    }
    await alone.destroy();
  }
  await bench.config({ profile: "fast" });
  return figures;
}

function eventNames(bench: Bench): Map<string, string> {
  const { store } = bench.emulator.emulator.state;
  return new Map(store.machineEvents.list(store.teams()[0].id).map((event) => [event.id, event.name]));
}

/** E.g. "GET /snapshots 1, POST /snapshots 1, GET /machine-events/* 1.2": requests per object, by route. */
function perObject(requests: LoggedRequest[], count: number): string {
  const groups = new Map<string, number>();
  for (const r of requests) {
    const [, collection, id, ...rest] = r.path.split("/");
    const key = `${r.method} /${[collection, ...(id ? ["*"] : []), ...rest].join("/")}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return [...groups].map(([key, k]) => `${key} ${fixed(k / count, 1).replace(/\.0$/, "")}`).join(", ");
}

runIfMain(module, title, run);
