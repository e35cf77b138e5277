/**
 * The reference usage client: how the ISV's application should post metered usage to the portal
 * (`POST /api/v1/usage`). Every record carries the application's own `id`, every request an
 * `Idempotency-Key`; a request that failed in a way that may be temporary (5xx, 429, a network error or a
 * timeout) is sent again with the same key and the same body, so that the portal answers it once whatever
 * happened to the first answer. The portal's per-record answer (200, or 207 when some were refused) is
 * split into accepted, duplicate and refused records, so that the caller can fix and re-send the refused.
 */
import { randomUUID } from "node:crypto";

export type UsageRecord = {
  /** The application's own id of this usage: the portal counts a record id once. */
  id: string;
  subscriptionId: string;
  dimension: string;
  quantity: number;
  /** ISO 8601 with its offset, e.g. 2026-12-05T09:15:00Z. */
  occurredAt: string;
};

export type Refusal = { record: UsageRecord; code: string; detail: string };

export type BatchReport = {
  idempotencyKey: string;
  /** The portal's final HTTP status (200 or 207). */
  status: number;
  attempts: number;
  /** From the first attempt to the final answer, retries and their waits included. */
  ms: number;
  accepted: UsageRecord[];
  duplicates: UsageRecord[];
  refused: Refusal[];
};

export type UsageReport = Omit<BatchReport, "idempotencyKey" | "status" | "attempts" | "ms"> & {
  batches: BatchReport[];
};

export type UsageClientOptions = {
  portalUrl: string;
  /** An API key with the scope usage:write. */
  apiKey: string;
  /** Records per request: 1 to 1 000 (default 500). */
  batchSize?: number;
  /** Requests in flight at once (default 1: batches in order). */
  concurrency?: number;
  /** Attempts per request before giving up (default 6). */
  maxAttempts?: number;
  /** First wait before a retry; it doubles per attempt (default 500 ms) up to retryMaxMs (30 s). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Time allowed per attempt (default 30 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
};

/** The portal refused a request as a whole (400, 401, 403, 413, 422), or kept failing until attempts ran out. */
export class UsageClientError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    /** Send the same records again with this key later: the portal still answers it once. */
    readonly idempotencyKey: string,
    readonly problem?: unknown,
  ) {
    super(message);
    this.name = "UsageClientError";
  }
}

type Answer = {
  results: { index: number; status: "accepted" | "duplicate" | "refused"; reason?: { code: string; detail: string } }[];
};

const MAX_BATCH = 1_000;
const RETRYABLE = (status: number) => status === 429 || status >= 500;

/** Posts the records in batches; resolves once every batch was answered, or throws the first refusal of a whole request. */
export async function postUsage(records: readonly UsageRecord[], options: UsageClientOptions): Promise<UsageReport> {
  const size = options.batchSize ?? 500;
  if (!Number.isInteger(size) || size < 1 || size > MAX_BATCH)
    throw new RangeError(`batchSize must be 1 to ${MAX_BATCH}`);
  const batches: UsageRecord[][] = [];
  for (let i = 0; i < records.length; i += size) batches.push(records.slice(i, i + size));
  const reports: BatchReport[] = new Array(batches.length);
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const index = next++;
      reports[index] = await sendBatch(batches[index]!, options);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker));
  return {
    accepted: reports.flatMap((r) => r.accepted),
    duplicates: reports.flatMap((r) => r.duplicates),
    refused: reports.flatMap((r) => r.refused),
    batches: reports,
  };
}

/** One request, retried with the same Idempotency-Key until the portal answers it. */
export async function sendBatch(
  records: readonly UsageRecord[],
  options: UsageClientOptions,
  idempotencyKey: string = randomUUID(),
): Promise<BatchReport> {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxAttempts = options.maxAttempts ?? 6;
  const body = JSON.stringify({ records });
  const url = new URL("/api/v1/usage", options.portalUrl);
  const started = performance.now();
  let lastFailure = "";
  let lastStatus: number | null = null;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          "content-type": "application/json",
          "idempotency-key": idempotencyKey,
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (e) {
      // The request may have reached the portal: the retry's same key makes that harmless.
      lastFailure = e instanceof Error ? e.message : String(e);
      lastStatus = null;
      if (attempt < maxAttempts) await sleep(backoff(attempt, null, options));
      continue;
    }
    if (response.status === 200 || response.status === 207) {
      const answer = (await response.json()) as Answer;
      return {
        idempotencyKey,
        status: response.status,
        attempts: attempt,
        ms: performance.now() - started,
        ...split(records, answer),
      };
    }
    const text = await response.text();
    lastStatus = response.status;
    lastFailure = problemDetail(text) ?? `HTTP ${response.status}`;
    if (!RETRYABLE(response.status))
      throw new UsageClientError(
        `The portal refused the request: ${lastFailure}`,
        response.status,
        idempotencyKey,
        parse(text),
      );
    if (attempt < maxAttempts) await sleep(backoff(attempt, response.headers.get("retry-after"), options));
  }
  throw new UsageClientError(
    `No answer after ${maxAttempts} attempts (last: ${lastFailure}). Send the same records again later with the same Idempotency-Key.`,
    lastStatus,
    idempotencyKey,
  );
}

/** The answer's results, one per record in the request's order, matched back to the records. */
function split(
  records: readonly UsageRecord[],
  answer: Answer,
): Pick<BatchReport, "accepted" | "duplicates" | "refused"> {
  if (!Array.isArray(answer.results) || answer.results.length !== records.length)
    throw new Error(`The portal answered ${answer.results?.length ?? 0} results for ${records.length} records.`);
  const report: Pick<BatchReport, "accepted" | "duplicates" | "refused"> = {
    accepted: [],
    duplicates: [],
    refused: [],
  };
  for (const result of answer.results) {
    const record = records[result.index];
    if (!record) throw new Error(`The portal answered for record ${result.index}, which was not sent.`);
    if (result.status === "accepted") report.accepted.push(record);
    else if (result.status === "duplicate") report.duplicates.push(record);
    else report.refused.push({ record, code: result.reason?.code ?? "unknown", detail: result.reason?.detail ?? "" });
  }
  return report;
}

/** Retry-After when the portal gives one, else exponential backoff with jitter (so that many clients spread out). */
function backoff(attempt: number, retryAfter: string | null, options: UsageClientOptions): number {
  const max = options.retryMaxMs ?? 30_000;
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
    if (Number.isFinite(ms)) return Math.min(max, Math.max(0, ms));
  }
  const base = Math.min(max, (options.retryBaseMs ?? 500) * 2 ** (attempt - 1));
  return base / 2 + Math.random() * (base / 2);
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function problemDetail(text: string): string | undefined {
  const body = parse(text) as { title?: unknown; detail?: unknown } | undefined;
  const detail =
    typeof body?.detail === "string" ? body.detail : typeof body?.title === "string" ? body.title : undefined;
  return detail;
}
