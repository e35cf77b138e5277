import "server-only";
import { X509Certificate } from "node:crypto";
import {
  AuthError,
  ConfidentialClientApplication,
  LogLevel,
  ProtocolMode,
  type Configuration,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from "@azure/msal-node";
import type { Logger } from "pino";
import { MARKETPLACE_RESOURCE_ID } from "../env/defaults";
import { tlsErrorCode, untrustedCertificateMessage } from "./errors";
import { parseRetryAfterMs } from "./retry";

/**
 * App-only tokens for the Fulfillment and Metering APIs (client credentials, MSAL). MSAL caches the token in
 * memory and asks for a new one five minutes before it expires, so a call normally costs no token request.
 */

/** The one scope both APIs accept: the Marketplace SaaS API application's `.default`. */
export const MARKETPLACE_SCOPE = `${MARKETPLACE_RESOURCE_ID}/.default`;

export type AccessToken = {
  token: string;
  expiresOn: Date | undefined;
  /** True when MSAL answered from its cache: a refused cached token is worth one refresh. */
  fromCache: boolean;
};

export type TokenProvider = {
  getToken(options?: { forceRefresh?: boolean; correlationId?: string }): Promise<AccessToken>;
};

/** A client secret, or a certificate registered on the app (PEM: private key and certificate). */
export type ClientCredential =
  { kind: "secret"; secret: string } | { kind: "certificate"; privateKeyPem: string; certificatePem: string };

export type MsalTokenProviderOptions = {
  /** `https://login.microsoftonline.com`, or the simulator's https origin locally. */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  credential: ClientCredential;
  /** Per request to the token endpoint (MSAL itself waits forever on a hanging POST). */
  timeoutMs: number;
  logger: Logger;
};

/**
 * Why acquiring a token failed: `retryable` for 429/5xx/network trouble at Entra (the HTTP core retries
 * those like any other call), otherwise a configuration problem (invalid client, secret expired, …).
 */
export class TokenAcquisitionError extends Error {
  constructor(
    readonly reason: "configuration" | "throttled" | "unavailable" | "timeout",
    message: string,
    readonly retryAfterMs?: number,
    readonly entraCode?: string,
    /** A message safe to show that says more than the default for the reason. */
    readonly explanation?: string,
  ) {
    super(message);
    this.name = "TokenAcquisitionError";
  }
  get retryable(): boolean {
    return this.reason !== "configuration";
  }
}

/** The code of the AuthError our network module throws inside MSAL (see networkModule). */
const ENTRA_TROUBLE = "entra_unavailable";

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/**
 * MSAL settings for an authority host. Microsoft's hosts use MSAL's default (AAD) mode. A loopback host is
 * the simulator: MSAL only trusts authorities it knows, so it is listed in `knownAuthorities`, and OIDC mode
 * makes MSAL read the simulator's discovery document instead of Microsoft's instance discovery.
 */
export function authoritySettings(
  authorityHost: string,
  tenantId: string,
): { authority: string; knownAuthorities?: string[]; protocolMode: ProtocolMode } {
  const url = new URL(authorityHost);
  const authority = `${url.origin}/${tenantId}`;
  return LOOPBACK.test(url.hostname)
    ? { authority, knownAuthorities: [url.host], protocolMode: ProtocolMode.OIDC }
    : { authority, protocolMode: ProtocolMode.AAD };
}

/**
 * MSAL's HTTP, through fetch, with a timeout on every request, and with Entra's 429/5xx turned into errors
 * before MSAL sees them: MSAL would otherwise remember them and refuse every token request for 60 seconds
 * (its "throttling" cache), while our retry policy already handles them with backoff and Retry-After.
 * MSAL hides what went wrong behind its own errors (`endpoints_resolution_error` for discovery), so the
 * module remembers the last problem for the provider to report.
 */
function networkModule(timeoutMs: number): INetworkModule & { lastTrouble?: TokenAcquisitionError } {
  const client: INetworkModule & { lastTrouble?: TokenAcquisitionError } = {
    sendGetRequestAsync: (url, options) => send("GET", url, options),
    sendPostRequestAsync: (url, options) => send("POST", url, options),
  };
  const trouble = (error: TokenAcquisitionError): AuthError => {
    client.lastTrouble = error;
    return new AuthError(ENTRA_TROUBLE, "", error.message);
  };
  const send = async <T>(
    method: "GET" | "POST",
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> => {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: options?.headers,
        body: method === "POST" ? (options?.body ?? "") : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const tls = tlsErrorCode(error);
      if (tls)
        throw trouble(
          new TokenAcquisitionError(
            "configuration",
            `Entra ID's certificate is not trusted (${tls}).`,
            undefined,
            undefined,
            untrustedCertificateMessage("Entra ID", tls),
          ),
        );
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      throw trouble(
        new TokenAcquisitionError(
          timedOut ? "timeout" : "unavailable",
          timedOut ? "Entra ID did not answer in time." : "Entra ID could not be reached.",
        ),
      );
    }
    if (response.status === 429 || response.status >= 500) {
      await response.body?.cancel();
      const retryAfterMs = parseRetryAfterMs(response.headers.get("retry-after"));
      throw trouble(
        new TokenAcquisitionError(
          response.status === 429 ? "throttled" : "unavailable",
          `Entra ID answered HTTP ${response.status}.`,
          retryAfterMs,
        ),
      );
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    let body: T;
    try {
      body = (await response.json()) as T;
    } catch {
      throw trouble(
        new TokenAcquisitionError("unavailable", `Entra ID answered HTTP ${response.status} without JSON.`),
      );
    }
    return { headers, body, status: response.status };
  };
  return client;
}

/**
 * A certificate credential from one PEM text holding the private key and the certificate (the form
 * `az ad app credential reset --create-cert` and Key Vault's PEM export produce).
 */
export function certificateCredentialFromPem(pem: string): ClientCredential {
  const block = (label: RegExp): string | undefined =>
    new RegExp(`-----BEGIN ${label.source}-----[\\s\\S]+?-----END ${label.source}-----`).exec(pem)?.[0];
  const privateKeyPem = block(/(?:RSA |EC )?PRIVATE KEY/);
  const certificatePem = block(/CERTIFICATE/);
  if (!privateKeyPem || !certificatePem)
    throw new Error("The certificate PEM must contain a private key and a certificate.");
  return { kind: "certificate", privateKeyPem, certificatePem };
}

/** MSAL's credential options; exported for tests. */
export function credentialOptions(
  credential: ClientCredential,
): Pick<Configuration["auth"], "clientSecret" | "clientCertificate"> {
  if (credential.kind === "secret") return { clientSecret: credential.secret };
  const certificate = new X509Certificate(credential.certificatePem);
  return {
    clientCertificate: {
      thumbprintSha256: certificate.fingerprint256.replaceAll(":", ""),
      privateKey: credential.privateKeyPem,
      // Sending the chain (x5c) lets Entra accept a renewed certificate by subject name and issuer.
      x5c: certificate.raw.toString("base64"),
    },
  };
}

/** Maps what MSAL throws to our reasons, keeping only Entra's error code (never its full description). */
function toTokenError(error: unknown, trouble: TokenAcquisitionError | undefined): TokenAcquisitionError {
  const code = error instanceof AuthError ? error.errorCode : "";
  if (trouble && (code === ENTRA_TROUBLE || code === "endpoints_resolution_error")) return trouble;
  if (error instanceof AuthError) {
    return new TokenAcquisitionError(
      "configuration",
      `Entra ID refused the token request (${code || "unknown"}).`,
      undefined,
      code || undefined,
    );
  }
  return new TokenAcquisitionError("unavailable", "Entra ID could not be reached.");
}

/** A cached token is reused only while it has this long to live (MSAL itself refreshes earlier than expiry). */
const REUSE_MARGIN_MS = 5 * 60_000;

/** Client-credential tokens through MSAL's ConfidentialClientApplication and its in-memory cache. */
export function createMsalTokenProvider(options: MsalTokenProviderOptions): TokenProvider {
  const { authority, knownAuthorities, protocolMode } = authoritySettings(options.authorityHost, options.tenantId);
  const log = options.logger.child({ component: "msal" });
  const network = networkModule(options.timeoutMs);
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: options.clientId,
      authority,
      ...(knownAuthorities ? { knownAuthorities } : {}),
      ...credentialOptions(options.credential),
    },
    system: {
      protocolMode,
      networkClient: network,
      loggerOptions: {
        // MSAL's own warnings and errors, never lines it marks as holding personal data.
        logLevel: LogLevel.Warning,
        piiLoggingEnabled: false,
        loggerCallback(level, message, containsPii) {
          if (containsPii) return;
          if (level === LogLevel.Error) log.error(message);
          // Client-credential answers never carry client_info (it describes a user): expected, not a warning.
          else if (message.includes("No client info in response")) log.debug(message);
          else log.warn(message);
        },
      },
    },
  });

  // Concurrent callers share one request to Entra instead of each missing the empty cache at once.
  let pending: Promise<AccessToken> | undefined;
  const acquire = async (forceRefresh: boolean, correlationId: string | undefined): Promise<AccessToken> => {
    network.lastTrouble = undefined;
    try {
      const result = await app.acquireTokenByClientCredential({
        scopes: [MARKETPLACE_SCOPE],
        skipCache: forceRefresh,
        ...(correlationId ? { correlationId } : {}),
      });
      if (!result?.accessToken) throw new TokenAcquisitionError("unavailable", "Entra ID returned no access token.");
      return { token: result.accessToken, expiresOn: result.expiresOn ?? undefined, fromCache: result.fromCache };
    } catch (error) {
      throw error instanceof TokenAcquisitionError ? error : toTokenError(error, network.lastTrouble);
    }
  };
  // The last token, reused while it has more than REUSE_MARGIN_MS to live. MSAL's own cache answers the
  // same, but each lookup there costs about 0.1 ms of CPU (cache keys, telemetry): measurable at the
  // webhook's rate, where every delivery makes two calls (bench/webhook.ts).
  let last: AccessToken | undefined;
  return {
    getToken({ forceRefresh = false, correlationId } = {}) {
      if (!forceRefresh && last?.expiresOn && last.expiresOn.getTime() - Date.now() > REUSE_MARGIN_MS)
        return Promise.resolve({ ...last, fromCache: true });
      if (forceRefresh) last = undefined; // refused by Microsoft: never offered again
      const request = forceRefresh
        ? acquire(true, correlationId)
        : (pending ??= acquire(false, correlationId).finally(() => (pending = undefined)));
      return request.then((token) => ((last = token), token));
    },
  };
}
