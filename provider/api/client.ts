import axios, { type AxiosInstance } from "axios";
import { ConfigurationError, NetworkError, apiErrorFromResponse, isErrorEnvelope } from "./errors";
import type { Credentials } from "../config";
import type {
  Page,
  PageQuery,
  StartupScript,
  StartupScriptCreateRequest,
  StartupScriptMachineRequest,
  StartupScriptUpdateRequest,
} from "./types";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export interface ClientOptions extends Credentials {
  /** Per-request timeout. */
  timeoutMs?: number;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Query = { [key: string]: string | number | undefined };

/** The one HTTP client of the package: bearer auth, the error envelope turned into typed errors, pagination. */
export class PaperspaceClient {
  private readonly http: AxiosInstance;

  readonly startupScripts = {
    list: (query: PageQuery & { name?: string } = {}) => this.paginate<StartupScript>("/startup-scripts", { ...query }),
    get: (id: string) => this.request<StartupScript>("GET", `/startup-scripts/${encodeURIComponent(id)}`),
    create: (body: StartupScriptCreateRequest) => this.request<StartupScript>("POST", "/startup-scripts", body),
    update: (id: string, body: StartupScriptUpdateRequest) =>
      this.request<StartupScript>("PUT", `/startup-scripts/${encodeURIComponent(id)}`, body),
    delete: (id: string) => this.request<StartupScript>("DELETE", `/startup-scripts/${encodeURIComponent(id)}`),
    assign: (id: string, body: StartupScriptMachineRequest) =>
      this.request<StartupScript>("POST", `/startup-scripts/${encodeURIComponent(id)}/assign`, body),
    unassign: (id: string, body: StartupScriptMachineRequest) =>
      this.request<StartupScript>("POST", `/startup-scripts/${encodeURIComponent(id)}/unassign`, body),
  };

  constructor(options: ClientOptions) {
    const baseURL = checkedBaseUrl(options.apiUrl);
    this.http = axios.create({
      baseURL,
      timeout: options.timeoutMs ?? 30_000,
      headers: { Authorization: `Bearer ${options.apiKey}`, Accept: "application/json" },
      // Every status is handled below, so that errors come from one factory.
      validateStatus: () => true,
      // Responses are read as text and parsed here, so that a non-JSON error page still yields a message.
      responseType: "text",
      transformResponse: [(data: unknown) => data],
    });
  }

  async request<T>(method: Method, path: string, body?: unknown, query?: Query): Promise<T> {
    let response;
    try {
      response = await this.http.request<string>({ method, url: path, data: body, params: query });
    } catch (error) {
      throw new NetworkError(method, path, describeNetworkFailure(error));
    }
    const parsed = parseBody(response.data);
    if (response.status >= 400 || isErrorEnvelope(parsed)) {
      throw apiErrorFromResponse(method, path, response.status, parsed);
    }
    return parsed as T;
  }

  /** Every item of a list, page after page. Also accepts a bare array, as some older servers answer. */
  async *paginate<T>(path: string, query: Query = {}): AsyncGenerator<T> {
    let after: string | undefined = typeof query.after === "string" ? query.after : undefined;
    do {
      const page = await this.request<Page<T> | T[]>("GET", path, undefined, { ...query, after });
      if (Array.isArray(page)) {
        yield* page;
        return;
      }
      yield* page.items;
      after = page.hasMore && page.nextPage ? page.nextPage : undefined;
    } while (after);
  }
}

/** A key must never cross the network in clear text: plain http is allowed to loopback only. */
function checkedBaseUrl(apiUrl: string): string {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new ConfigurationError(`The Paperspace API URL "${apiUrl}" is not a URL.`);
  }
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new ConfigurationError(
      `Refusing to send the API key over plain http to ${url.host}: use https, or http only to a loopback address.`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigurationError(`The Paperspace API URL "${apiUrl}" must use https (or http to loopback).`);
  }
  return url.toString().replace(/\/$/, "");
}

function parseBody(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeNetworkFailure(error: unknown): string {
  if (axios.isAxiosError(error)) {
    if (error.code === "ECONNABORTED" || error.code === "ETIMEDOUT") return "timed out";
    return error.code ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
