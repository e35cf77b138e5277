import { createTranslator } from "next-intl";
import { expect, it } from "vitest";
import { staffEn } from "../staff-en";

// The wording e2e specs and operators know must survive the move into message files, plurals and selects included.
const translator = <N extends keyof typeof staffEn>(namespace: N) =>
  createTranslator({ locale: "en", messages: staffEn, namespace }) as unknown as (
    key: string,
    values?: Record<string, string | number>,
  ) => string;

it("the webhook inbox says what it said inline", () => {
  const t = translator("webhooks");
  expect(t("empty", { status: "none", attention: "no" })).toBe("No deliveries.");
  expect(t("empty", { status: "Failed", attention: "yes" })).toBe(
    "No deliveries with status Failed needing attention.",
  );
  expect(t("attempts.count", { total: 1 })).toBe("1 attempt");
  expect(t("attempts.count", { total: 3 })).toBe("3 attempts");
  expect(t("rerun.label", { operationId: "op-1" })).toBe("Re-run delivery of operation op-1");
});

it("reconciliation's run summary names how many repairs are shown only when some are left out", () => {
  const t = translator("reconciliation");
  const base = { when: "2026-01-01 00:00:00 UTC", repaired: "3", created: "1" };
  expect(t("runSummary", { ...base, shown: "all" })).toBe(
    "Run of 2026-01-01 00:00:00 UTC: 3 repaired, 1 new to the portal. Each links to the subscription and its timeline.",
  );
  expect(t("runSummary", { ...base, shown: "2" })).toContain("new to the portal (the latest 2 shown). Each links");
});

it("the action panel, API keys and self-service read as before", () => {
  const actions = translator("subscriptionActions");
  expect(actions("plan.perSeat", { name: "Pro", planId: "pro", min: "1", max: "∞" })).toBe("Pro (pro, 1–∞ seats)");
  expect(actions("progress.line", { label: "Plan change", state: "succeeded" })).toBe("Plan change: succeeded");
  const settings = translator("peopleKeysSettings");
  expect(settings("createKey.inDays", { days: 365 })).toBe("In 1 year");
  expect(settings("createKey.inDays", { days: 30 })).toBe("In 30 days");
  expect(settings("selfService.saved", { on: "true" })).toBe("Saved: buyer self-service is on.");
  expect(settings("selfService.saved", { on: "false" })).toBe("Saved: buyer self-service is off.");
  expect(settings("roles.make", { role: "owner" })).toBe("Make owner");
});

it("the overview charts' summary names the busiest day only when there is one", () => {
  const t = translator("list");
  expect(t("charts.summary", { title: "New purchases", total: "0", busiest: "none", day: "" })).toBe(
    "New purchases: 0 in total.",
  );
  expect(t("charts.summary", { title: "New purchases", total: "1,204", busiest: "30", day: "Mar 3" })).toBe(
    "New purchases: 1,204 in total, at most 30 on Mar 3.",
  );
});
