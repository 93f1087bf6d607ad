import { ConfigurationError } from "./api/errors";

export const DEFAULT_API_URL = "https://api.paperspace.com/v1";

/** Stack config keys, read by the provider's `configure()`; never resource inputs. */
export const CONFIG_API_KEY = "paperspace:apiKey";
export const CONFIG_API_URL = "paperspace:apiUrl";

/** Environment fallbacks, read at call time so that rotated credentials work for destroy and refresh. */
export const ENV_API_KEY = "PAPERSPACE_API_KEY";
export const ENV_API_URL = "PAPERSPACE_API_URL";

export interface Credentials {
  apiKey: string;
  apiUrl: string;
}

/** What the engine handed to `configure()`; lives only in the provider process, never in state. */
let stackConfig: { apiKey?: string; apiUrl?: string } = {};

/** Records the stack config the engine passes to the dynamic provider (secrets arrive unwrapped). */
export function configureFromStack(get: (key: string) => string | undefined): void {
  stackConfig = { apiKey: nonEmpty(get(CONFIG_API_KEY)), apiUrl: nonEmpty(get(CONFIG_API_URL)) };
}

/** Stack config first, then the environment, then the public API URL. */
export function resolveCredentials(env: NodeJS.ProcessEnv = process.env): Credentials {
  const apiKey = stackConfig.apiKey ?? nonEmpty(env[ENV_API_KEY]);
  const apiUrl = stackConfig.apiUrl ?? nonEmpty(env[ENV_API_URL]) ?? DEFAULT_API_URL;
  if (!apiKey) {
    throw new ConfigurationError(
      `No Paperspace API key: run \`pulumi config set ${CONFIG_API_KEY} --secret\` or set ${ENV_API_KEY}.`,
    );
  }
  return { apiKey, apiUrl };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
