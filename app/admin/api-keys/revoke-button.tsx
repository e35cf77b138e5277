import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ComponentProps } from "react";
import { RevokeButtonClient } from "./revoke-button-client";

/** The revoke button with its strings (a client component gets only the messages handed to it). */
export async function RevokeButton(props: ComponentProps<typeof RevokeButtonClient>) {
  const { staff } = await getMessages();
  return (
    <NextIntlClientProvider messages={{ staff: { peopleKeysSettings: { revoke: staff.peopleKeysSettings.revoke } } }}>
      <RevokeButtonClient {...props} />
    </NextIntlClientProvider>
  );
}
