import type { Kind } from "./kind";
import { KINDS } from "./kinds";
import { Random } from "./random";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

type IdNameOf<K> = K extends { ids: { name: infer Name extends string } } ? Name : never;

/** The generator's methods, one per kind with ids: `machine`, `snapshot`, `team`, ... */
export type IdName = IdNameOf<(typeof KINDS)[number]>;

const kinds: readonly Kind<never>[] = KINDS;

/** The generator as written; `IdGenerator` below is this class typed with a method per kind. */
class SeededIds {
  private readonly random: Random;

  constructor(state: number) {
    this.random = new Random(state);
    for (const { ids } of kinds) {
      if (ids) Object.assign(this, { [ids.name]: () => this.id(ids.prefix, ids.length, ids.alphabet ?? ALPHABET) });
    }
  }

  get state(): number {
    return this.random.state;
  }

  /** A number in [0, 1) from the same sequence as the ids. */
  draw(): number {
    return this.random.next();
  }

  private id(prefix: string, length: number, alphabet: string): string {
    let out = prefix;
    while (out.length < prefix.length + length) out += alphabet[Math.floor(this.random.next() * alphabet.length)];
    return out;
  }
}

/**
 * Ids shaped like the real API's (each kind's `ids`), drawn from one seeded generator so that a run can be
 * reproduced id for id: `ids.machine()`, `ids.team()`, ... A class cannot declare members from a mapped type, so its
 * type is given here.
 */
export const IdGenerator = SeededIds as new (state: number) => IdGenerator;
export type IdGenerator = SeededIds & { readonly [Name in IdName]: () => string };
