import { Sema } from "async-sema";
import axios, { type AxiosError, type AxiosInstance, type InternalAxiosRequestConfig } from "axios";
import axiosRetry, { exponentialDelay, retryAfter } from "axios-retry";
import {
  BadRequestError,
  ConfigurationError,
  NetworkError,
  NotFoundError,
  PaperspaceError,
  RequestTimeoutError,
  apiErrorFromResponse,
  isErrorEnvelope,
  unlessNotFound,
} from "./errors";
import { decodeAnswer, decodeData, decodeMachine, decodeScript, decoderOf, deletedAt, present } from "./decode";
import { EventPoller, type ReadEventPage } from "./eventPoller";
import { type ListedPage, findInPages } from "./pages";
import { ReadBatcher, type ReadListPage, ReadWave } from "./readBatcher";
import { SharedThrottle, throttleFile } from "./sharedThrottle";
import * as wire from "./types";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** At most this many requests in flight from one provider process, so that a big stack does not stampede the API. */
export const MAX_CONCURRENT_REQUESTS = 16;
const REQUEST_TIMEOUT_MS = 30_000;
/** How many times a request may be repeated after failures other than 429. */
const RETRIES = 6;
/** Exponential backoff from this base (0.5 s, 1 s, 2 s, ... plus up to 20% jitter). */
const BACKOFF_BASE_MS = 250;
/** A 429 is retried until the operation's deadline; a request made outside any operation gets this long. */
const DEFAULT_RETRY_WINDOW_MS = 10 * 60_000;
/** The longest hold after a 429 that gave no `Retry-After`. */
const MAX_429_BACKOFF_MS = 15_000;

/**
 * Which failures a request may be repeated after:
 * - `idempotent`: repeating it cannot do harm (reads, PUT, DELETE, assign, unassign), so any network failure, 5xx or 429;
 * - `unacted`: only failures that prove the API did not act (429, a refused connection). A create is never repeated
 *   blindly; after an ambiguous failure the caller looks before it creates again.
 */
export type RetryPolicy = "idempotent" | "unacted";

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Defaults to `idempotent` for GET, PUT and DELETE, `unacted` otherwise. */
  retry?: RetryPolicy;
  /** No retry is started after this time (epoch ms); defaults to the client's. */
  deadline?: number;
}

declare module "axios" {
  interface AxiosRequestConfig {
    retryPolicy?: RetryPolicy;
    deadline?: number;
    /** Failures of this request other than 429, which alone count against `retries`. */
    failures?: number;
  }
}

/**
 * What the clients of one provider process share: how many requests are in flight (the limit is on the process, not
 * on one client), the pace each API and key allows (a 429 answers the key, not one request; kept with this user's
 * other processes once one is refused, see SharedThrottle), and, per API and key,
 * the one poll of the events that every wait reads and the batches that reads of one type join.
 */
export class RequestLimits {
  readonly inFlight = new Sema(MAX_CONCURRENT_REQUESTS);
  private readonly shared = new Map<string, unknown>();

  private once<T>(key: string, make: () => T): T {
    if (!this.shared.has(key)) this.shared.set(key, make());
    return this.shared.get(key) as T;
  }

  throttleFor(baseUrl: string, apiKey: string): SharedThrottle {
    return this.once(`throttle ${baseUrl} ${apiKey}`, () => new SharedThrottle(throttleFile(baseUrl, apiKey)));
  }

  /** The poller of the process's event waits; `readPage` is used to make it. */
  pollerFor(baseUrl: string, apiKey: string, readPage: ReadEventPage): EventPoller {
    return this.once(`events ${baseUrl} ${apiKey}`, () => new EventPoller(readPage));
  }

  /**
   * The batches of the process's reads of one list (`/snapshots`, a machine's accessors), whose objects are named by `keyOf`;
   * `readPage` is used to make them.
   */
  batcherFor<T>(
    baseUrl: string,
    apiKey: string,
    collection: string,
    readPage: ReadListPage<T>,
    keyOf: (item: T) => string,
  ): ReadBatcher<T> {
    const wave = this.once(`wave ${baseUrl} ${apiKey}`, () => new ReadWave());
    return this.once(`reads ${baseUrl} ${apiKey} ${collection}`, () => new ReadBatcher(readPage, keyOf, wave));
  }
}

/**
 * `shared` (the default): the process's event waits share one poll of the events, and reads of one type that arrive
 * together share the type's list; `per-resource`: each wait polls its own event and each read makes its own GET.
 */
export type RequestSharing = "shared" | "per-resource";

/** Where requests go and the key they carry. */
export interface Credentials {
  apiKey: string;
  apiUrl: string;
}

export interface ClientOptions extends Credentials {
  /** Shared with the other clients of the process. */
  limits: RequestLimits;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** No retry is started after this time (epoch ms): the timeout of the operation this client serves. */
  deadline?: number;
  /** How many times a failed request may be repeated, and the first backoff (tests shorten them). */
  retries?: number;
  backoffBaseMs?: number;
  /** Whether waits (and, with `batchReads`, reads) share requests with the rest of the process (`shared`, the default). */
  sharing?: RequestSharing;
  /**
   * Whether this client's reads join the batches of the process's reads of their type: for the engine's reads, which a
   * refresh hands over together. The reads inside an operation (a machine's state, an object once made) stay single
   * GETs, which no window delays.
   */
  batchReads?: boolean;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The path of one object of a collection: its id, or (a public IP's) its address, as the last segment. */
type ItemPath<P extends string> = Extract<keyof wire.paths, `${P}/{id}` | `${P}/{ip}`>;

/** The contract's collections: the paths with a path of one object beside them (`/snapshots`, `/machines`, ...). */
export type CollectionPath = {
  [P in keyof wire.paths]: [ItemPath<P & string>] extends [never] ? never : P;
}[keyof wire.paths];

/** What an operation of the contract answers (its 200), takes as its JSON body, and takes as its query. */
type AnswerOf<Op> = Op extends { responses: { 200: { content: { "application/json": infer A } } } } ? A : never;
type BodyOf<Op> = Op extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
export type QueryOf<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type ItemOf<Page> = Page extends { items: (infer T)[] } ? T : never;

/** An object of a collection's list. */
export type ListItem<P extends CollectionPath> = ItemOf<AnswerOf<wire.paths[P]["get"]>>;

/** The calls of a collection, each typed as the contract types its operation. */
export interface CollectionCalls<P extends CollectionPath> {
  list(query?: QueryOf<wire.paths[P]["get"]>): AsyncGenerator<ListItem<P>>;
  get(id: string): Promise<AnswerOf<wire.paths[ItemPath<P>]["get"]>>;
  create(body: BodyOf<wire.paths[P]["post"]>): Promise<AnswerOf<wire.paths[P]["post"]>>;
  update(id: string, body: BodyOf<wire.paths[ItemPath<P>]["put"]>): Promise<AnswerOf<wire.paths[ItemPath<P>]["put"]>>;
  delete(id: string): Promise<AnswerOf<wire.paths[ItemPath<P>]["delete"]>>;
}
/** An id as one segment of a request path. */
const segment = encodeURIComponent;

/**
 * The one HTTP client of the package: bearer auth, the error envelope turned into typed errors, retries with
 * backoff, a process-wide limit on concurrent requests, per-request timeouts, pagination.
 */
export class PaperspaceClient {
  private readonly http: AxiosInstance;
  private readonly deadline: number | undefined;
  /** Shared by every wait of the process on this API and key (absent when sharing is off). */
  readonly eventPoller: EventPoller | undefined;
  /** The batches this client's reads join, by collection (absent unless it batches its reads). */
  private readonly batcher:
    (<T>(collection: string, decode: (item: T) => T, keyOf: (item: T) => string) => ReadBatcher<T>) | undefined;

  readonly startupScripts = {
    ...this.collection("/startup-scripts"),
    /** Assigning twice changes nothing, so it may be repeated. */
    assign: (scriptId: string, body: wire.StartupScriptMachineRequest) =>
      this.request<wire.StartupScript>("POST", `/startup-scripts/${segment(scriptId)}/assign`, {
        body,
        retry: "idempotent",
      }).then(decodeScript),
    /**
     * Unassigning what is not assigned is refused (400), which is read here as done once the script shows the machine
     * gone (or is gone itself): so an unassign may be repeated too, since a repeat of one the API acted on is refused
     * that way, and one 5xx or dropped connection no longer fails a delete or a replace of an assignment. Answers the
     * script, when there is one.
     */
    unassign: async (
      scriptId: string,
      body: wire.StartupScriptMachineRequest,
    ): Promise<wire.StartupScript | undefined> => {
      try {
        return decodeScript(
          await this.request<wire.StartupScript>("POST", `/startup-scripts/${segment(scriptId)}/unassign`, {
            body,
            retry: "idempotent",
          }),
        );
      } catch (error) {
        if (!(error instanceof BadRequestError)) throw error;
        const script = await unlessNotFound(this.startupScripts.get(scriptId));
        if (script?.assignedMachineIds.includes(body.machineId)) throw error;
        return script;
      }
    },
  };

  readonly customTemplates = this.collection("/custom-templates");

  readonly snapshots = {
    ...this.collection("/snapshots"),
    restore: (snapshotId: string, body: wire.SnapshotRestoreRequest) =>
      this.request<wire.AsyncResult<wire.Snapshot>>("POST", `/snapshots/${segment(snapshotId)}/restore`, { body }),
  };

  readonly machines = {
    ...this.collection("/machines"),
    // The contract defines no body for these; the official CLI sends {}, and so does this client.
    start: (machineId: string) =>
      this.request<wire.AsyncResult<wire.Machine>>("PATCH", `/machines/${segment(machineId)}/start`, {
        body: {},
      }).then(decodeData(decodeMachine)),
    stop: (machineId: string) =>
      this.request<wire.AsyncResult<wire.Machine>>("PATCH", `/machines/${segment(machineId)}/stop`, {
        body: {},
      }).then(decodeData(decodeMachine)),
  };

  readonly machineEvents = {
    list: (query: wire.ListQuery<"machineEvents-list"> = {}) =>
      this.paginate<wire.MachineEvent>("/machine-events", query),
    get: (eventId: string) => this.request<wire.MachineEvent>("GET", `/machine-events/${segment(eventId)}`),
  };

  readonly osTemplates = {
    list: (query: wire.ListQuery<"osTemplates-list"> = {}) => this.paginate<wire.OsTemplate>("/os-templates", query),
  };

  /** Who may access a machine besides its team's admins. */
  readonly machineAccessors = {
    list: (machineId: string) => this.paginate<wire.MachineAccessor>(`/machines/${segment(machineId)}/accessors`),
    /**
     * A machine's accessor, by its user. With `batchReads`, reads of one machine's accessors that arrive together share
     * the machine's list of them (named by their user's id).
     */
    get: (machineId: string, userId: string) => {
      const list = `/machines/${segment(machineId)}/accessors`;
      const readOne = () => this.request<wire.MachineAccessor>("GET", `${list}/${segment(userId)}`);
      return this.batched(list, userId, readOne, (accessor) => accessor.user.id);
    },
    /** Adding an accessor twice changes nothing, so it may be repeated. */
    add: (machineId: string, body: wire.MachineAccessorAddRequest) =>
      this.request<wire.MachineAccessor>("POST", `/machines/${segment(machineId)}/accessors`, {
        body,
        retry: "idempotent",
      }),
    remove: (machineId: string, userId: string) =>
      this.request<wire.MachineAccessor>("DELETE", `/machines/${segment(machineId)}/accessors/${segment(userId)}`),
  };

  readonly teams = {
    /** The team's members, with their roles. */
    users: (teamId: string, query: wire.ListQuery<"teamMemberships-listByTeamId"> = {}) =>
      this.paginate<wire.TeamMembership>(`/teams/${segment(teamId)}/users`, query),
  };

  readonly auth = {
    /** The user and team the key belongs to. */
    session: () => this.request<wire.AuthSession>("GET", "/auth/session"),
  };

  /**
   * The calls of one of the contract's collections (`/snapshots`: its list, and get, create, update and delete of
   * `/snapshots/{id}`), typed by the contract; its objects decoded as `decode.ts` says for the collection.
   */
  collection<P extends CollectionPath>(path: P): CollectionCalls<P> {
    const decode = decoderOf<{ id: string }>(path);
    const answer = (value: unknown) => decodeAnswer(value, decode);
    const item = (id: string) => `${path}/${segment(id)}`;
    const calls: Record<keyof CollectionCalls<P>, unknown> = {
      list: (query: RequestOptions["query"] = {}) => this.paginate(path, query, decode),
      get: (id: string) => this.readOf(path, id, decode),
      create: (body: unknown) => this.request("POST", path, { body }).then(answer),
      update: (id: string, body: unknown) => this.request("PUT", item(id), { body }).then(answer),
      delete: (id: string) => this.request("DELETE", item(id)).then(answer),
    };
    return calls as CollectionCalls<P>;
  }

  constructor(options: ClientOptions) {
    this.deadline = options.deadline;
    const baseURL = checkedBaseUrl(options.apiUrl);
    const { limits, apiKey, sharing = "shared" } = options;
    const throttle = limits.throttleFor(baseURL, apiKey);
    if (sharing === "shared") this.eventPoller = limits.pollerFor(baseURL, apiKey, (query) => this.newestEvents(query));
    if (sharing === "shared" && options.batchReads) {
      this.batcher = (collection, decode, keyOf) =>
        limits.batcherFor(
          baseURL,
          apiKey,
          collection,
          (after, deadline) => this.page(collection, { limit: wire.PAGE_SIZE_MAX, after }, decode, deadline),
          keyOf,
        );
    }
    const { inFlight } = limits;
    const backoff = (attempt: number, error: AxiosError) =>
      exponentialDelay(attempt, error, options.backoffBaseMs ?? BACKOFF_BASE_MS);
    this.http = axios.create({
      baseURL,
      timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
      headers: { Authorization: `Bearer ${options.apiKey}`, Accept: "application/json" },
      // Responses are read as text and parsed here, so that a non-JSON error page still yields a message.
      responseType: "text",
      transformResponse: [(data: unknown) => data],
    });
    // Each attempt takes a place among the requests in flight and gives it back when answered, so that no place
    // is held while a retry backs off; while the throttle holds or paces, the places wait with it.
    this.http.interceptors.request.use(async (config) => {
      await inFlight.acquire();
      await throttle.wait();
      return config;
    });
    this.http.interceptors.response.use(
      async (response) => {
        inFlight.release();
        await throttle.acceptedAt(Date.now());
        return response;
      },
      async (error: AxiosError) => {
        inFlight.release();
        const now = Date.now();
        if (error.response?.status === 429) {
          const attempt = error.config?.["axios-retry"]?.retryCount ?? 0;
          await throttle.limitedAt(
            now,
            now + (retryAfter(error) || Math.min(backoff(attempt, error), MAX_429_BACKOFF_MS)),
          );
        } else if (error.config) {
          if (error.response) await throttle.acceptedAt(now);
          error.config.failures = (error.config.failures ?? 0) + 1;
        }
        throw error;
      },
    );
    const retries = options.retries ?? RETRIES;
    axiosRetry(this.http, {
      retries: Number.MAX_SAFE_INTEGER,
      shouldResetTimeout: true,
      retryCondition: (error) => mayRetry(error, retries),
      // After a 429 the throttle holds the retry (and every other request) for as long as the API said; other
      // failures back off by how many of them this request has had.
      retryDelay: (_attempt, error) =>
        error.response?.status === 429 ? 0 : backoff(error.config?.failures ?? 1, error),
    });
  }

  async request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
    const retryPolicy =
      options.retry ?? (method === "GET" || method === "PUT" || method === "DELETE" ? "idempotent" : "unacted");
    let response;
    try {
      response = await this.http.request<string>({
        method,
        url: path,
        data: options.body,
        // A request without a body says no content type (axios would say one on a bare POST or PATCH).
        ...(options.body === undefined ? { headers: { "Content-Type": false } } : {}),
        params: options.query,
        retryPolicy,
        deadline: options.deadline ?? this.deadline ?? Date.now() + DEFAULT_RETRY_WINDOW_MS,
      });
    } catch (error) {
      throw errorOf(method, path, error);
    }
    const parsed = parseBody(response.data);
    if (isErrorEnvelope(parsed)) throw apiErrorFromResponse(method, path, response.status, parsed);
    return parsed as T;
  }

  /**
   * A page of the newest events, the largest the API gives: what the shared poller reads. Not retried: a wait that
   * the page cannot settle reads its own event.
   */
  private newestEvents(query: { machineId?: string; after?: string }): Promise<ListedPage<wire.MachineEvent>> {
    const newestFirst = { limit: wire.PAGE_SIZE_MAX, order: "desc", ...query };
    return this.page<wire.MachineEvent>("/machine-events", newestFirst, (event) => event, Date.now());
  }

  /**
   * An object of a collection by its id; one that says it was deleted (`dtDeleted`) reads as a 404. With `batchReads`,
   * reads that arrive together share the collection's list (`ReadBatcher`); otherwise, or alone, it is one GET.
   */
  private readOf<T extends { id: string }>(
    collection: string,
    id: string,
    decode: (object: T) => T = (object) => object,
  ): Promise<T> {
    const path = `${collection}/${segment(id)}`;
    const readOne = async () => decode(present("GET", path, await this.request<T>("GET", path)));
    return this.batched(collection, id, readOne, (object) => object.id, decode);
  }

  /**
   * One object of the list at `listPath`, named `key` there by `keyOf`: with `batchReads`, in the batch of the reads of
   * that list that arrive together (`ReadBatcher`), else, or alone, by `readOne`.
   */
  private batched<T>(
    listPath: string,
    key: string,
    readOne: () => Promise<T>,
    keyOf: (item: T) => string,
    decode: (item: T) => T = (item) => item,
  ): Promise<T> {
    if (!this.batcher) return readOne();
    const batch = this.batcher(listPath, decode, keyOf);
    return batch.read(key, readOne, this.deadline ?? Date.now() + DEFAULT_RETRY_WINDOW_MS);
  }

  /**
   * An object of a collection that has no GET of one object (public IPs): found in the collection's list by `key`
   * (its address); one the list does not show reads as a 404. With `batchReads`, reads that arrive together share one
   * walk of the list.
   */
  readListed<P extends CollectionPath>(collection: P, key: string, value: string): Promise<ListItem<P>> {
    type Item = Record<string, unknown>;
    const decode = decoderOf<Item>(collection);
    const keyOf = (item: Item) => String(item[key]);
    const readOne = async () => {
      const pages = (after: string | undefined) => this.page(collection, { limit: wire.PAGE_SIZE_MAX, after }, decode);
      const { found } = await findInPages(new Set([value]), pages, undefined, keyOf);
      const object = found.get(value);
      if (!object) {
        throw new NotFoundError("GET", collection, 404, "NOT_FOUND", `no ${key} ${value} in the list`, undefined, "");
      }
      return object;
    };
    return this.batched(collection, value, readOne, keyOf, decode) as never;
  }

  /** One page of a list: its items decoded, the deleted objects that still show left out, and the next cursor. */
  private async page<T>(
    path: string,
    query: RequestOptions["query"],
    decode: (item: T) => T,
    deadline?: number,
  ): Promise<ListedPage<T>> {
    const page = await this.request<wire.Page<T>>("GET", path, { query, deadline });
    if (!Array.isArray(page?.items)) {
      throw new PaperspaceError(`Paperspace API GET ${path} answered something that is not a page of a list.`);
    }
    const items = page.items.filter((item) => !deletedAt(item)).map(decode);
    return { items, next: page.hasMore && page.nextPage ? page.nextPage : undefined };
  }

  /**
   * Every item of a list, page after page, each once: pages may repeat items (kept by id, first seen), deleted
   * objects that still show are left out, and a cursor seen before ends the list rather than looping on it.
   */
  async *paginate<T>(
    path: string,
    query: RequestOptions["query"] = {},
    decode: (item: T) => T = (item) => item,
  ): AsyncGenerator<T> {
    let after: string | undefined = typeof query.after === "string" ? query.after : undefined;
    const cursors = new Set<string>();
    const seen = new Set<string>();
    do {
      const page = await this.page(path, { ...query, after }, decode);
      for (const item of page.items) {
        const id = (item as { id?: unknown } | null)?.id;
        if (typeof id === "string" && seen.has(id)) continue;
        if (typeof id === "string") seen.add(id);
        yield item;
      }
      if (after !== undefined) cursors.add(after);
      after = page.next && !cursors.has(page.next) ? page.next : undefined;
    } while (after);
  }
}

/** Failures that prove the API did not act on the request. */
function notActed(error: AxiosError): boolean {
  return error.response?.status === 429 || error.code === "ECONNREFUSED";
}

/** 429s are retried until the deadline; other failures `retries` times at most. */
function mayRetry(error: AxiosError, retries: number): boolean {
  const config = error.config as InternalAxiosRequestConfig | undefined;
  if (config?.deadline !== undefined && Date.now() >= config.deadline) return false;
  if (error.response?.status === 429) return true;
  if ((config?.failures ?? 0) > retries) return false;
  if (notActed(error)) return true;
  if (config?.retryPolicy !== "idempotent") return false;
  const status = error.response?.status;
  return status === undefined || status >= 500;
}

function errorOf(method: string, path: string, error: unknown): Error {
  if (!axios.isAxiosError(error)) return error instanceof Error ? error : new Error(String(error));
  if (error.response) return apiErrorFromResponse(method, path, error.response.status, parseBody(error.response.data));
  if (error.code === "ECONNABORTED" || error.code === "ETIMEDOUT") return new RequestTimeoutError(method, path);
  return new NetworkError(method, path, error.code ?? error.message, error.code === "ECONNREFUSED");
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

function parseBody(text: unknown): unknown {
  if (typeof text !== "string" || text === "") return text === "" ? undefined : text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
