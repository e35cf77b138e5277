/**
 * The scheduler behind the embedded database's socket server.
 *
 * Why: PGlite is ONE PostgreSQL session, shared by every client connection. @electric-sql/pglite-socket
 * 0.2.17 (the newest) runs the clients' protocol messages one at a time but interleaves them freely outside
 * transactions: client A's Parse, then B's Parse (replacing A's unnamed statement), then A's Bind… Under
 * concurrency that errors ("unnamed prepared statement does not exist"), hangs, or answers a client with
 * another client's rows. Here a client owns the session from its first message until PostgreSQL is idle
 * again: after a Sync or simple Query outside a transaction (what ReadyForQuery "I" means). Others wait.
 *
 * Consequence: code must not query the database through a second connection while it holds a transaction
 * (it would wait for itself until the transaction times out). The portal's data layer passes the
 * transaction along instead.
 */
import type { PGlite } from "@electric-sql/pglite";

type Item = {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve(bytes: number): void;
  reject(e: unknown): void;
};

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const PROTOCOL_3 = 196608;

function isStartup(message: Uint8Array): boolean {
  return (
    message.length >= 8 &&
    new DataView(message.buffer, message.byteOffset, message.byteLength).getInt32(4) === PROTOCOL_3
  );
}

/** Same interface as pglite-socket's QueryQueueManager (which its connection handlers call). */
export class SessionQueue {
  private queue: Item[] = [];
  private owner: number | null = null;
  private running = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((item) => {
      if (item.handlerId !== handlerId) return true;
      item.reject(new Error("Handler disconnected"));
      return false;
    });
  }

  /** A client went away: undo what it left open (a transaction, a half-sent extended query) and free the session. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    // A Sync ends a half-sent extended query (and its error state); ROLLBACK ends an open transaction.
    // (Not nested: exec() takes the same mutex as runExclusive().)
    await this.db.runExclusive(() => this.db.execProtocolRaw(new Uint8Array([SYNC, 0, 0, 0, 4]))).catch(() => {});
    if (this.db.isInTransaction()) await this.db.exec("ROLLBACK").catch(() => {});
    this.owner = null;
    void this.process();
  }

  private next(): Item | undefined {
    const index = this.owner === null ? 0 : this.queue.findIndex((item) => item.handlerId === this.owner);
    return index < 0 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        this.owner = item.handlerId;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (chunk) => {
                bytes += chunk.length;
                item.onData(chunk);
              },
            }),
          );
          item.resolve(bytes);
        } catch (e) {
          item.reject(e);
        }
        const type = item.message[0];
        if (isStartup(item.message) || type === TERMINATE) this.owner = null;
        else if (type === SYNC || type === QUERY) this.owner = this.db.isInTransaction() ? item.handlerId : null;
        // Any other message (Parse, Bind, Describe, Execute, Flush…) is mid-sequence: the client keeps the session.
      }
    } finally {
      this.running = false;
    }
  }
}
