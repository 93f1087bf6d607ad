import type { EmulatorOptions } from "../../emulator/index";
import { DEFAULT_API_KEY, TestEmulator } from "../../testing/emulator";

/**
 * For tests of the provider's runtime: one emulator for the test file, its URL and key in the environment (where a
 * user's would be), console output captured, and the seeded state back before each test.
 */
export function emulatorForRuntime(options: EmulatorOptions = {}): { emulator: TestEmulator; log: jest.SpyInstance } {
  const context = {} as { emulator: TestEmulator; log: jest.SpyInstance };
  const savedEnv = { ...process.env };
  beforeAll(async () => {
    context.emulator = await TestEmulator.start(options);
    context.log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    process.env.PAPERSPACE_API_URL = context.emulator.url;
    process.env.PAPERSPACE_API_KEY = DEFAULT_API_KEY;
  });
  afterAll(async () => {
    process.env = { ...savedEnv };
    context.log?.mockRestore();
    await context.emulator?.close();
  });
  beforeEach(async () => {
    await context.emulator.control("POST", "/reset");
    await context.emulator.control("POST", "/config", { profile: "fast", rateLimit: null });
  });
  return context;
}
