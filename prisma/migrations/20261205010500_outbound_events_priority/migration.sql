-- Outbound deliveries run ahead of the webhook's backlog (priority -5; a webhook decision is -10, other
-- jobs 0). During a burst of Microsoft's deliveries most of the queue's workers hold webhook jobs that wait
-- for the answers to pass (lib/jobs/foreground.ts); a freed worker took the oldest due job, the backlog's,
-- so an endpoint's wake-up waited behind it: at 100 changes/s, commit → receiver p99 was 14–20 s instead of
-- tens of milliseconds (bench/events.ts). A run is short (3 s at most) and one per endpoint, so this never
-- starves the backlog.
CREATE OR REPLACE FUNCTION "outbound_fan_out"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  woken integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "EventEndpoint" WHERE "deletedAt" IS NULL) THEN
    RETURN NULL;
  END IF;
  WITH queued AS (
    INSERT INTO "OutboundMessage" ("endpointId", "eventId", "subscriptionId")
      SELECT e."id", n."id", n."subscriptionId"
      FROM new_events n JOIN "EventEndpoint" e ON e."deletedAt" IS NULL AND n."type" = ANY (e."eventTypes")
      ORDER BY n."id", e."id"
    RETURNING "endpointId")
  SELECT count(graphile_worker.add_job('events.deliver', json_build_object('endpointId', e."id"),
      queue_name => 'events.deliver:' || e."id", job_key => 'events.deliver:' || e."id", priority => -5)) INTO woken
    FROM "EventEndpoint" e WHERE e."status" = 'active' AND e."id" IN (SELECT "endpointId" FROM queued);
  RETURN NULL;
END $$;

