import "server-only";
import { getDb, type Db } from "@/lib/db";
import { DELIVER_PRIORITY, DELIVER_TASK, deliveryQueueOf } from "@/lib/domain/outbound-events";

/**
 * The delivery job of an endpoint: one keyed job in the endpoint's named queue (the same key and queue the
 * fan-out trigger uses), so that wake-ups coalesce and one run per endpoint happens at a time across
 * every instance.
 *
 * Due now: the job is added (or its pending job moved to now), in `db`'s transaction when given: a job
 * that is added by the transaction that makes the work visible cannot run before it. Later (a retry's
 * time): only when no pending job runs earlier, so that a far retry never postpones a wake-up.
 */
export async function wakeDelivery(endpointId: string, runAt: Date, db: Db = getDb(), now = new Date()): Promise<void> {
  const key = deliveryQueueOf(endpointId);
  const payload = JSON.stringify({ endpointId });
  if (runAt.getTime() <= now.getTime()) {
    await db.$executeRaw`SELECT graphile_worker.add_job(${DELIVER_TASK}, ${payload}::json, queue_name => ${key}, job_key => ${key}, priority => ${DELIVER_PRIORITY}::int)`;
    return;
  }
  await db.$executeRaw`SELECT graphile_worker.add_job(${DELIVER_TASK}, ${payload}::json, queue_name => ${key}, job_key => ${key}, priority => ${DELIVER_PRIORITY}::int, run_at => ${runAt}::timestamptz)
    WHERE NOT EXISTS (SELECT 1 FROM graphile_worker._private_jobs j WHERE j.key = ${key} AND j.locked_at IS NULL AND j.run_at <= ${runAt}::timestamptz)`;
}
