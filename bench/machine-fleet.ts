/**
 * A fleet: 20 machines made from one custom template, `pulumi up --parallel 50`, with the realistic `create` event
 * (every machine takes that long to make). The ideal up takes the event's time: what it takes beyond is what the engine
 * and the provider add. From the emulator: how late after its event was due each machine was first read done (by its
 * own GET or in a shared list), and the event requests per event.
 */
import { PROFILES } from "../emulator/index";
import { Bench, type Figure, eventReads, eventsSince, fixed, quantile, runIfMain } from "./support";

const MACHINES = 20;
const PARALLEL = 50;

export const title = "A fleet of machines";

export async function run(): Promise<Figure[]> {
  const bench = await Bench.start();
  try {
    // The template: made from a machine of the team, as a golden image is.
    const builder = await bench.emulator.control<{ id: string }>("POST", "/machines", {
      name: "builder",
      state: "off",
    });
    const template = await bench.emulator.call("POST", "/custom-templates", { machineId: builder.id, name: "golden" });
    await bench.emulator.settle((template.body.event as { id: string }).id);
    const templateId = (template.body.data as { id: string }).id;

    const eventMs = Number(PROFILES.realistic.create);
    await bench.config({ eventDurations: { create: eventMs } });
    const stack = await bench.stack({ machines: MACHINES, templateId });
    const up = await stack.measure((s) => s.up({ parallel: PARALLEL }));
    await bench.config({ eventDurationMs: 0 });
    await stack.destroy();

    const events = eventsSince(bench, up.requests[0]?.at ?? 0, (name) => name === "create");
    const lateMs = events.map((event) => event.endSeenAt - event.finishAt);
    const reads = eventReads(up.requests).length;
    return [
      {
        figure: `up of ${MACHINES} machines from one template, ${eventMs / 1000} s create events (--parallel ${PARALLEL})`,
        value: `${fixed(up.seconds, 1)} s: ${fixed(up.seconds - eventMs / 1000, 1)} s beyond the event's time`,
      },
      {
        figure: "create event due → seen done, per machine",
        value: `median ${fixed(quantile(lateMs, 0.5) / 1000)} s, max ${fixed(Math.max(...lateMs) / 1000)} s (${events.length} machines)`,
      },
      {
        figure: "event requests (own GETs and shared lists) per create event",
        value: `${fixed(reads / events.length, 1)} (${reads} for ${events.length} events)`,
      },
    ];
  } finally {
    await bench.close();
  }
}

runIfMain(module, title, run);
