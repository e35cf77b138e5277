-- CreateTable
CREATE TABLE "SubscriptionTally" (
    "shard" SMALLINT NOT NULL,
    "test" BOOLEAN NOT NULL,
    "status" "SubscriptionStatus" NOT NULL,
    "offerId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "termUnit" TEXT NOT NULL,
    "isFreeTrial" BOOLEAN NOT NULL,
    "subscriptions" INTEGER NOT NULL,
    "seats" BIGINT NOT NULL,

    CONSTRAINT "SubscriptionTally_pkey" PRIMARY KEY ("test","status","offerId","planId","termUnit","isFreeTrial","shard")
);

-- CreateTable
CREATE TABLE "PurchaseTally" (
    "day" DATE NOT NULL,
    "test" BOOLEAN NOT NULL,
    "shard" SMALLINT NOT NULL,
    "purchases" INTEGER NOT NULL,

    CONSTRAINT "PurchaseTally_pkey" PRIMARY KEY ("day","test","shard")
);

-- CreateTable
CREATE TABLE "SubscriptionActivation" (
    "subscriptionId" TEXT NOT NULL,
    "test" BOOLEAN NOT NULL,
    "purchasedAt" TIMESTAMP(3) NOT NULL,
    "seconds" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "SubscriptionActivation_pkey" PRIMARY KEY ("subscriptionId")
);

-- CreateTable
CREATE TABLE "PendingPurchase" (
    "subscriptionId" TEXT NOT NULL,
    "test" BOOLEAN NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PendingPurchase_pkey" PRIMARY KEY ("subscriptionId")
);

-- CreateIndex
CREATE INDEX "SubscriptionActivation_purchasedAt_idx" ON "SubscriptionActivation"("purchasedAt");


-- Everything below is written by hand: Prisma models the tables above, not functions or triggers. The
-- script runs as one transaction (scripts/db/engine.ts sends it whole, as Prisma's own engine does), and it
-- locks "Subscription" against writes first, so that no write falls between the backfill and the triggers.
LOCK TABLE "Subscription" IN SHARE ROW EXCLUSIVE MODE;

-- The shard of the tally rows this transaction writes: the first one that no other open transaction holds,
-- kept until commit by a transaction-scoped advisory lock. Concurrent writers (webhooks, reconciliation
-- batches, several portal instances) thus never update the same tally row: they neither wait for each
-- other's commit on a popular plan's row nor deadlock on tallies, whatever order they touch plans in. Only
-- beyond 32 writing transactions at once do some share a shard (and then wait for it like any upsert).
CREATE FUNCTION "overview_tally_shard"() RETURNS smallint LANGUAGE plpgsql AS $$
DECLARE
  held text := current_setting('portal.overview_tally_shard', true);
  picked smallint;
BEGIN
  IF held IS NOT NULL AND held <> '' THEN
    RETURN held::smallint;
  END IF;
  FOR s IN 0..31 LOOP
    IF pg_try_advisory_xact_lock(hashtext('marketplace-portal:overview-tally'), s) THEN
      picked := s;
      EXIT;
    END IF;
  END LOOP;
  picked := COALESCE(picked, (txid_current() % 32)::smallint);
  PERFORM set_config('portal.overview_tally_shard', picked::text, true);
  RETURN picked;
END $$;

-- Keeps the overview's figures as one row of "Subscription" changes (OLD → NEW): per-row upserts of the
-- differences (never a recount), each only when its figure changes. A test purchase is what
-- lib/data/admin-subscriptions.ts's TEST_CONDITION says.
CREATE FUNCTION "overview_tally_subscription"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_shard smallint := "overview_tally_shard"();
  has_old boolean := TG_OP <> 'INSERT';
  has_new boolean := TG_OP <> 'DELETE';
  old_test boolean;
  new_test boolean;
  same_group boolean := false;
  old_act boolean := false;
  new_act boolean := false;
  old_pending boolean := false;
  new_pending boolean := false;
BEGIN
  IF has_old THEN
    old_test := OLD."isTest" OR OLD."sessionMode" = 'DryRun';
    old_act := COALESCE(OLD."activatedAt" >= OLD."purchasedAt", false);
    old_pending := OLD."status" = 'PendingFulfillmentStart';
  END IF;
  IF has_new THEN
    new_test := NEW."isTest" OR NEW."sessionMode" = 'DryRun';
    new_act := COALESCE(NEW."activatedAt" >= NEW."purchasedAt", false);
    new_pending := NEW."status" = 'PendingFulfillmentStart';
  END IF;

  -- Subscriptions and seats by group ("" for no term: a key column cannot be null).
  IF has_old AND has_new THEN
    same_group := (old_test, OLD."status", OLD."offerId", OLD."planId", COALESCE(OLD."termUnit", ''), OLD."isFreeTrial")
      = (new_test, NEW."status", NEW."offerId", NEW."planId", COALESCE(NEW."termUnit", ''), NEW."isFreeTrial");
  END IF;
  IF same_group THEN
    IF NEW."quantity" IS DISTINCT FROM OLD."quantity" THEN
      INSERT INTO "SubscriptionTally" AS t ("shard", "test", "status", "offerId", "planId", "termUnit", "isFreeTrial", "subscriptions", "seats")
        VALUES (v_shard, new_test, NEW."status", NEW."offerId", NEW."planId", COALESCE(NEW."termUnit", ''), NEW."isFreeTrial", 0, COALESCE(NEW."quantity", 0) - COALESCE(OLD."quantity", 0))
        ON CONFLICT ("test", "status", "offerId", "planId", "termUnit", "isFreeTrial", "shard") DO UPDATE SET "seats" = t."seats" + EXCLUDED."seats";
    END IF;
  ELSE
    IF has_old THEN
      INSERT INTO "SubscriptionTally" AS t ("shard", "test", "status", "offerId", "planId", "termUnit", "isFreeTrial", "subscriptions", "seats")
        VALUES (v_shard, old_test, OLD."status", OLD."offerId", OLD."planId", COALESCE(OLD."termUnit", ''), OLD."isFreeTrial", -1, -COALESCE(OLD."quantity", 0))
        ON CONFLICT ("test", "status", "offerId", "planId", "termUnit", "isFreeTrial", "shard")
        DO UPDATE SET "subscriptions" = t."subscriptions" + EXCLUDED."subscriptions", "seats" = t."seats" + EXCLUDED."seats";
    END IF;
    IF has_new THEN
      INSERT INTO "SubscriptionTally" AS t ("shard", "test", "status", "offerId", "planId", "termUnit", "isFreeTrial", "subscriptions", "seats")
        VALUES (v_shard, new_test, NEW."status", NEW."offerId", NEW."planId", COALESCE(NEW."termUnit", ''), NEW."isFreeTrial", 1, COALESCE(NEW."quantity", 0))
        ON CONFLICT ("test", "status", "offerId", "planId", "termUnit", "isFreeTrial", "shard")
        DO UPDATE SET "subscriptions" = t."subscriptions" + EXCLUDED."subscriptions", "seats" = t."seats" + EXCLUDED."seats";
    END IF;
  END IF;

  -- Purchases per UTC day (purchasedAt holds UTC wall time, as Prisma stores every DateTime).
  IF NOT (has_old AND has_new AND (old_test, OLD."purchasedAt"::date) IS NOT DISTINCT FROM (new_test, NEW."purchasedAt"::date)) THEN
    IF has_old AND OLD."purchasedAt" IS NOT NULL THEN
      INSERT INTO "PurchaseTally" AS t ("day", "test", "shard", "purchases") VALUES (OLD."purchasedAt"::date, old_test, v_shard, -1)
        ON CONFLICT ("day", "test", "shard") DO UPDATE SET "purchases" = t."purchases" + EXCLUDED."purchases";
    END IF;
    IF has_new AND NEW."purchasedAt" IS NOT NULL THEN
      INSERT INTO "PurchaseTally" AS t ("day", "test", "shard", "purchases") VALUES (NEW."purchasedAt"::date, new_test, v_shard, 1)
        ON CONFLICT ("day", "test", "shard") DO UPDATE SET "purchases" = t."purchases" + EXCLUDED."purchases";
    END IF;
  END IF;

  -- One row per activated subscription and one per pending purchase: rows of the subscription itself,
  -- which its writer holds locked, so no other writer waits for them.
  IF old_act AND (NOT new_act OR OLD."id" <> NEW."id") THEN
    DELETE FROM "SubscriptionActivation" WHERE "subscriptionId" = OLD."id";
  END IF;
  IF new_act AND (NOT old_act OR (OLD."id", old_test, OLD."purchasedAt", OLD."activatedAt") IS DISTINCT FROM (NEW."id", new_test, NEW."purchasedAt", NEW."activatedAt")) THEN
    INSERT INTO "SubscriptionActivation" AS a ("subscriptionId", "test", "purchasedAt", "seconds")
      VALUES (NEW."id", new_test, NEW."purchasedAt", extract(epoch FROM NEW."activatedAt" - NEW."purchasedAt")::float8)
      ON CONFLICT ("subscriptionId") DO UPDATE SET "test" = EXCLUDED."test", "purchasedAt" = EXCLUDED."purchasedAt", "seconds" = EXCLUDED."seconds";
  END IF;
  IF old_pending AND (NOT new_pending OR OLD."id" <> NEW."id") THEN
    DELETE FROM "PendingPurchase" WHERE "subscriptionId" = OLD."id";
  END IF;
  IF new_pending AND (NOT old_pending OR (OLD."id", old_test, COALESCE(OLD."purchasedAt", OLD."createdAt")) IS DISTINCT FROM (NEW."id", new_test, COALESCE(NEW."purchasedAt", NEW."createdAt"))) THEN
    INSERT INTO "PendingPurchase" AS p ("subscriptionId", "test", "since") VALUES (NEW."id", new_test, COALESCE(NEW."purchasedAt", NEW."createdAt"))
      ON CONFLICT ("subscriptionId") DO UPDATE SET "test" = EXCLUDED."test", "since" = EXCLUDED."since";
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "overview_tally_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE "SubscriptionTally", "PurchaseTally", "SubscriptionActivation", "PendingPurchase";
  RETURN NULL;
END $$;

CREATE TRIGGER "Subscription_overview_insert_delete" AFTER INSERT OR DELETE ON "Subscription"
  FOR EACH ROW EXECUTE FUNCTION "overview_tally_subscription"();
-- Most updates (a sync's timestamp, the search text, an activation claim) change no figure: the WHEN clause
-- skips them without calling the function.
CREATE TRIGGER "Subscription_overview_update" AFTER UPDATE ON "Subscription"
  FOR EACH ROW WHEN ((OLD."id", OLD."status", OLD."offerId", OLD."planId", OLD."termUnit", OLD."isFreeTrial", OLD."quantity", OLD."isTest", OLD."sessionMode", OLD."purchasedAt", OLD."activatedAt", OLD."createdAt")
    IS DISTINCT FROM (NEW."id", NEW."status", NEW."offerId", NEW."planId", NEW."termUnit", NEW."isFreeTrial", NEW."quantity", NEW."isTest", NEW."sessionMode", NEW."purchasedAt", NEW."activatedAt", NEW."createdAt"))
  EXECUTE FUNCTION "overview_tally_subscription"();
CREATE TRIGGER "Subscription_overview_truncate" AFTER TRUNCATE ON "Subscription"
  FOR EACH STATEMENT EXECUTE FUNCTION "overview_tally_truncate"();

-- Recounts every tally from the subscriptions (in shard 0): the backfill below, and the repair after writes
-- made with the triggers off (session_replication_role = replica, ALTER TABLE … DISABLE TRIGGER). Writers
-- wait while it runs (about 5 s at 100 000 subscriptions).
CREATE FUNCTION "overview_tally_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE "Subscription" IN SHARE ROW EXCLUSIVE MODE;
  TRUNCATE "SubscriptionTally", "PurchaseTally", "SubscriptionActivation", "PendingPurchase";
  INSERT INTO "SubscriptionTally" ("shard", "test", "status", "offerId", "planId", "termUnit", "isFreeTrial", "subscriptions", "seats")
    SELECT 0, "isTest" OR "sessionMode" = 'DryRun', "status", "offerId", "planId", COALESCE("termUnit", ''), "isFreeTrial", count(*), COALESCE(sum("quantity"), 0)
    FROM "Subscription" GROUP BY 2, 3, 4, 5, 6, 7;
  INSERT INTO "PurchaseTally" ("day", "test", "shard", "purchases")
    SELECT "purchasedAt"::date, "isTest" OR "sessionMode" = 'DryRun', 0, count(*)
    FROM "Subscription" WHERE "purchasedAt" IS NOT NULL GROUP BY 1, 2;
  INSERT INTO "SubscriptionActivation" ("subscriptionId", "test", "purchasedAt", "seconds")
    SELECT "id", "isTest" OR "sessionMode" = 'DryRun', "purchasedAt", extract(epoch FROM "activatedAt" - "purchasedAt")::float8
    FROM "Subscription" WHERE "activatedAt" >= "purchasedAt" ORDER BY "purchasedAt";
  INSERT INTO "PendingPurchase" ("subscriptionId", "test", "since")
    SELECT "id", "isTest" OR "sessionMode" = 'DryRun', COALESCE("purchasedAt", "createdAt")
    FROM "Subscription" WHERE "status" = 'PendingFulfillmentStart';
END $$;

SELECT "overview_tally_rebuild"();
