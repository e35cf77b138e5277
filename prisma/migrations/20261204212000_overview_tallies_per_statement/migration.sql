-- Written by hand: the overview tallies of 20261204163312_overview_tallies, kept per statement instead of
-- per row for inserts and deletes. Reconciliation from empty inserts subscriptions in batches: one trigger
-- call per batch that adds its rows up by group (a few upserts) costs far less than one call per row with
-- up to four upserts each. Updates keep the per-row trigger: its WHEN clause skips the many updates that
-- change no figure without building a transition table.
LOCK TABLE "Subscription" IN SHARE ROW EXCLUSIVE MODE;

DROP TRIGGER "Subscription_overview_insert_delete" ON "Subscription";

-- Both triggers name their transition table "changed" (the inserted rows, or the deleted ones), so one
-- function serves both, with the sign of the change.
CREATE FUNCTION "overview_tally_statement"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sign integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
  v_shard smallint;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM changed) THEN
    RETURN NULL;
  END IF;
  v_shard := "overview_tally_shard"();

  INSERT INTO "SubscriptionTally" AS t ("shard", "test", "status", "offerId", "planId", "termUnit", "isFreeTrial", "subscriptions", "seats")
    SELECT v_shard, "isTest" OR "sessionMode" = 'DryRun', "status", "offerId", "planId", COALESCE("termUnit", ''), "isFreeTrial",
      sign * count(*), sign * COALESCE(sum("quantity"), 0)
    FROM changed GROUP BY 2, 3, 4, 5, 6, 7
    ON CONFLICT ("test", "status", "offerId", "planId", "termUnit", "isFreeTrial", "shard")
    DO UPDATE SET "subscriptions" = t."subscriptions" + EXCLUDED."subscriptions", "seats" = t."seats" + EXCLUDED."seats";

  -- Purchases per UTC day (purchasedAt holds UTC wall time, as Prisma stores every DateTime).
  INSERT INTO "PurchaseTally" AS t ("day", "test", "shard", "purchases")
    SELECT "purchasedAt"::date, "isTest" OR "sessionMode" = 'DryRun', v_shard, sign * count(*)
    FROM changed WHERE "purchasedAt" IS NOT NULL GROUP BY 1, 2
    ON CONFLICT ("day", "test", "shard") DO UPDATE SET "purchases" = t."purchases" + EXCLUDED."purchases";

  -- One row per activated subscription and one per pending purchase (rows of the subscriptions themselves).
  IF sign < 0 THEN
    DELETE FROM "SubscriptionActivation" WHERE "subscriptionId" IN (SELECT "id" FROM changed);
    DELETE FROM "PendingPurchase" WHERE "subscriptionId" IN (SELECT "id" FROM changed WHERE "status" = 'PendingFulfillmentStart');
  ELSE
    INSERT INTO "SubscriptionActivation" AS a ("subscriptionId", "test", "purchasedAt", "seconds")
      SELECT "id", "isTest" OR "sessionMode" = 'DryRun', "purchasedAt", extract(epoch FROM "activatedAt" - "purchasedAt")::float8
      FROM changed WHERE "activatedAt" >= "purchasedAt"
      ON CONFLICT ("subscriptionId") DO UPDATE SET "test" = EXCLUDED."test", "purchasedAt" = EXCLUDED."purchasedAt", "seconds" = EXCLUDED."seconds";
    INSERT INTO "PendingPurchase" AS p ("subscriptionId", "test", "since")
      SELECT "id", "isTest" OR "sessionMode" = 'DryRun', COALESCE("purchasedAt", "createdAt")
      FROM changed WHERE "status" = 'PendingFulfillmentStart'
      ON CONFLICT ("subscriptionId") DO UPDATE SET "test" = EXCLUDED."test", "since" = EXCLUDED."since";
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Subscription_overview_insert" AFTER INSERT ON "Subscription"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "overview_tally_statement"();
CREATE TRIGGER "Subscription_overview_delete" AFTER DELETE ON "Subscription"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "overview_tally_statement"();
