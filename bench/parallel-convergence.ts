/**
 * Parallel convergence: 25 custom templates and 25 snapshots whose events each take 3 s, `pulumi up --parallel 50`.
 * The same stack with immediate events, in the same run, is the baseline: the difference between the two ups is
 * what waiting costs, ideally 3 s. From the emulator's log: how long after its event was due each resource's last
 * poll saw it done, the span from the first create request to the last such poll (ideally 3 s), and polls per event.
 */
import { Bench, type Figure, fixed, matching, polls, quantile, runIfMain } from "./support";

const EVENT_MS = 3_000;
const PLAN = { snapshots: 25, templates: 25 };
const PARALLEL = 50;

export const title = "Parallel convergence";

export async function run(): Promise<Figure[]> {
  const bench = await Bench.start();
  try {
    await bench.config({ eventDurationMs: 0 });
    const baseline = await bench.stack(PLAN);
    const immediate = await baseline.measure((s) => s.up({ parallel: PARALLEL }));
    await baseline.destroy();

    await bench.config({ eventDurations: { "template-create": EVENT_MS, "snapshot-create": EVENT_MS } });
    const stack = await bench.stack(PLAN);
    const slow = await stack.measure((s) => s.up({ parallel: PARALLEL }));
    await bench.config({ eventDurationMs: 0 });
    await stack.destroy();

    const { store } = bench.emulator.emulator.state;
    const events = new Map(store.machineEvents.list(store.teams()[0].id).map((event) => [event.id, event]));
    const seen = [...polls(slow.requests)].filter(([id]) => events.get(id)?.name.endsWith("-create"));
    const lateMs = seen.map(([id, { lastAt }]) => lastAt - (events.get(id)?.plan.finishAt ?? NaN));
    const pollCounts = seen.map(([, { count }]) => count);
    const creates = [
      ...matching(slow.requests, "POST", "/custom-templates"),
      ...matching(slow.requests, "POST", "/snapshots"),
    ].map((r) => r.at);
    const waitedMs = seen.map(([id, { lastAt }]) => lastAt - Date.parse(events.get(id)?.dtCreated ?? ""));
    const span = (Math.max(...seen.map(([, { lastAt }]) => lastAt)) - Math.min(...creates)) / 1000;
    const spread = (Math.max(...creates) - Math.min(...creates)) / 1000;
    const mean = pollCounts.reduce((a, b) => a + b, 0) / pollCounts.length;
    return [
      {
        figure: `up of 50 with 3 s events − the same up with immediate events (--parallel ${PARALLEL})`,
        value: `${fixed(slow.seconds - immediate.seconds)} s (${fixed(slow.seconds, 1)} s vs ${fixed(immediate.seconds, 1)} s; ideal 3.00)`,
      },
      {
        figure: "create request → event seen done, per resource",
        value: `median ${fixed(quantile(waitedMs, 0.5) / 1000)} s, max ${fixed(Math.max(...waitedMs) / 1000)} s`,
        goal: "under 4.5 s",
        met: Math.max(...waitedMs) < 4_500,
      },
      {
        figure: "event due → seen done, per event",
        value: `median ${fixed(quantile(lateMs, 0.5) / 1000)} s, max ${fixed(Math.max(...lateMs) / 1000)} s`,
      },
      {
        figure: "first create request → last event seen done",
        value: `${fixed(span)} s, of which ${fixed(spread)} s between the first and the last create request`,
      },
      {
        figure: "polls per event",
        value: `mean ${fixed(mean, 1)}, max ${Math.max(...pollCounts)} (${seen.length} events)`,
        goal: "about 6",
        met: Math.max(...pollCounts) <= 7,
      },
    ];
  } finally {
    await bench.close();
  }
}

runIfMain(module, title, run);
