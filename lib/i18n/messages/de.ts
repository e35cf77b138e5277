import { accountDe } from "./account/de";
import type { MessageShape } from "./en";

/** German. Microsoft's own German terms: Azure-Portal, Microsoft 365 Admin Center, „Konto konfigurieren“, SaaS-Abonnement. */
export const de: MessageShape = {
  app: {
    name: "Marketplace-Portal",
    description:
      "Richten Sie Ihr über den kommerziellen Microsoft-Marketplace gekauftes Abonnement ein und verwalten Sie es.",
    skipToContent: "Zum Inhalt springen",
  },
  nav: { label: "Hauptnavigation", buyers: "Ihr Abonnement", admin: "Verwaltung" },
  language: { label: "Sprache", change: "Sprache ändern" },
  pages: {
    landing: "Abonnement einrichten",
    done: "Abonnement aktiv",
    settingUp: "Ihr Konto wird eingerichtet",
    invalidLink: "Dieser Link ist ungültig",
    signin: "Anmelden",
  },
  terms: {
    P1M: "Monat",
    P1Y: "Jahr",
    P2Y: "2 Jahre",
    P3Y: "3 Jahre",
    P4Y: "4 Jahre",
    P5Y: "5 Jahre",
  },
  footer: {
    text: "Abonnements werden über den kommerziellen Microsoft-Marketplace gekauft und abgerechnet.",
    status: "Dienststatus",
  },
  home: {
    title: "Abonnement einrichten",
    intro: "Sie gelangen von Microsoft auf diese Seite, wenn Sie unseren Dienst kaufen oder verwalten.",
    howTo:
      "Öffnen Sie das Azure-Portal oder das Microsoft 365 Admin Center, suchen Sie Ihr SaaS-Abonnement und wählen Sie „Konto konfigurieren“ (oder „Konto verwalten“). Microsoft leitet Sie mit allen nötigen Angaben hierher zurück.",
    staff: "Mitarbeitende des Herausgebers: Verwaltungsbereich öffnen.",
    localTitle: "Lokaler Modus",
    localText:
      "Microsoft wird vom lokalen Simulator gespielt. Kaufen Sie einen Plan in seinem Marketplace, um als Käufer hierher zurückzukehren.",
    localLink: "Marketplace des Simulators öffnen",
  },
  signin: {
    title: "Anmelden",
    intro:
      "Melden Sie sich mit dem Microsoft-Konto an, mit dem Sie das Abonnement gekauft haben: einem Geschäfts-, Schul- oder Unikonto oder einem persönlichen Microsoft-Konto.",
    button: "Mit Microsoft anmelden",
    signedInAs: "Angemeldet als",
    signOut: "Abmelden",
    failed: {
      OAuthCallback:
        "Microsoft konnte Ihre Anmeldung nicht bestätigen. Versuchen Sie es erneut; falls es weiterhin fehlschlägt, melden Sie sich in diesem Browser zuerst von anderen Microsoft-Konten ab.",
      OAuthSignin: "Die Microsoft-Anmeldung ist gerade nicht erreichbar. Versuchen Sie es gleich noch einmal.",
      AccessDenied: "Die Anmeldung wurde abgebrochen oder abgelehnt.",
      SessionRequired: "Melden Sie sich an, um fortzufahren.",
      default: "Die Anmeldung hat nicht funktioniert. Versuchen Sie es erneut.",
    },
  },
  landing: {
    signInTitle: "Melden Sie sich an, um Ihr Abonnement einzurichten",
    signInText:
      "Sie haben ein Abonnement über Microsoft gekauft. Melden Sie sich mit dem verwendeten Microsoft-Konto an; danach zeigen wir Ihnen die Angaben zur Bestätigung.",
    confirmTitle: "Abonnement bestätigen",
    confirmIntro:
      "Prüfen Sie die Angaben, die Microsoft uns übermittelt hat. Mit Ihrer Bestätigung beginnt Ihr Abonnement, und Microsoft beginnt mit der Abrechnung.",
    details: "Abonnementdetails",
    subscriptionName: "Abonnement",
    offer: "Angebot",
    plan: "Plan",
    price: "Preis",
    pricePerSeat: "{price} pro Lizenz / {term}",
    priceFlat: "{price} / {term}",
    seats: "Lizenzen",
    seatCount: "{count, plural, one {# Lizenz} other {# Lizenzen}}",
    term: "Abrechnungszeitraum",
    termDates: "Aktuelle Laufzeit",
    autoRenew: "Automatische Verlängerung",
    yes: "Ja",
    no: "Nein",
    purchaser: "Gekauft von",
    beneficiary: "Gekauft für",
    purchaserHelp:
      "Wer die Bestellung aufgegeben hat (ein Partner oder Wiederverkäufer, wenn er in Ihrem Auftrag gekauft hat).",
    beneficiaryHelp: "Die Organisation oder Person, die das Abonnement nutzt.",
    meters: "Nutzungsbasierte Gebühren",
    markersLabel: "Zu diesem Kauf",
    markers: { test: "Testkauf", freeTrial: "Kostenlose Testversion", csp: "Über einen Partner gekauft" },
    yourDetails: "Ihre Angaben",
    fields: { companyName: "Unternehmen oder Organisation", contactEmail: "Kontakt-E-Mail-Adresse" },
    fieldErrors: {
      required: "Füllen Sie dieses Feld aus.",
      tooLong: "Verwenden Sie höchstens {max, number} Zeichen.",
      email: "Geben Sie eine E-Mail-Adresse wie name@example.com ein.",
      phone: "Geben Sie eine Telefonnummer aus Ziffern, Leerzeichen und + ( ) - . ein.",
    },
    optional: "optional",
    confirm: "Bestätigen und Abonnement starten",
    confirming: "Bestätigung bei Microsoft läuft…",
    activeTitle: "Ihr Abonnement ist aktiv",
    activeHere: "Alles erledigt: Ihr Abonnement ist aktiv, und Microsoft hat mit der Abrechnung begonnen.",
    activeAuto: "Dieses Abonnement wurde beim Kauf automatisch aktiviert: Es gibt nichts zu bestätigen.",
    openApp: "App öffnen",
    noApp: "Der Herausgeber meldet sich mit den nächsten Schritten bei Ihnen.",
    manageHint:
      "Um den Plan oder die Anzahl der Lizenzen zu ändern oder um zu kündigen, verwenden Sie das Azure-Portal oder das Microsoft 365 Admin Center, wo Sie das Abonnement gekauft haben.",
    suspendedTitle: "Ihr Abonnement ist gesperrt",
    suspendedText:
      "Microsoft konnte die Zahlung für dieses Abonnement nicht einziehen. Aktualisieren Sie die Zahlungsmethode im Azure-Portal oder im Microsoft 365 Admin Center; Ihr Abonnement wird wiederhergestellt, sobald die Zahlung eingegangen ist. Unbezahlte Abonnements werden nach 30 Tagen gekündigt.",
    cancelledTitle: "Dieses Abonnement wurde gekündigt",
    cancelledText:
      "Es kann nicht mehr verwendet oder reaktiviert werden. Um den Dienst wieder zu nutzen, kaufen Sie ein neues Abonnement im Microsoft-Marketplace.",
    notReadyTitle: "Microsoft bereitet diesen Kauf noch vor",
    notReadyText:
      "Versuchen Sie es in einigen Minuten erneut über das Azure-Portal oder das Microsoft 365 Admin Center.",
    invalidTokenTitle: "Wir konnten diesen Kauf nicht zuordnen",
    invalidTokenText:
      "Öffnen Sie dieses SaaS-Abonnement erneut im Azure-Portal oder im Microsoft 365 Admin Center, und wählen Sie noch einmal „Konto konfigurieren“ oder „Konto verwalten“.",
    invalidTokenHint: "Der Link von Microsoft ist 24 Stunden gültig und funktioniert nur unverändert.",
    unavailableTitle: "Microsoft antwortet gerade nicht",
    unavailableText:
      "Wir konnten den Marketplace-Dienst von Microsoft nicht erreichen, um Ihren Kauf abzurufen. Es wurde nichts geändert. Versuchen Sie es in einigen Minuten erneut.",
    retry: "Erneut versuchen",
    portalProblemTitle: "Wir können gerade keine Abonnements einrichten",
    portalProblemText:
      "Das Problem liegt bei uns, nicht bei Ihnen. Unser Team wurde benachrichtigt. Versuchen Sie es später erneut, oder wenden Sie sich unter Angabe der folgenden Referenz an den Support.",
    reference: "Referenz",
    busy: "Ihr Abonnement wird gerade in einem anderen Fenster oder Tab bestätigt. Warten Sie einen Moment, und laden Sie diese Seite dann neu.",
    doneTitle: "Willkommen an Bord",
    settingUpTitle: "Wir richten Ihr Konto ein",
    settingUpText:
      "Vielen Dank für Ihre Bestätigung. Der Herausgeber bereitet Ihr Konto jetzt vor. Ihr Abonnement beginnt – und Microsoft rechnet ab – erst, wenn es bereit ist.",
    settingUpActivating: "Ihr Konto ist bereit. Wir starten Ihr Abonnement jetzt bei Microsoft.",
    settingUpLive:
      "Diese Seite aktualisiert sich selbst. Sie können sie auch schließen und später mit demselben Link zurückkehren.",
    settingUpFailedTitle: "Der Herausgeber konnte die Einrichtung Ihres Kontos nicht abschließen",
    settingUpFailedText:
      "Er wurde informiert und meldet sich bei Ihnen. Abgerechnet wird erst, wenn Ihr Konto bereit ist; diese Seite aktualisiert sich dann selbst.",
    settingUpFailedReason: "Hinweis des Herausgebers",
    settingUpCancelled: "Dieser Kauf wurde storniert, bevor das Konto bereit war. Es wird nichts abgerechnet.",
    settingUpChecked: "Zuletzt geprüft: {time}.",
    signedOut: "Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an, um zu bestätigen.",
    invalidPurchaseTitle: "Dieser Kauflink ist ungültig",
    invalidPurchaseText:
      "Die Antwort von Microsoft zu diesem Kauf ist unvollständig, daher können wir ihn nicht einrichten. Es wurde nichts eingerichtet und nichts abgerechnet.",
    invalidPurchaseHint:
      "Öffnen Sie dieses SaaS-Abonnement erneut im Azure-Portal oder im Microsoft 365 Admin Center, und wählen Sie noch einmal „Konto konfigurieren“. Wenn das Problem bestehen bleibt, wenden Sie sich unter Angabe der folgenden Referenz an uns.",
    rateLimitedTitle: "Zu viele Kauflinks geprüft",
    rateLimitedText:
      "Mit Ihrem Konto wurden in kurzer Zeit viele Kauflinks geöffnet. Deshalb prüfen wir sie eine Weile nicht bei Microsoft.",
    rateLimitedWait:
      "{minutes, plural, one {Warten Sie # Minute, und versuchen Sie es dann erneut.} other {Warten Sie # Minuten, und versuchen Sie es dann erneut.}}",
    outsideTitle: "Dieser Kauf gehört zu einer anderen Organisation",
    outsideText:
      "Sie sind mit einem Konto angemeldet, das weder zu der Organisation gehört, die dieses Abonnement gekauft hat, noch zu der, für die es gekauft wurde. Nur diese können es einrichten.",
    outsideHow:
      "Melden Sie sich mit Ihrem Konto bei dieser Organisation an (ein persönliches Microsoft-Konto funktioniert nur für die Person, die damit gekauft hat). Wenn Sie es für diese Organisation einrichten, bitten Sie sie um die Bestätigung, oder wenden Sie sich an uns.",
    switchAccount: "Mit einem anderen Konto anmelden",
    outsideWarnTitle: "Sie gehören nicht zu der Organisation, die dieses Abonnement gekauft hat",
    outsideWarnText:
      "Ihr Konto gehört weder zu der Organisation, die dieses Abonnement gekauft hat, noch zu der, für die es gekauft wurde. Bestätigen Sie nur, wenn Sie darum gebeten wurden: Wir speichern, wer bestätigt hat, und der Herausgeber sieht, dass es jemand außerhalb des Kaufs war.",
    invalidLinkTitle: "Dieser Link ist ungültig",
    invalidLinkText:
      "Ein Teil der geöffneten Adresse kommt mehrfach vor, daher können wir nicht erkennen, welcher Kauf oder welches Abonnement gemeint ist. Es wurde nichts geändert.",
    invalidLinkHint:
      "Öffnen Sie den Link von Microsoft erneut: Suchen Sie im Azure-Portal oder im Microsoft 365 Admin Center Ihr SaaS-Abonnement, und wählen Sie „Konto konfigurieren“ (oder „Konto verwalten“).",
  },
  admin: {
    forbiddenTitle: "Kein Zugriff auf den Verwaltungsbereich",
    forbiddenText: "Sie sind angemeldet, aber Ihr Konto hat keine Portalrolle (Besitzer, Operator oder Leser).",
    forbiddenHow:
      "Bitten Sie einen Besitzer, Ihnen eine Rolle zuzuweisen, oder Ihren Entra-Administrator, Ihnen im Mandanten des Herausgebers eine App-Rolle (Portal.Owner, Portal.Operator oder Portal.Viewer) zuzuweisen. Der erste Besitzer wird mit ADMIN_OWNERS festgelegt (siehe README).",
  },
  errors: {
    notFoundTitle: "Seite nicht gefunden",
    notFoundText:
      "Unter dieser Adresse gibt es nichts. Prüfen Sie den Link, oder beginnen Sie erneut auf der Startseite.",
    genericTitle: "Ein Fehler ist aufgetreten",
    genericText:
      "Diese Seite konnte nicht angezeigt werden. Versuchen Sie es erneut; falls es wieder passiert, wenden Sie sich unter Angabe der folgenden Referenz an den Support des Herausgebers.",
    reference: "Referenz",
    retry: "Erneut versuchen",
    home: "Zur Startseite",
  },
  account: accountDe,
};
