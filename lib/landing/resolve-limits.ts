/**
 * How often one signed-in person may make the portal call Microsoft's Resolve. Every landing-page visit
 * with a token costs a Resolve call, and Microsoft throttles the publisher as a whole: someone pasting
 * made-up tokens could otherwise spend the publisher's allowance and slow real buyers and webhooks down.
 *
 * A buyer needs a handful of calls (open the page, reload, confirm, come back via "Manage account"), and
 * almost never a refused one; a flood of made-up tokens is all refusals. So refusals have the tight limit,
 * every call a generous one. Counted per user in the database (all portal instances share it), in a window
 * that starts with the user's first call after the previous window ended.
 */
export const RESOLVE_LIMITS = {
  windowMinutes: 10,
  /** Resolve calls per user and window, whatever Microsoft answered. */
  callsPerWindow: 100,
  /** Tokens Microsoft refused, per user and window: after that, no token of theirs is sent until the window ends. */
  refusedPerWindow: 10,
  /** A token Microsoft refused is not sent again for this long, whoever presents it (only its SHA-256 is kept). */
  refusedTokenMinutes: 60,
} as const;
