-- The audit trail becomes the event feed (lib/domain/events.ts): the same rows, renamed, with the type
-- and version of each event and the subscription it concerns. Existing entries keep everything they had.
-- Their type is derived from their action (best effort: consumers of the feed start from the events
-- written after this migration). Written by hand: the engine would drop and re-create the table.
-- (No apostrophes or semicolons in these comments: the migration runner splits the script on them.)

ALTER TABLE "AuditEntry" RENAME TO "Event";
ALTER SEQUENCE "AuditEntry_id_seq" RENAME TO "Event_id_seq";
ALTER TABLE "Event" RENAME CONSTRAINT "AuditEntry_pkey" TO "Event_pkey";
ALTER INDEX "AuditEntry_subjectType_subjectId_at_idx" RENAME TO "Event_subjectType_subjectId_at_idx";
ALTER INDEX "AuditEntry_at_idx" RENAME TO "Event_at_idx";

ALTER TABLE "Event" ADD COLUMN "type" TEXT NOT NULL DEFAULT 'subscription.updated',
  ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1,
  ADD COLUMN "subscriptionId" TEXT;

UPDATE "Event" SET
  "subscriptionId" = CASE WHEN "subjectType" = 'subscription' THEN "subjectId" END,
  "type" = CASE
    WHEN "action" = 'subscription.activated' THEN 'activation.recorded'
    WHEN "action" = 'subscription.activated-outside-purchase' THEN 'activation.outside_purchase'
    WHEN "action" = 'subscription.activation-refused' THEN 'activation.refused'
    WHEN "action" = 'operation.requested' THEN 'operation.requested'
    WHEN "action" IN ('operation.succeeded', 'operation.failed', 'operation.conflict') THEN 'operation.finished'
    WHEN "action" LIKE 'webhook.%.accepted' OR "action" LIKE 'webhook.%.refused' THEN 'webhook.change_decided'
    WHEN "action" = 'webhook.unknown-status' THEN 'webhook.unknown_status'
    WHEN "action" = 'webhook.rerun' THEN 'webhook.rerun_requested'
    WHEN "action" = 'reconciliation.started' THEN 'reconcile.started'
    WHEN "action" = 'role.granted' THEN 'staff.role_granted'
    WHEN "action" = 'role.revoked' THEN 'staff.role_revoked'
    WHEN "subjectType" = 'subscription' AND "before" IS NULL THEN 'subscription.created'
    WHEN "action" = 'reconcile.repaired' THEN 'subscription.repaired'
    ELSE 'subscription.updated'
  END;

ALTER TABLE "Event" ALTER COLUMN "type" DROP DEFAULT;

CREATE INDEX "Event_subscriptionId_id_idx" ON "Event"("subscriptionId", "id");
CREATE INDEX "Event_type_id_idx" ON "Event"("type", "id");
