// The simulator's whole state: in memory, optionally persisted atomically to one JSON file so a restart
// keeps subscriptions, operations, usage, the webhook log and the signing keys (tokens stay valid).
import { readFile, rename } from "node:fs/promises";
import { z } from "zod";
import type {
  AadIdentifier,
  AllowedCustomerOperation,
  OperationAction,
  OperationStatus,
  Subscription,
  SubscriptionStatus,
  TermUnit,
} from "../api-types";
import type { StoredKey } from "../entra/keys";
import type { OfferSeed, Persona } from "../seed/load-seed";
import type { WebhookPayload } from "../webhooks/payload";
import { writeFileAtomic } from "./atomic-file";

export type Identity = Required<Pick<AadIdentifier, "emailId" | "objectId" | "tenantId" | "puid">>;

export type SubscriptionRecord = {
  id: string;
  publisherId: string;
  offerId: string;
  planId: string;
  name: string;
  quantity?: number;
  status: SubscriptionStatus;
  beneficiary: Identity;
  purchaser: Identity;
  term: { termUnit: TermUnit; startDate?: string; endDate?: string };
  autoRenew: boolean;
  isTest: boolean;
  isFreeTrial: boolean;
  allowedCustomerOperations: AllowedCustomerOperation[];
  sandboxType: NonNullable<Subscription["sandboxType"]>;
  sessionMode: NonNullable<Subscription["sessionMode"]>;
  created: string;
  /** Simulator bookkeeping, never part of an API response. */
  sim: {
    beneficiaryPersonaId?: string;
    purchaserPersonaId?: string;
    privateOfferId?: string;
    suspendedAt?: string;
    unsubscribedAt?: string;
  };
};

export type OperationSource = "Azure" | "Partner";

export type OperationRecord = {
  id: string;
  activityId: string;
  subscriptionId: string;
  offerId: string;
  publisherId: string;
  planId: string;
  quantity?: number;
  action: OperationAction;
  timeStamp: string;
  status: OperationStatus;
  errorStatusCode: string;
  errorMessage: string;
  source: OperationSource;
  sim: {
    /** Real epoch ms: completion time (Partner) or end of the ACK window (Azure). */
    dueAt?: number;
    createdAtMs: number;
    previousPlanId: string;
    previousQuantity?: number;
  };
};

export type UsageRecord = {
  usageEventId: string;
  resourceId: string;
  offerId: string;
  planId: string;
  dimension: string;
  quantity: number;
  effectiveStartTime: string;
  messageTime: string;
};

export type DeliveryState = "scheduled" | "in-flight" | "delivered" | "rejected" | "failed" | "dropped" | "held";

export type DeliveryAttempt = {
  number: number;
  startedAt: string;
  durationMs: number;
  statusCode?: number;
  error?: string;
};

export type DeliveryRecord = {
  id: string;
  operationId: string;
  subscriptionId: string;
  action: OperationAction;
  url: string;
  payload: WebhookPayload;
  state: DeliveryState;
  attempts: DeliveryAttempt[];
  createdAt: string;
  /** Real epoch ms of the next attempt while scheduled. */
  nextAttemptAt?: number;
  fault?: "drop" | "duplicate" | "reorder";
  copyOf?: string;
};

export type SimState = {
  version: 1;
  clockOffsetMs: number;
  subscriptions: SubscriptionRecord[];
  operations: OperationRecord[];
  usage: UsageRecord[];
  deliveries: DeliveryRecord[];
  /** Offers/personas given to POST /_sim/reset; absent = the seed files. */
  catalog?: { offers?: OfferSeed[]; personas?: Persona[] };
  secrets: { signingKeys: StoredKey[]; purchaseTokenKey: string };
};

export type StateStore = {
  readonly state: SimState;
  /** Marks the state dirty; it is written shortly after (coalesced). */
  changed(): void;
  flush(): Promise<void>;
  replace(next: SimState): void;
  close(): Promise<void>;
};

const hasId = (value: unknown): boolean =>
  typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string";

// The file is ours; a shallow check catches truncation and hand edits without duplicating every type.
const ZStateFile = z.object({
  version: z.literal(1),
  clockOffsetMs: z.number(),
  subscriptions: z.array(z.custom<SubscriptionRecord>(hasId)),
  operations: z.array(z.custom<OperationRecord>(hasId)),
  usage: z.array(z.custom<UsageRecord>((v) => typeof v === "object" && v !== null)),
  deliveries: z.array(z.custom<DeliveryRecord>(hasId)),
  catalog: z
    .object({ offers: z.array(z.custom<OfferSeed>()).optional(), personas: z.array(z.custom<Persona>()).optional() })
    .optional(),
  secrets: z.object({
    signingKeys: z.array(z.custom<StoredKey>((v) => typeof v === "object" && v !== null)),
    purchaseTokenKey: z.string(),
  }),
});

export function emptyState(secrets: SimState["secrets"]): SimState {
  return { version: 1, clockOffsetMs: 0, subscriptions: [], operations: [], usage: [], deliveries: [], secrets };
}

async function loadFile(file: string, warn: (message: string) => void): Promise<SimState | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed = ZStateFile.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: unreadable JSON is handled like an invalid shape
  }
  const backup = `${file}.invalid-${Date.now()}`;
  await rename(file, backup);
  warn(`State file ${file} was unreadable; moved it to ${backup} and started empty.`);
  return undefined;
}

/** Opens the store: `file` = "memory" keeps everything in memory. */
export async function openStateStore(
  file: string,
  createSecrets: () => Promise<SimState["secrets"]>,
  warn: (message: string) => void,
): Promise<StateStore> {
  const persistent = file !== "memory";
  let state = (persistent ? await loadFile(file, warn) : undefined) ?? emptyState(await createSecrets());
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const write = (): Promise<void> => {
    if (!persistent || !dirty) return writing;
    dirty = false;
    const snapshot = JSON.stringify(state, null, 1);
    // Writes are chained so an older snapshot never lands after a newer one.
    writing = writing
      .then(() => writeFileAtomic(file, snapshot, 0o600))
      .catch((error: unknown) => warn(`Could not save state: ${String(error)}`));
    return writing;
  };

  const store: StateStore = {
    get state() {
      return state;
    },
    changed() {
      dirty = true;
      if (persistent && !timer) {
        timer = setTimeout(() => {
          timer = undefined;
          void write();
        }, 50);
      }
    },
    async flush() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await write();
    },
    replace(next) {
      state = next;
      store.changed();
    },
    async close() {
      await store.flush();
    },
  };
  if (persistent) {
    store.changed();
    await store.flush();
  }
  return store;
}
