/** Formatting that needs English words, for the admin area (server components only: it imports the English tree). */
import { termLabel } from "./format";
import { en } from "./messages/en";

/** English term names ("month", "year", "2 years"…); the raw value for one we do not know. */
export function formatTerm(termUnit: string | null | undefined): string {
  return termLabel(termUnit, (unit) => en.terms[unit]);
}
