/**
 * The wire types: every schema of the contract under its own name, from `contract/paperspace-api.ts` (generated from
 * `contract/openapi.yaml`), and its two envelopes as generics over the object they carry.
 */
import { type AsyncEnvelope, LIMITS, type PaginatedEnvelope, type operations } from "../../contract/paperspace-api";

// Every schema of the contract, under its own name (a new resource's object type included).
export type * from "../../contract/schemas";
export type { Error as ErrorEnvelope, components, operations, paths } from "../../contract/paperspace-api";

/** One page of a list: follow `nextPage` with `?after=` until it is absent or null. */
export type Page<T> = Omit<PaginatedEnvelope, "items"> & { items: T[] };

/** The answer of an asynchronous operation: the affected object and the machine event to poll. */
export type AsyncResult<T> = Omit<AsyncEnvelope, "data"> & { data: T };

export { PAGE_SIZE_MAX } from "../../contract/paperspace-api";

/** Paperspace ids are opaque, but only ever made of letters, digits, `-` and `_` (the contract's `x-limits`). */
export const ID_PATTERN = new RegExp(LIMITS.idPattern);

/** The query a list operation of the contract takes (paging, order and its filters). */
export type ListQuery<Operation extends keyof operations> = NonNullable<operations[Operation]["parameters"]["query"]>;
