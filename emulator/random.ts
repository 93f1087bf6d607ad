/** A small seeded random source (mulberry32): the same seed gives the same sequence. */
export class Random {
  private value: number;

  constructor(seed: number) {
    this.value = seed >>> 0;
  }

  /** Where the sequence is; `new Random(r.state)` continues it. */
  get state(): number {
    return this.value;
  }

  /** A number in [0, 1). */
  next(): number {
    this.value = (this.value + 0x6d2b79f5) >>> 0;
    let t = this.value;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
