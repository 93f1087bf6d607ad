/**
 * The emulator's `GET /machine-events` with a long history: the time one page takes, from the events' index (what
 * the emulator does) and from a sort of every event of the team (what it did before), for 100 to 10,000 events, in
 * one run. Both answer the same page; the figure is their ratio.
 *
 *   node tools/with-node.js node -r ts-node/register/transpile-only bench/emulator-events.ts
 */
import { performance } from "node:perf_hooks";
import { PROFILES } from "../emulator/profiles";
import { type ListQuery, pageOfIndex, paginate } from "../emulator/pagination";
import { EmulatorState } from "../emulator/state";

const SIZES = [100, 1_000, 10_000];
const READS = 200;

/** The median time of one call, in microseconds. */
function median(call: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < READS; i++) {
    const start = performance.now();
    call();
    times.push((performance.now() - start) * 1000);
  }
  return times.sort((a, b) => a - b)[READS >> 1];
}

function main(): void {
  console.log(`GET /machine-events, one page of 120: median of ${READS} reads`);
  for (const size of SIZES) {
    const state = new EmulatorState({ seed: 1, eventDurations: { ...PROFILES.fast } });
    const [team] = state.store.teams();
    const machines = state.store.machines.list(team.id);
    for (let i = 0; i < size; i++) state.startEvent(team.id, "stop", machines[i % machines.length].id, "done");
    const events = state.store.machineEvents;
    const indexed = (query: ListQuery, machineId?: string) =>
      pageOfIndex(state.eventPositions(team.id, machineId), query, (id) => events.get(team.id, id)!);
    const scanned = (query: ListQuery, machineId?: string) =>
      paginate(
        events.list(team.id).filter((event) => machineId === undefined || event.machineId === machineId),
        query,
        { dtCreated: (event) => event.dtCreated },
        "dtCreated",
      );
    const query = { limit: 120 };
    if (JSON.stringify(indexed(query)) !== JSON.stringify(scanned(query))) throw new Error("the two pages differ");
    const fromIndex = median(() => indexed(query, machines[0].id));
    const fromScan = median(() => scanned(query, machines[0].id));
    const all = median(() => indexed(query));
    const line = `  ${String(size).padStart(6)} events: index ${fromIndex.toFixed(0)} µs (all machines ${all.toFixed(0)} µs)`;
    console.log(`${line}, scan ${fromScan.toFixed(0)} µs: ${(fromScan / fromIndex).toFixed(1)}× faster`);
  }
}

main();
