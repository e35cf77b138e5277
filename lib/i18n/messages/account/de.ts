import type { MessageShape } from "../en";

/** German "Your subscription": Lizenzen, Plan, Abonnement, kündigen, as in the Microsoft 365 Admin Center. */
export const accountDe: MessageShape["account"] = {
  listTitle: "Ihre Abonnements",
  listIntro:
    "Abonnements, die über Microsoft für Sie oder Ihre Organisation gekauft wurden oder die Sie für andere gekauft haben. Öffnen Sie eines, um die Details zu sehen und es – sofern der Herausgeber es zulässt – zu ändern oder zu kündigen.",
  listEmpty:
    "Für das Konto, mit dem Sie angemeldet sind ({account}), haben wir kein Abonnement gefunden. Melden Sie sich mit dem Konto an, mit dem Sie gekauft haben, oder öffnen Sie das Abonnement im Azure-Portal oder im Microsoft 365 Admin Center.",
  manage: "{name} öffnen",
  doneLink: "Abonnement anzeigen und verwalten",
  backToList: "Alle Ihre Abonnements",
  breadcrumb: "Brotkrümelnavigation",
  detailsTitle: "Details",
  fields: {
    status: "Status",
    plan: "Plan",
    seats: "Lizenzen",
    seatCount: "{count, plural, one {# Lizenz} other {# Lizenzen}}",
    term: "Aktuelle Laufzeit",
    termDates: "{start} – {end}",
    billingTerm: "Abrechnungszeitraum",
    autoRenew: "Automatische Verlängerung",
    yes: "Ja",
    no: "Nein",
    boughtBy: "Gekauft von",
    boughtFor: "Gekauft für",
    notPerSeat: "Nicht pro Lizenz verkauft",
  },
  status: {
    PendingFulfillmentStart: "Wartet auf Bestätigung",
    Subscribed: "Aktiv",
    Suspended: "Gesperrt (Zahlungsproblem)",
    Unsubscribed: "Gekündigt",
  },
  terms: {
    P1M: "Monatlich",
    P1Y: "Jährlich",
    P2Y: "Alle 2 Jahre",
    P3Y: "Alle 3 Jahre",
    P4Y: "Alle 4 Jahre",
    P5Y: "Alle 5 Jahre",
  },
  actionsTitle: "Abonnement ändern",
  actionsOff:
    "Um den Plan oder die Anzahl der Lizenzen zu ändern oder um zu kündigen, verwenden Sie das Azure-Portal oder das Microsoft 365 Admin Center, wo Sie das Abonnement gekauft haben.",
  readOnly: {
    "not-beneficiary":
      "Nur Personen der Organisation, für die dieses Abonnement gekauft wurde, können es ändern. Sie sehen es, weil Ihre Organisation es gekauft oder eingerichtet hat.",
    "not-activator":
      "Nur die Person, die dieses Abonnement aktiviert hat, kann es hier ändern. Wenden Sie sich an diese Person oder an Ihren Administrator.",
    "no-admin-role":
      "Nur die Administratoren Ihrer Organisation für diesen Dienst (App-Rolle Subscriptions.Manage in Ihrem Microsoft Entra-Mandanten) können es hier ändern. Wenden Sie sich an Ihren Administrator.",
  },
  partnerManaged:
    "Dieses Abonnement wurde über einen Microsoft-Partner (CSP) gekauft. Ihr Partner verwaltet Plan, Lizenzen und Kündigung: Wenden Sie sich an ihn.",
  notActive: "Nur ein aktives Abonnement kann geändert werden.",
  unavailable:
    "Microsoft ist gerade nicht erreichbar, daher können wir nicht anzeigen, was Sie ändern können. Versuchen Sie es in einigen Minuten erneut.",
  inProgress:
    "Eine Änderung dieses Abonnements wird bei Microsoft noch ausgeführt. Warten Sie, bis sie abgeschlossen ist.",
  seats: {
    title: "Anzahl der Lizenzen ändern",
    label: "Lizenzen (dieser Plan erlaubt {min, number}–{max, number})",
    review: "Lizenzänderung prüfen",
    confirmTitle: "Lizenzänderung bestätigen",
    confirmText:
      "Von {from, plural, one {# Lizenz} other {# Lizenzen}} auf {to, plural, one {# Lizenz} other {# Lizenzen}} ändern? Microsoft passt Ihre Rechnung für die aktuelle Laufzeit an.",
    outOfRange: "Wählen Sie zwischen {min, number} und {max, number} Lizenzen. Für mehr ändern Sie zuerst den Plan.",
    same: "Das ist bereits Ihre Anzahl an Lizenzen.",
  },
  plan: {
    title: "Plan ändern",
    label: "Neuer Plan",
    option: "{name} ({price})",
    needsSeats: "{option}: erfordert {min, number}–{max, number} Lizenzen, ändern Sie zuerst die Lizenzen",
    needsSeatsMin: "{option}: erfordert mindestens {min, number} Lizenzen, ändern Sie zuerst die Lizenzen",
    perSeat: "{price} pro Lizenz / {term}",
    flat: "{price} / {term}",
    review: "Planänderung prüfen",
    confirmTitle: "Planänderung bestätigen",
    confirmText: "Von {from} zu {to} wechseln? Die Preise stammen von Microsoft, in Ihrer Währung.",
    none: "Für dieses Abonnement ist kein anderer Plan verfügbar.",
    noneFits: "Die anderen Pläne erfordern eine andere Anzahl an Lizenzen. Ändern Sie zuerst die Lizenzen:",
  },
  cancel: {
    title: "Abonnement kündigen",
    freeUntil:
      "Eine Kündigung innerhalb von 72 Stunden nach dem Kauf ist kostenlos: Bis {until} wird Ihnen dieses Abonnement nicht berechnet.",
    billedSince:
      "Die ersten 72 Stunden nach dem Kauf endeten am {until}: Die aktuelle Laufzeit wird berechnet, und Sie verlieren den Zugriff, sobald Microsoft das Abonnement kündigt.",
    billed:
      "Die ersten 72 Stunden nach dem Kauf sind vorbei: Die aktuelle Laufzeit wird berechnet, und Sie verlieren den Zugriff, sobald Microsoft das Abonnement kündigt.",
    review: "Kündigung prüfen",
    confirmTitle: "Kündigung bestätigen",
    confirmText:
      "{name} kündigen? Microsoft beendet das Abonnement; es kann nicht reaktiviert werden, und für eine erneute Nutzung ist ein neuer Kauf nötig.",
    confirmFree: "Sie sind innerhalb der ersten 72 Stunden: Die Kündigung wird nicht berechnet.",
    confirmBilled: "Die ersten 72 Stunden sind vorbei: Die aktuelle Laufzeit wird berechnet.",
  },
  confirm: "Bestätigen",
  back: "Zurück",
  sending: "Wird an Microsoft gesendet…",
  progress: {
    ChangeQuantity: "Lizenzänderung",
    ChangePlan: "Planänderung",
    Unsubscribe: "Kündigung",
    waiting: "{action}: Warten auf Microsoft…",
    Succeeded: "{action}: abgeschlossen.",
    Failed: "{action}: Microsoft konnte die Änderung nicht ausführen. Ihr Abonnement ist unverändert.",
    Conflict: "{action}: Nichts zu ändern, der Stand war bereits so.",
    checkFailed: "Der Fortschritt konnte nicht abgerufen werden; neuer Versuch…",
    appliedAlready: "Microsoft zeigt die Änderung bereits an.",
  },
  errors: {
    signedOut: "Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an.",
    notFound: "Wir konnten dieses Abonnement für Ihr Konto nicht finden.",
    forbidden: "Sie können dieses Abonnement nicht ändern.",
    invalid: "Prüfen Sie den eingegebenen Wert.",
    failed:
      "Die Änderung konnte nicht angefordert werden. Laden Sie die Seite neu, um den aktuellen Stand Ihres Abonnements zu sehen, bevor Sie es erneut versuchen.",
  },
};
