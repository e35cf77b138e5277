import "server-only";
import { isValueRefused } from "@/lib/data/db-errors";
import { receiveDeliveries, type Receipt, type ReceiptInput } from "@/lib/data/webhook-receipts";
import { metrics } from "@/lib/metrics/registry";

/**
 * Group commit for the webhook's receipts. One receipt statement runs at a time per process; the receipts
 * that arrive meanwhile wait for it and go together in the next statement. Idle, a receipt is written at
 * once (no added latency); under a burst each statement carries every answer waiting, so the statement's
 * fixed cost (a round trip, PostgreSQL's execution and commit: most of the answer's database time) is paid
 * once per batch instead of once per delivery. Each answer still waits for its own row to be committed:
 * nothing is acknowledged that is not stored.
 *
 * Microsoft sending one operation twice at the same moment: the repeat waits for the next statement (one
 * statement cannot update a row twice). A batch refused for its data (a NUL character PostgreSQL will not
 * store, say) is tried again receipt by receipt, so that one unstorable delivery fails only its own answer;
 * any other failure (the database unreachable) fails the batch and every receipt waiting behind it at once,
 * and each answer is a 503.
 */

const MAX_BATCH = 100;

type Waiting = { input: ReceiptInput; resolve: (r: Receipt) => void; reject: (e: unknown) => void };

let waiting: Waiting[] = [];
let writing = false;

/** Records the delivery durably (with the receipts gathered meanwhile); resolves once its row is committed. */
export function receiveInBatch(input: ReceiptInput): Promise<Receipt> {
  return new Promise<Receipt>((resolve, reject) => {
    waiting.push({ input, resolve, reject });
    if (!writing) void writeWhileWaiting();
  });
}

async function writeWhileWaiting(): Promise<void> {
  writing = true;
  try {
    while (waiting.length) await write(takeBatch());
  } finally {
    writing = false;
  }
}

/** Up to MAX_BATCH receipts in arrival order, one per operation id; repeats stay for the next batch. */
function takeBatch(): Waiting[] {
  const batch: Waiting[] = [];
  const rest: Waiting[] = [];
  const operations = new Set<string>();
  for (const w of waiting) {
    if (batch.length < MAX_BATCH && !operations.has(w.input.operationId)) {
      operations.add(w.input.operationId);
      batch.push(w);
    } else rest.push(w);
  }
  waiting = rest;
  return batch;
}

async function write(batch: Waiting[]): Promise<void> {
  try {
    metrics().webhookReceiptBatch.observe(batch.length);
    const receipts = await receiveDeliveries(batch.map((w) => w.input));
    batch.forEach((w, i) => w.resolve(receipts[i]!));
  } catch (batchError) {
    if (!isValueRefused(batchError)) {
      // The database did not take the statement (unreachable, restarting): the answers waiting meanwhile
      // would wait for the same fate, one connection timeout per batch. They get their 503 now instead,
      // and Microsoft retries.
      const failed = [...batch, ...waiting];
      waiting = [];
      return failed.forEach((w) => w.reject(batchError));
    }
    if (batch.length === 1) return batch[0]!.reject(batchError);
    for (const w of batch) {
      await receiveDeliveries([w.input]).then(
        ([receipt]) => w.resolve(receipt!),
        (e: unknown) => w.reject(e),
      );
    }
  }
}
