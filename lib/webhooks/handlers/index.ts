import type { KnownAction } from "../payload";
import { changePlan, changeQuantity } from "./change";
import { reinstate } from "./reinstate";
import { renew } from "./renew";
import { subscribe } from "./subscribe";
import { suspend } from "./suspend";
import type { ActionHandler } from "./types";
import { unsubscribe } from "./unsubscribe";

/** One handler per action Microsoft documents; anything else is acknowledged and ignored (apply.ts). */
export const HANDLERS: Record<KnownAction, ActionHandler> = {
  Subscribe: subscribe,
  ChangePlan: changePlan,
  ChangeQuantity: changeQuantity,
  Suspend: suspend,
  Reinstate: reinstate,
  Renew: renew,
  Unsubscribe: unsubscribe,
};

export type { ActionHandler, Before, HandlerContext, HandlerResult, PolicyDecision } from "./types";
