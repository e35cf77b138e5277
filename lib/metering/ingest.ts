import "server-only";
import { createHash } from "node:crypto";
import {
  findMeteringSubscriptions,
  lookupIdempotencyKey,
  storeUsage,
  type StoredAnswer,
  type UsageRecordInput,
} from "@/lib/data/usage-ingest";
import { getEnv } from "@/lib/env";
import type { UsageAnswer, UsageRecordBody, UsageResult } from "@/lib/integration-api/usage-schemas";
import type { MarketplaceClient } from "@/lib/marketplace";
import { judgeRecord, type Verdict } from "./judge";
import { meteringPlans } from "./plans";

/**
 * POST /api/v1/usage's use case: judge every record with one read of the request's subscriptions and
 * plans, store the accepted ones in one statement, and answer per record. A request sent again with its
 * Idempotency-Key gets the first answer and changes nothing; a record sent again with its id is a
 * duplicate, counted once.
 */

export type IngestInput = {
  apiKeyId: string;
  apiKeyPrefix: string;
  records: readonly UsageRecordBody[];
  idempotencyKey?: string;
  now?: Date;
  client?: MarketplaceClient;
};

export type IngestOutcome = { kind: "answer"; status: number; answer: UsageAnswer } | { kind: "key-reused" };

/** A hash of the request's meaning: the same records, in the same order, whatever the JSON's spacing. */
export function bodyHash(records: readonly UsageRecordBody[]): string {
  return createHash("sha256").update(JSON.stringify(records)).digest("hex");
}

export async function ingestUsage(input: IngestInput): Promise<IngestOutcome> {
  const now = input.now ?? new Date();
  const hash = bodyHash(input.records);
  if (input.idempotencyKey) {
    // Answer a retry without judging again (the plans or the clock may have moved since).
    const seen = await lookupIdempotencyKey(input.apiKeyId, input.idempotencyKey, hash);
    if (seen.kind === "conflict") return { kind: "key-reused" };
    if (seen.kind === "replay") return replayed(seen.stored);
  }
  const { metering } = getEnv();
  const subscriptions = await findMeteringSubscriptions([
    ...new Set(input.records.map((r) => r.subscriptionId.toLowerCase())),
  ]);
  const plans = await meteringPlans(subscriptions.values(), now, input.client);
  const verdicts = input.records.map((r) =>
    judgeRecord(r, { subscriptions, plans, now, maxAgeHours: metering.maxAgeHours }),
  );
  const accepted = acceptedRecords(input.records, verdicts);

  const outcome = await storeUsage({
    apiKeyId: input.apiKeyId,
    records: accepted.filter((a) => a.repeatOf === undefined).map((a) => a.record),
    idempotency: input.idempotencyKey ? { key: input.idempotencyKey, bodyHash: hash } : undefined,
    requestLabel: `api_key:${input.apiKeyPrefix}`,
    answer: (stored) => {
      const answer = answerFor(input.records, verdicts, accepted, stored, metering.dryRun);
      return {
        status: answer.refused > 0 ? 207 : 200,
        answer,
        counts: { accepted: answer.accepted, duplicates: answer.duplicates, refused: answer.refused },
      };
    },
  });
  if (outcome.kind === "conflict") return { kind: "key-reused" };
  return replayed(outcome.stored);
}

const replayed = (stored: StoredAnswer): IngestOutcome => ({
  kind: "answer",
  status: stored.status,
  answer: stored.answer as UsageAnswer,
});

type Accepted = { index: number; record: UsageRecordInput; repeatOf?: number };

/** The records to store; a record id repeated within the request is stored once (the later ones are duplicates). */
function acceptedRecords(records: readonly UsageRecordBody[], verdicts: readonly Verdict[]): Accepted[] {
  const firstWithId = new Map<string, number>();
  const result: Accepted[] = [];
  records.forEach((r, index) => {
    if (!verdicts[index]!.ok) return;
    const record: UsageRecordInput = {
      recordId: r.id ?? null,
      subscriptionId: r.subscriptionId.toLowerCase(),
      dimension: r.dimension,
      quantity: r.quantity,
      occurredAt: new Date(r.occurredAt),
    };
    if (r.id !== undefined) {
      const first = firstWithId.get(r.id);
      if (first !== undefined) return result.push({ index, record, repeatOf: first });
      firstWithId.set(r.id, index);
    }
    result.push({ index, record });
  });
  return result;
}

function answerFor(
  records: readonly UsageRecordBody[],
  verdicts: readonly Verdict[],
  accepted: readonly Accepted[],
  storedBefore: ReadonlySet<string>,
  dryRun: boolean,
): UsageAnswer {
  const repeats = new Set(accepted.filter((a) => a.repeatOf !== undefined).map((a) => a.index));
  const results: UsageResult[] = records.map((r, index) => {
    const verdict = verdicts[index]!;
    const id = r.id ?? null;
    if (!verdict.ok) return { index, id, status: "refused", reason: { code: verdict.code, detail: verdict.detail } };
    const duplicate = repeats.has(index) || (id !== null && storedBefore.has(id));
    return { index, id, status: duplicate ? "duplicate" : "accepted" };
  });
  const count = (status: UsageResult["status"]) => results.filter((r) => r.status === status).length;
  return { accepted: count("accepted"), duplicates: count("duplicate"), refused: count("refused"), dryRun, results };
}
