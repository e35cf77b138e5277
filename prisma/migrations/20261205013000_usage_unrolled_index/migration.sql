-- Written by hand (a partial index; Prisma's schema does not model it): the records no hour has counted
-- yet, by subscription and time, which is exactly what the hourly roll-up reads and updates
-- (lib/data/usage-rollup.ts). With only the full indexes, PostgreSQL planned the roll-up's UPDATE from
-- statistics older than the hour's records and read every uncounted record once per hour: 5.5 s for
-- 100 000 records, against 1.2 s after ANALYZE (bench/metering.ts). Counted records leave the index, so it
-- stays as small as one hour's usage.
CREATE INDEX "UsageRecord_unrolled_idx" ON "UsageRecord" ("subscriptionId", "dimension", "occurredAt") WHERE "usageHourId" IS NULL;
