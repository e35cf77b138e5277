import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ComponentProps } from "react";
import { ActionsPanelClient } from "./actions-panel-client";

/** The action panel with its strings: it and the operation progress are client components, so they get `staff.subscriptionActions` only. */
export async function ActionsPanel(props: ComponentProps<typeof ActionsPanelClient>) {
  const { staff } = await getMessages();
  return (
    <NextIntlClientProvider messages={{ staff: { subscriptionActions: staff.subscriptionActions } }}>
      <ActionsPanelClient {...props} />
    </NextIntlClientProvider>
  );
}
