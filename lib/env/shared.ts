import { z } from "zod";
import { LOCAL_DEFAULTS } from "./defaults";

/** What the sections share: value shapes, the mode, and how a section refuses a configuration. */

/** `true`/`1`/`yes` or `false`/`0`/`no`. */
export const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** Text, trimmed; blank is unset. */
export const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** Extended by every section whose defaults or refusals depend on the mode. */
export const withPortalMode = z.object({
  /** `local` (default) or `production`. */
  PORTAL_MODE: z.enum(["local", "production"]).default("local"),
});

export const trimSlashes = (url: string): string => url.replace(/\/+$/, "");

const localValues = new Set<string>(Object.values(LOCAL_DEFAULTS));
/** The simulator's published values (defaults.ts): production refuses every one of them. */
export const isLocalValue = (value: string): boolean => localValues.has(value);

/**
 * Adds a section's refusals to the parse. Each is a whole sentence naming its variable (operators act on
 * it, tests assert it word for word), so `describeIssue` prints it as it is.
 */
export function refuse(ctx: z.RefinementCtx, problems: string[]): void {
  for (const message of problems) ctx.addIssue({ code: "custom", message });
}

/**
 * For a section's `superRefine`: its refusals look only at well-formed variables (a malformed value has
 * zod's own issue, which says it all; a refusal of the same value would only repeat it).
 */
export const whenWellFormed = { when: (payload: z.core.ParsePayload) => payload.issues.length === 0 };

/**
 * One problem as the operator reads it. Custom issues come only from `refuse` and `jsonSetting`, whole sentences
 * that name their variable; zod's own issues get the variable's name in front.
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.code === "custom" ? issue.message : `${issue.path.join(".") || "configuration"}: ${issue.message}`;
}

/**
 * A setting written as JSON, then validated by `schema`. Its problems name the variable and show an example:
 * a JSON typo inside an environment variable is otherwise hard to spot.
 */
export function jsonSetting<T extends z.ZodType>(
  setting: { name: string; fallback: string; example: string; rootLabel?: string },
  schema: T,
) {
  return optionalText.transform((raw, ctx): z.output<T> => {
    let json: unknown;
    try {
      json = JSON.parse(raw ?? setting.fallback);
    } catch {
      ctx.addIssue({ code: "custom", message: `${setting.name} is not valid JSON: expected e.g. ${setting.example}.` });
      return z.NEVER;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || (setting.rootLabel ?? "")} ${i.message}`);
    ctx.addIssue({ code: "custom", message: `${setting.name}: ${issues.join("; ")}` });
    return z.NEVER;
  });
}
