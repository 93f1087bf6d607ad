/**
 * State and memory at N = 10, 100 and 500 resources (a mix of the four kinds, immediate events): the `__provider`
 * code each resource stores, the stack's state file per resource, and the peak resident memory of the provider host
 * (the dynamic provider process the engine starts) during `pulumi up`, beside the same host's peak for as many
 * trivial dynamic resources (whose provider calls nothing).
 */
import { Bench, type Figure, fixed, mix, runIfMain } from "./support";

const SIZES = [10, 100, 500];

export const title = "State and memory";

export async function run(): Promise<Figure[]> {
  const bench = await Bench.start();
  try {
    await bench.config({ eventDurationMs: 0 });
    const rows: { n: number; providerBytes: number; stateBytes: number; peakMb: number; floorMb: number }[] = [];
    for (const n of SIZES) {
      const stack = await bench.stack(mix(n));
      const up = await stack.measure((s) => s.up());
      const { stateBytes, providerBytes } = stack.stateSizes();
      await stack.destroy();
      const floor = await bench.stack({ trivial: n });
      const floorMb = (await floor.measure((s) => s.up())).peakProviderMb;
      await floor.destroy();
      rows.push({ n, providerBytes: Math.max(...providerBytes), stateBytes, peakMb: up.peakProviderMb, floorMb });
    }
    const figures: Figure[] = rows.flatMap(({ n, providerBytes, stateBytes, peakMb, floorMb }) => [
      {
        figure: `N = ${n}: __provider bytes per resource (largest)`,
        value: String(providerBytes),
        goal: "under 1 KB",
        met: providerBytes < 1024,
      },
      { figure: `N = ${n}: state bytes per resource`, value: fixed(stateBytes / n, 0) },
      {
        figure: `N = ${n}: provider host peak memory`,
        value: `${fixed(peakMb, 1)} MiB (${fixed(floorMb, 1)} MiB for N trivial dynamic resources)`,
      },
    ]);
    const [first, , last] = rows;
    const perResource = (mb: (row: (typeof rows)[number]) => number) =>
      fixed(((mb(last) - mb(first)) * 1024) / (last.n - first.n), 1);
    figures.push({
      figure: `provider host memory growth, N = ${first.n} → ${last.n}`,
      value: `${perResource((r) => r.peakMb)} KiB per resource (${perResource((r) => r.floorMb)} KiB for trivial ones)`,
    });
    figures.push({
      figure: `state growth, N = ${first.n} → ${last.n}`,
      value: `${fixed((last.stateBytes - first.stateBytes) / (last.n - first.n), 0)} bytes per resource`,
    });
    return figures;
  } finally {
    await bench.close();
  }
}

runIfMain(module, title, run);
