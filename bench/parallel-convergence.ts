/**
 * Parallel convergence: 25 custom templates and 25 snapshots whose events each take 3 s, `pulumi up --parallel 50`.
 * The same stack with immediate events, in the same run, is the baseline: the difference between the two ups is
 * what waiting costs, ideally 3 s. From the emulator: how long after its event was due each event was first read done
 * (by its own GET or in a shared list), the span from the first create request to the last such read (ideally 3 s),
 * and the event requests per event.
 */
import { Bench, type Figure, eventReads, eventsSince, fixed, matching, quantile, runIfMain } from "./support";

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

    const events = eventsSince(bench, slow.requests[0]?.at ?? 0, (name) => name.endsWith("-create"));
    const lateMs = events.map((event) => event.endSeenAt - event.finishAt);
    const creates = [
      ...matching(slow.requests, "POST", "/custom-templates"),
      ...matching(slow.requests, "POST", "/snapshots"),
    ].map((r) => r.at);
    const waitedMs = events.map((event) => event.endSeenAt - event.createdAt);
    const span = (Math.max(...events.map((event) => event.endSeenAt)) - Math.min(...creates)) / 1000;
    const spread = (Math.max(...creates) - Math.min(...creates)) / 1000;
    const perEvent = eventReads(slow.requests).length / events.length;
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
        figure: "event requests (own GETs and shared lists) per event",
        value: `${fixed(perEvent, 2)} (${eventReads(slow.requests).length} for ${events.length} events)`,
        goal: "at most 7",
        met: perEvent <= 7,
      },
    ];
  } finally {
    await bench.close();
  }
}

runIfMain(module, title, run);
