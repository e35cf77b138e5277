import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ComponentProps } from "react";
import { SelfServiceFormClient } from "./self-service-form-client";

/** The self-service form with its strings (a client component gets only the messages handed to it). */
export async function SelfServiceForm(props: ComponentProps<typeof SelfServiceFormClient>) {
  const { staff } = await getMessages();
  return (
    <NextIntlClientProvider
      messages={{ staff: { peopleKeysSettings: { selfService: staff.peopleKeysSettings.selfService } } }}
    >
      <SelfServiceFormClient {...props} />
    </NextIntlClientProvider>
  );
}
