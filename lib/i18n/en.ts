// The English messages moved to lib/i18n/messages/en.ts (one file per locale there); kept for existing imports.
export { en, type Messages } from "./messages/en";
