/**
 * Engine overhead: `pulumi up`, `preview` and `destroy` of N resources of this package (a mix of the four kinds, with
 * immediate events) against the same operations on N trivial dynamic resources whose provider calls nothing, the
 * floor for any dynamic provider. Both stacks run in this one process against one emulator, interleaved, and each
 * figure is the median of its rounds.
 */
import { Bench, type Figure, fixed, mix, quantile, total, runIfMain } from "./support";

const ROUNDS = 3;

export const title = "Engine overhead";

export async function run(n = 100): Promise<Figure[]> {
  const bench = await Bench.start();
  try {
    await bench.config({ eventDurationMs: 0 });
    const plan = mix(n);
    const ours = await bench.stack(plan);
    const floor = await bench.stack({ trivial: n });
    const times: Record<string, { ours: number[]; floor: number[] }> = {
      up: { ours: [], floor: [] },
      preview: { ours: [], floor: [] },
      destroy: { ours: [], floor: [] },
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [side, stack] of [
        ["floor", floor],
        ["ours", ours],
      ] as const) {
        times.up[side].push((await stack.measure((s) => s.up())).seconds);
        times.preview[side].push((await stack.measure((s) => s.preview())).seconds);
        times.destroy[side].push((await stack.measure((s) => s.destroy())).seconds);
      }
    }
    const figures: Figure[] = [];
    for (const [operation, { ours: o, floor: f }] of Object.entries(times)) {
      const ratio = quantile(o, 0.5) / quantile(f, 0.5);
      figures.push({
        figure: `${operation} of ${total(plan)}: this package ÷ trivial dynamic resources`,
        value: `${fixed(ratio)} (${fixed(quantile(o, 0.5), 1)} s vs ${fixed(quantile(f, 0.5), 1)} s, median of ${ROUNDS})`,
      });
    }
    return figures;
  } finally {
    await bench.close();
  }
}

runIfMain(module, title, run);
