// GET/POST /api/auth/* – next-auth's sign-in, callback, session and sign-out endpoints (it checks its own CSRF and state).
import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";
import { withRequestId } from "@/lib/log";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context) {
  return withRequestId(
    request.headers.get("x-request-id"),
    async () => NextAuth(request as never, context as never, getAuthOptions()) as Promise<Response>,
  );
}

export { handler as GET, handler as POST };
