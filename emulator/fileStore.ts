import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { COLLECTION_NAMES, type Change, MemoryStore } from "./store";

interface JournalLine {
  change: Change;
  /** The store's meta (the id generator's position) as of this change. */
  meta: Record<string, unknown>;
}

/**
 * A store that survives a restart: the in-memory store plus a journal of every change, appended and flushed to disk
 * (fsync) before the change is acknowledged. At open, the journal is replayed and rewritten compactly (to a
 * temporary file, flushed, then renamed over the old one), so a crash at any point loses nothing acknowledged; a
 * last line torn by a crash mid-write is the only one ever skipped.
 */
export class FileStore extends MemoryStore {
  private fd: number;
  private replaying = false;

  constructor(readonly path: string) {
    super();
    if (existsSync(path)) this.replay(readFileSync(path, "utf8"));
    this.restored = this.teamList.length > 0;
    this.compact();
    this.fd = openSync(path, "a");
  }

  override close(): void {
    closeSync(this.fd);
  }

  protected override changed(change: Change): void {
    if (this.replaying || this.fd === undefined) return;
    writeSync(this.fd, `${JSON.stringify({ change, meta: this.meta } satisfies JournalLine)}\n`);
    fsyncSync(this.fd);
  }

  private replay(text: string): void {
    const lines = text.split("\n").filter((line) => line.length > 0);
    this.replaying = true;
    try {
      lines.forEach((line, index) => {
        let entry: JournalLine;
        try {
          entry = JSON.parse(line) as JournalLine;
        } catch (error) {
          if (index === lines.length - 1 && !text.endsWith("\n")) return; // torn by a crash mid-write: never acknowledged
          throw new Error(`${this.path}: line ${index + 1} is not a journal entry (${(error as Error).message})`, {
            cause: error,
          });
        }
        this.apply(entry.change);
        this.meta = entry.meta;
      });
    } finally {
      this.replaying = false;
    }
  }

  /** Rewrites the journal as the shortest list of changes that rebuilds the current state. */
  private compact(): void {
    const changes: Change[] = [
      { op: "clear" },
      ...this.teamList.map((team): Change => ({ op: "team", team })),
      ...COLLECTION_NAMES.flatMap((collection) =>
        this.collection(collection)
          .all()
          .map((record): Change => ({ op: "put", collection, record })),
      ),
    ];
    const text = changes.map((change) => `${JSON.stringify({ change, meta: this.meta } satisfies JournalLine)}\n`);
    const temporary = `${this.path}.tmp`;
    const fd = openSync(temporary, "w");
    try {
      writeSync(fd, text.join(""));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
    const directory = openSync(dirname(this.path), "r");
    try {
      fsyncSync(directory);
    } finally {
      closeSync(directory);
    }
  }
}
