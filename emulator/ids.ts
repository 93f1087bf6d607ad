import { Random } from "./random";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/**
 * Ids shaped like the real API's, drawn from a seeded generator so that a run can be reproduced id for id:
 * machines `ps` + 10, templates `t` + 7, snapshots `s` + 13 (the documented examples), startup scripts `sc` + 10,
 * events `ev` + 12 and teams `te` + 8 (no real example is published for these three).
 */
export class IdGenerator {
  private readonly random: Random;

  constructor(state: number) {
    this.random = new Random(state);
  }

  get state(): number {
    return this.random.state;
  }

  private id(prefix: string, length: number): string {
    let out = prefix;
    while (out.length < prefix.length + length) out += ALPHABET[Math.floor(this.random.next() * ALPHABET.length)];
    return out;
  }

  machine = () => this.id("ps", 10);
  startupScript = () => this.id("sc", 10);
  customTemplate = () => this.id("t", 7);
  snapshot = () => this.id("s", 13);
  event = () => this.id("ev", 12);
  team = () => this.id("te", 8);
}
