import { setTimeout as sleep } from "node:timers/promises";

/**
 * What a database error means for the caller: the database did not take the statement (a restart, a
 * failover, a dropped connection: worth trying again a moment later), or it refused a value in it.
 */

// node-postgres' own messages for a connection lost or never made, and the socket errors below them.
const LOST =
  /Connection terminated|terminating connection|Client has encountered a connection error|timeout exceeded when trying to connect/i;
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND"]);
// SQLSTATE class 08 (connection exception), 57P01-57P03 (administrator shutdown, crash shutdown, cannot connect now).
const SQLSTATE = /^(08|57P0[123])/;

export function isDatabaseUnreachable(e: unknown): boolean {
  for (let err = e, depth = 0; err && depth < 5; err = (err as { cause?: unknown }).cause, depth++) {
    const { code, message } = err as { code?: unknown; message?: unknown };
    if (typeof code === "string" && (SOCKET_CODES.has(code) || SQLSTATE.test(code))) return true;
    if (typeof message === "string" && LOST.test(message)) return true;
  }
  return false;
}

/** PostgreSQL refused a value (SQLSTATE class 22, data exception, or 23, integrity), not the connection. */
export function isValueRefused(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^2[23]/.test(code);
}

/**
 * Runs `fn`, and again after each pause while the database is unreachable (other failures are thrown at
 * once). For writes that must follow something already done elsewhere, such as Microsoft accepting a change:
 * a PostgreSQL restart takes about a second, and giving up then would lose track of the change.
 */
export async function whileDatabaseReturns<T>(fn: () => Promise<T>, pausesMs: readonly number[]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const pause = pausesMs[attempt];
      if (pause === undefined || !isDatabaseUnreachable(e)) throw e;
      await sleep(pause);
    }
  }
}
