import { en, type Messages } from "./en";

/** The messages for the buyer's language. English only for now; the shape is what a translation fills in. */
export function getMessages(): Messages {
  return en;
}
