// next-auth's configuration lives in lib/auth/options.ts (lib never imports root files); this is its
// conventional home for readers and tools that look for it here.
export { getAuthOptions } from "@/lib/auth/options";
