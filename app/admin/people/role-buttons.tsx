import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ComponentProps } from "react";
import { RoleButtonsClient } from "./role-buttons-client";

/** The role buttons with their strings (a client component gets only the messages handed to it). */
export async function RoleButtons(props: ComponentProps<typeof RoleButtonsClient>) {
  const { staff } = await getMessages();
  return (
    <NextIntlClientProvider messages={{ staff: { peopleKeysSettings: { roles: staff.peopleKeysSettings.roles } } }}>
      <RoleButtonsClient {...props} />
    </NextIntlClientProvider>
  );
}
