// The services one simulator instance is made of, shared by every route and background task.
import type { Clock } from "./core/clock";
import type { Logger } from "./core/log";
import type { StateStore } from "./core/state";
import type { Timers } from "./core/timers";
import type { CallCounter } from "./control/calls";
import type { FaultRegistry } from "./control/faults";
import type { KeyStore } from "./entra/keys";
import type { AuthCodeStore } from "./entra/auth-codes";
import type { TokenService } from "./entra/tokens";
import type { Seed } from "./seed/load-seed";
import type { Settings } from "./settings";
import type { WebhookDispatcher } from "./webhooks/dispatcher";

export type SimUrls = {
  /** https://localhost:<https port> – Entra, Marketplace APIs, control API. */
  https: string;
  /** http://localhost:<http port> – pages a browser opens (and the same APIs). */
  http: string;
};

export type SimContext = {
  settings: Settings;
  seed: Seed;
  store: StateStore;
  clock: Clock;
  keys: KeyStore;
  tokens: TokenService;
  authCodes: AuthCodeStore;
  faults: FaultRegistry;
  /** Requests per Marketplace endpoint (GET /_sim/calls). */
  calls: CallCounter;
  webhooks: WebhookDispatcher;
  timers: Timers;
  urls: SimUrls;
  log: Logger;
  purchaseTokenKey: Buffer;
};
