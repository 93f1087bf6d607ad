/**
 * Rate limits: 200 resources (a mix of the four kinds, immediate events) against an emulator that allows 5 requests
 * per second per key (a token bucket of 5). The stack must converge with no failure, and the wall time should stay
 * near the least time the accepted requests need at that rate: wall time ÷ (accepted requests ÷ 5 per second).
 * Requests the emulator refused with 429 cost it nothing and are counted apart.
 */
import { Bench, type Figure, type Measured, fixed, mix, total, runIfMain } from "./support";

const N = 200;
const RATE = 5;

export const title = "Rate limits";

export async function run(): Promise<Figure[]> {
  const bench = await Bench.start();
  try {
    await bench.config({ eventDurationMs: 0 });
    const plan = mix(N);
    const stack = await bench.stack(plan);
    await bench.config({ rateLimit: { requestsPerSecond: RATE, burst: RATE } });
    const figures: Figure[] = [];
    for (const operation of ["up", "destroy"] as const) {
      let failure: string | undefined;
      const measured: Measured<unknown> = await stack.measure(async (s) => {
        try {
          return operation === "up" ? await s.up() : await s.destroy();
        } catch (error) {
          failure = (error as Error).message.split("\n").find((line) => /error:/.test(line)) ?? "failed";
          return undefined;
        }
      });
      const accepted = measured.requests.filter((r) => r.status !== 429).length;
      const refused = measured.requests.length - accepted;
      const ratio = measured.seconds / (accepted / RATE);
      figures.push({
        figure: `${operation} of ${total(plan)} at ${RATE} requests/s: failures`,
        value: failure ? `1 (${failure.trim().slice(0, 120)})` : "0",
        goal: "0",
        met: !failure,
      });
      figures.push({
        figure: `${operation}: wall time ÷ (accepted requests ÷ ${RATE}/s)`,
        value: `${fixed(ratio)} (${fixed(measured.seconds, 1)} s for ${accepted} accepted requests; ${refused} refused with 429)`,
        goal: "≤ 1.25",
        met: ratio <= 1.25,
      });
    }
    return figures;
  } finally {
    await bench.close();
  }
}

runIfMain(module, title, run);
