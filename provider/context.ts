import { type Credentials, PaperspaceClient, RequestLimits } from "./api/client";
import { ConfigurationError } from "./api/errors";

export const DEFAULT_API_URL = "https://api.paperspace.com/v1";

/** Stack config keys, read by the provider's `configure()` and by the lookups; never resource inputs. */
export const CONFIG_API_KEY = "paperspace:apiKey";
export const CONFIG_API_URL = "paperspace:apiUrl";

/** Environment fallbacks, read at call time so that rotated credentials work for destroy and refresh. */
export const ENV_API_KEY = "PAPERSPACE_API_KEY";
export const ENV_API_URL = "PAPERSPACE_API_URL";

/**
 * What one process shares across the operations it serves: the stack config the engine handed over (it lives only
 * here, never in state), the request limits of every client, and the turns machines' power work takes. The provider
 * host and a program each make one, `providerContext` below; the runtime and the lookups reach the API through it.
 */
export class ProviderContext {
  private stackConfig: { apiKey?: string; apiUrl?: string } = {};
  private readonly limits = new RequestLimits();
  /** Power work on one machine runs one operation at a time, so that two resources never fight over it. */
  readonly machineTurns = new Turns();

  /** Records the stack config (secrets arrive unwrapped). */
  configure(get: (key: string) => string | undefined): void {
    this.stackConfig = { apiKey: nonEmpty(get(CONFIG_API_KEY)), apiUrl: nonEmpty(get(CONFIG_API_URL)) };
  }

  /** Stack config first, then the environment, then the public API URL. */
  credentials(env: NodeJS.ProcessEnv = process.env): Credentials {
    const apiKey = this.stackConfig.apiKey ?? nonEmpty(env[ENV_API_KEY]);
    const apiUrl = this.stackConfig.apiUrl ?? nonEmpty(env[ENV_API_URL]) ?? DEFAULT_API_URL;
    if (!apiKey) {
      throw new ConfigurationError(
        `No Paperspace API key: run \`pulumi config set ${CONFIG_API_KEY} --secret\` or set ${ENV_API_KEY}.`,
      );
    }
    return { apiKey, apiUrl };
  }

  /**
   * A client built at call time from the credentials (nothing is captured into state), serving one operation: it
   * starts no retry after the operation's deadline. `batchReads` is for the engine's reads (see `ClientOptions`).
   */
  client(deadline?: number, { batchReads = false } = {}): PaperspaceClient {
    // The benchmarks compare sharing requests with each resource making its own.
    const sharing = process.env.PULUMI_PAPERSPACE_REQUEST_SHARING === "per-resource" ? "per-resource" : "shared";
    return new PaperspaceClient({ ...this.credentials(), deadline, limits: this.limits, sharing, batchReads });
  }
}

/** Work queued by key, run one at a time per key. */
export class Turns {
  private readonly tails = new Map<string, Promise<unknown>>();

  async take<T>(key: string, work: () => Promise<T>): Promise<T> {
    const turn = (this.tails.get(key) ?? Promise.resolve()).then(work);
    const tail = turn.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await turn;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/** The context of this process. */
export const providerContext = new ProviderContext();

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
