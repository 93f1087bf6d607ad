const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/**
 * Ids shaped like the real API's (machine `ps` + 10, startup script `sc` + 10, ...), drawn from a seeded
 * generator so that a run can be reproduced id for id.
 */
export class IdGenerator {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: small, fast and good enough for ids. */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  id(prefix: string, length: number): string {
    let out = prefix;
    while (out.length < prefix.length + length) out += ALPHABET[Math.floor(this.next() * ALPHABET.length)];
    return out;
  }

  machine(): string {
    return this.id("ps", 10);
  }

  startupScript(): string {
    return this.id("sc", 10);
  }

  team(): string {
    return this.id("te", 8);
  }
}
