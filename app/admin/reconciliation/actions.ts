"use server";

import { z } from "zod";
import { staffAction } from "@/lib/auth/guard";
import { requestReconciliation } from "@/lib/reconcile/admin";

// "Run now": owners only, checked on the server for every call (a forged POST included). The run goes on
// in the background after the answer; the page follows it through GET /api/admin/reconciliation.
export const runReconciliationAction = staffAction("owner", z.object({}), async (_input, user) =>
  requestReconciliation(user),
);
