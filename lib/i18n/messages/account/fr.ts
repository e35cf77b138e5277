import type { MessageShape } from "../en";

/** French "Your subscription": licences, plan, abonnement, résilier, as in the Centre d’administration Microsoft 365. */
export const accountFr: MessageShape["account"] = {
  listTitle: "Vos abonnements",
  listIntro:
    "Les abonnements achetés via Microsoft pour vous ou votre organisation, ou par vous pour quelqu’un d’autre. Ouvrez-en un pour voir ses détails et, si l’éditeur le permet, le modifier ou le résilier.",
  listEmpty:
    "Nous n’avons trouvé aucun abonnement pour le compte avec lequel vous êtes connecté ({account}). Connectez-vous avec le compte utilisé pour l’achat, ou ouvrez l’abonnement depuis le portail Azure ou le Centre d’administration Microsoft 365.",
  manage: "Ouvrir {name}",
  doneLink: "Voir et gérer votre abonnement",
  backToList: "Tous vos abonnements",
  breadcrumb: "Fil d’Ariane",
  detailsTitle: "Détails",
  fields: {
    status: "État",
    plan: "Plan",
    seats: "Licences",
    seatCount: "{count, plural, one {# licence} other {# licences}}",
    term: "Période en cours",
    termDates: "{start} – {end}",
    billingTerm: "Période de facturation",
    autoRenew: "Renouvellement automatique",
    yes: "Oui",
    no: "Non",
    boughtBy: "Acheté par",
    boughtFor: "Acheté pour",
    notPerSeat: "Non vendu par licence",
  },
  status: {
    PendingFulfillmentStart: "En attente de confirmation",
    Subscribed: "Actif",
    Suspended: "Suspendu (problème de paiement)",
    Unsubscribed: "Résilié",
  },
  terms: {
    P1M: "Mensuel",
    P1Y: "Annuel",
    P2Y: "Tous les 2 ans",
    P3Y: "Tous les 3 ans",
    P4Y: "Tous les 4 ans",
    P5Y: "Tous les 5 ans",
  },
  actionsTitle: "Modifier votre abonnement",
  actionsOff:
    "Pour changer de plan ou de nombre de licences, ou pour résilier, utilisez le portail Azure ou le Centre d’administration Microsoft 365, où vous l’avez acheté.",
  readOnly: {
    "not-beneficiary":
      "Seules les personnes de l’organisation pour laquelle cet abonnement a été acheté peuvent le modifier. Vous le voyez parce que votre organisation l’a acheté ou configuré.",
    "not-activator":
      "Seule la personne qui a activé cet abonnement peut le modifier ici. Adressez-vous à elle ou à votre administrateur.",
    "no-admin-role":
      "Seuls les administrateurs de votre organisation pour ce service (rôle d’application Subscriptions.Manage dans votre locataire Microsoft Entra) peuvent le modifier ici. Adressez-vous à votre administrateur.",
  },
  partnerManaged:
    "Cet abonnement a été acheté via un partenaire Microsoft (CSP). Votre partenaire gère son plan, ses licences et sa résiliation : contactez-le.",
  notActive: "Seul un abonnement actif peut être modifié.",
  unavailable:
    "Microsoft est injoignable pour le moment : nous ne pouvons pas afficher ce que vous pouvez modifier. Réessayez dans quelques minutes.",
  inProgress: "Une modification de cet abonnement est encore en cours chez Microsoft. Attendez qu’elle soit terminée.",
  seats: {
    title: "Modifier le nombre de licences",
    label: "Licences (ce plan autorise {min, number}–{max, number})",
    review: "Vérifier le changement de licences",
    confirmTitle: "Confirmer le changement de licences",
    confirmText:
      "Passer de {from, plural, one {# licence} other {# licences}} à {to, plural, one {# licence} other {# licences}} ? Microsoft ajuste votre facture pour la période en cours.",
    outOfRange: "Choisissez entre {min, number} et {max, number} licences. Pour davantage, changez d’abord de plan.",
    same: "C’est déjà votre nombre de licences.",
  },
  plan: {
    title: "Changer de plan",
    label: "Nouveau plan",
    option: "{name} ({price})",
    needsSeats: "{option} : nécessite {min, number}–{max, number} licences, modifiez d’abord les licences",
    needsSeatsMin: "{option} : nécessite au moins {min, number} licences, modifiez d’abord les licences",
    perSeat: "{price} par licence / {term}",
    flat: "{price} / {term}",
    review: "Vérifier le changement de plan",
    confirmTitle: "Confirmer le changement de plan",
    confirmText: "Passer de {from} à {to} ? Les prix sont ceux de Microsoft, dans votre devise.",
    none: "Aucun autre plan n’est disponible pour cet abonnement.",
    noneFits: "Les autres plans nécessitent un autre nombre de licences. Modifiez d’abord les licences :",
  },
  cancel: {
    title: "Résilier l’abonnement",
    freeUntil:
      "La résiliation dans les 72 heures suivant l’achat est gratuite : jusqu’au {until}, cet abonnement ne vous est pas facturé.",
    billedSince:
      "Les 72 premières heures après l’achat ont pris fin le {until} : la période en cours vous est facturée et vous perdez l’accès dès que Microsoft résilie l’abonnement.",
    billed:
      "Les 72 premières heures après l’achat sont écoulées : la période en cours vous est facturée et vous perdez l’accès dès que Microsoft résilie l’abonnement.",
    review: "Vérifier la résiliation",
    confirmTitle: "Confirmer la résiliation",
    confirmText:
      "Résilier {name} ? Microsoft met fin à l’abonnement ; il ne peut pas être réactivé, et un nouvel achat sera nécessaire pour utiliser à nouveau le service.",
    confirmFree: "Vous êtes dans les 72 premières heures : la résiliation n’est pas facturée.",
    confirmBilled: "Les 72 premières heures sont passées : la période en cours est facturée.",
  },
  confirm: "Confirmer",
  back: "Retour",
  sending: "Envoi à Microsoft…",
  progress: {
    ChangeQuantity: "Changement de licences",
    ChangePlan: "Changement de plan",
    Unsubscribe: "Résiliation",
    waiting: "{action} : en attente de Microsoft…",
    Succeeded: "{action} : terminé.",
    Failed: "{action} : Microsoft n’a pas pu effectuer la modification. Votre abonnement est inchangé.",
    Conflict: "{action} : rien à modifier, c’était déjà le cas.",
    checkFailed: "Impossible de vérifier l’avancement ; nouvelle tentative…",
    appliedAlready: "Microsoft affiche déjà la modification.",
  },
  errors: {
    signedOut: "Votre session a expiré. Reconnectez-vous.",
    notFound: "Nous n’avons pas trouvé cet abonnement pour votre compte.",
    forbidden: "Vous ne pouvez pas modifier cet abonnement.",
    invalid: "Vérifiez la valeur saisie.",
    failed:
      "La modification n’a pas pu être demandée. Rechargez la page pour voir l’état actuel de votre abonnement avant de réessayer.",
  },
};
