/**
 * Confirms a purchase (activatePurchase, the landing page's confirm action) in a process of its own, so
 * that a test can kill it at a chosen moment: lib/landing/activation-crash.int.test.ts. Run with
 * `node --conditions=react-server --import tsx` (server-only modules load under that condition only).
 * Input as JSON on stdin (not argv: the purchase token stays out of the process list).
 */
import { activatePurchase } from "@/lib/landing/activate";
import type { CurrentUser } from "@/lib/auth/session";

type Input = { token: string; user: CurrentUser; buyerDetails: Record<string, string> };

let text = "";
for await (const chunk of process.stdin) text += String(chunk);
const input = JSON.parse(text) as Input;
const result = await activatePurchase(input.token, input.user, input.buyerDetails);
process.stdout.write(`${JSON.stringify({ kind: result.kind })}\n`);
process.exit(0);
