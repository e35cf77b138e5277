import { SignInButton } from "@/app/signin/sign-in-button";
import { getCurrentUser } from "@/lib/auth/session";
import { getTranslations } from "next-intl/server";
import { getEnv, type LandingField } from "@/lib/env";
import { en } from "@/lib/i18n/messages/en";
import { fieldsFor } from "@/lib/landing/buyer-fields";
import { inRequestContext } from "@/lib/http/request-context";
import { loadLanding } from "@/lib/landing/landing";
import { landingUrlFor } from "@/lib/landing/purchase-token";
import { hasApp, openAppPath } from "@/lib/landing/app-url";
import { provisioningViewFor } from "@/lib/landing/provisioning-view";
import { ConfirmForm } from "./confirm-form";
import { SwitchAccountButton } from "./switch-account-button";
import { Panel } from "./panels";
import { PurchaseSummary } from "./purchase-summary";
import { LandingMessages } from "./landing-messages";
import { SettingUp } from "./setting-up";

type LandingTranslator = Awaited<ReturnType<typeof getTranslations<"landing">>>;
type BuiltInField = keyof typeof en.landing.fields;
const isBuiltInField = (name: string): name is BuiltInField => Object.hasOwn(en.landing.fields, name);

/** The built-in fields' labels in the buyer's language, unless the publisher worded them (LANDING_FIELDS). */
const localizedField =
  (t: LandingTranslator) =>
  (field: LandingField): LandingField =>
    isBuiltInField(field.name) && field.label === en.landing.fields[field.name]
      ? { ...field, label: t(`fields.${field.name}`) }
      : field;

/** The landing page for a purchase token: sign in, then whatever Microsoft says about the purchase. */
export async function LandingView({ token }: { token: string }) {
  const t = await getTranslations("landing");
  const env = getEnv();
  const self = landingUrlFor(env.landing.path, token);
  const user = await getCurrentUser();
  if (!user) {
    return (
      <Panel title={t("signInTitle")}>
        <p className="text-slate-700">{t("signInText")}</p>
        <SignInButton callbackUrl={self} label={(await getTranslations("signin"))("button")} />
      </Panel>
    );
  }
  const result = await inRequestContext(() => loadLanding(token, user));
  switch (result.kind) {
    case "confirm":
      return (
        <div className="space-y-6">
          <div className="space-y-2">
            <h1 className="text-3xl font-semibold tracking-tight">{t("confirmTitle")}</h1>
            <p className="max-w-2xl text-slate-700">{t("confirmIntro")}</p>
          </div>
          {result.outsidePurchase ? (
            <Panel title={t("outsideWarnTitle")} tone="warning" level={2}>
              <p>{t("outsideWarnText")}</p>
            </Panel>
          ) : null}
          <PurchaseSummary purchase={result.purchase} />
          <LandingMessages>
            <ConfirmForm token={token} fields={fieldsFor(env.landing.fields, user.email).map(localizedField(t))} />
          </LandingMessages>
        </div>
      );
    case "active": {
      const appUrl = hasApp() ? openAppPath(result.purchase.subscriptionId) : undefined;
      return (
        <div className="space-y-6">
          <Panel title={t("activeTitle")} tone="success">
            <p>{result.activatedHere ? t("activeHere") : t("activeAuto")}</p>
            {appUrl ? (
              <a
                href={appUrl}
                className="inline-block rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
              >
                {t("openApp")}
              </a>
            ) : (
              <p>{t("noApp")}</p>
            )}
            <p className="text-sm text-slate-700">{t("manageHint")}</p>
          </Panel>
          <PurchaseSummary purchase={result.purchase} />
        </div>
      );
    }
    case "provisioning": {
      // Read from the database, as the page's own polling will (the same answer after a reload).
      const view = await provisioningViewFor(user, result.subscriptionId);
      return view ? (
        <LandingMessages>
          <SettingUp subscriptionId={result.subscriptionId} initial={view} />
        </LandingMessages>
      ) : null;
    }
    case "suspended":
      return (
        <div className="space-y-6">
          <Panel title={t("suspendedTitle")} tone="warning">
            <p>{t("suspendedText")}</p>
          </Panel>
          <PurchaseSummary purchase={result.purchase} />
        </div>
      );
    case "cancelled":
      return (
        <div className="space-y-6">
          <Panel title={t("cancelledTitle")} tone="warning">
            <p>{t("cancelledText")}</p>
          </Panel>
          <PurchaseSummary purchase={result.purchase} />
        </div>
      );
    case "not-ready":
      return (
        <Panel title={t("notReadyTitle")} tone="warning">
          <p>{t("notReadyText")}</p>
        </Panel>
      );
    case "invalid-token":
      return (
        <Panel title={t("invalidTokenTitle")} tone="error">
          <p>{t("invalidTokenText")}</p>
          <p className="text-sm">{t("invalidTokenHint")}</p>
        </Panel>
      );
    case "invalid-purchase":
      return (
        <Panel title={t("invalidPurchaseTitle")} tone="error">
          <p>{t("invalidPurchaseText")}</p>
          <p className="text-sm">{t("invalidPurchaseHint")}</p>
          <p className="text-sm">
            {t("reference")}: <code>{result.reference}</code>
          </p>
        </Panel>
      );
    case "rate-limited":
      return (
        <Panel title={t("rateLimitedTitle")} tone="warning">
          <p>{t("rateLimitedText")}</p>
          <p>{t("rateLimitedWait", { minutes: result.retryAfterMinutes })}</p>
          <a
            href={self}
            className="inline-block rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
          >
            {t("retry")}
          </a>
        </Panel>
      );
    case "outside-purchase":
      return (
        <Panel title={t("outsideTitle")} tone="warning">
          <p>{t("outsideText")}</p>
          <p>{t("outsideHow")}</p>
          <SwitchAccountButton callbackUrl={self} label={t("switchAccount")} />
        </Panel>
      );
    case "microsoft-unavailable":
      return (
        <Panel title={t("unavailableTitle")} tone="error">
          <p>{t("unavailableText")}</p>
          <a
            href={self}
            className="inline-block rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
          >
            {t("retry")}
          </a>
          <p className="text-sm">
            {t("reference")}: <code>{result.reference}</code>
          </p>
        </Panel>
      );
    case "portal-problem":
      return (
        <Panel title={t("portalProblemTitle")} tone="error">
          <p>{t("portalProblemText")}</p>
          <p className="text-sm">
            {t("reference")}: <code>{result.reference}</code>
          </p>
        </Panel>
      );
  }
}
