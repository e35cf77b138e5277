import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import { CreateKeyFormClient } from "./create-key-form-client";

/** The new-key form with its strings (a client component gets only the messages handed to it). */
export async function CreateKeyForm() {
  const { staff } = await getMessages();
  return (
    <NextIntlClientProvider
      messages={{
        staff: {
          peopleKeysSettings: { createKey: staff.peopleKeysSettings.createKey },
          secretReveal: staff.secretReveal,
        },
      }}
    >
      <CreateKeyFormClient />
    </NextIntlClientProvider>
  );
}
