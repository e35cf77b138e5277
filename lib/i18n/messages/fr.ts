import { accountFr } from "./account/fr";
import type { MessageShape } from "./en";

/** French. Microsoft's own terms: portail Azure, Centre d’administration Microsoft 365, « Configurer le compte », abonnement SaaS. */
export const fr: MessageShape = {
  app: {
    name: "Portail Marketplace",
    description: "Configurez et gérez votre abonnement acheté sur la Place de marché commerciale Microsoft.",
    skipToContent: "Aller au contenu",
  },
  nav: { label: "Principal", buyers: "Votre abonnement", admin: "Administration" },
  language: { label: "Langue", change: "Changer de langue" },
  pages: {
    landing: "Configurer votre abonnement",
    done: "Abonnement actif",
    settingUp: "Configuration de votre compte",
    invalidLink: "Ce lien n’est pas valide",
    signin: "Se connecter",
  },
  terms: {
    P1M: "mois",
    P1Y: "an",
    P2Y: "2 ans",
    P3Y: "3 ans",
    P4Y: "4 ans",
    P5Y: "5 ans",
  },
  footer: {
    text: "Les abonnements sont achetés et facturés via la Place de marché commerciale Microsoft.",
    status: "État du service",
  },
  home: {
    title: "Configurer votre abonnement",
    intro: "Microsoft vous dirige vers cette page lorsque vous achetez ou gérez notre service.",
    howTo:
      "Ouvrez le portail Azure ou le Centre d’administration Microsoft 365, recherchez votre abonnement SaaS et sélectionnez « Configurer le compte » (ou « Gérer le compte »). Microsoft vous ramène ici avec toutes les informations nécessaires.",
    staff: "Équipe de l’éditeur : ouvrir le tableau de bord d’administration.",
    localTitle: "Mode local",
    localText:
      "Le rôle de Microsoft est joué par le simulateur local. Achetez un plan sur sa place de marché pour revenir ici en tant qu’acheteur.",
    localLink: "Ouvrir la place de marché du simulateur",
  },
  signin: {
    title: "Se connecter",
    intro:
      "Connectez-vous avec le compte Microsoft utilisé pour acheter l’abonnement : un compte professionnel ou scolaire, ou un compte Microsoft personnel.",
    button: "Se connecter avec Microsoft",
    signedInAs: "Connecté en tant que",
    signOut: "Se déconnecter",
    failed: {
      OAuthCallback:
        "Microsoft n’a pas pu confirmer votre connexion. Réessayez ; si l’échec persiste, déconnectez-vous d’abord des autres comptes Microsoft dans ce navigateur.",
      OAuthSignin: "Impossible de joindre le service de connexion Microsoft. Réessayez dans un instant.",
      AccessDenied: "La connexion a été annulée ou refusée.",
      SessionRequired: "Connectez-vous pour continuer.",
      default: "La connexion a échoué. Réessayez.",
    },
  },
  landing: {
    signInTitle: "Connectez-vous pour configurer votre abonnement",
    signInText:
      "Vous avez acheté un abonnement via Microsoft. Connectez-vous avec le compte Microsoft utilisé : nous vous présenterons alors les détails à confirmer.",
    confirmTitle: "Confirmer votre abonnement",
    confirmIntro:
      "Vérifiez les détails que Microsoft nous a transmis. Dès votre confirmation, votre abonnement démarre et Microsoft commence la facturation.",
    details: "Détails de l’abonnement",
    subscriptionName: "Abonnement",
    offer: "Offre",
    plan: "Plan",
    price: "Prix",
    pricePerSeat: "{price} par licence / {term}",
    priceFlat: "{price} / {term}",
    seats: "Licences",
    seatCount: "{count, plural, one {# licence} other {# licences}}",
    term: "Période de facturation",
    termDates: "Période en cours",
    autoRenew: "Renouvellement automatique",
    yes: "Oui",
    no: "Non",
    purchaser: "Acheté par",
    beneficiary: "Acheté pour",
    purchaserHelp: "Qui a passé la commande (un partenaire ou un revendeur s’il a acheté pour votre compte).",
    beneficiaryHelp: "L’organisation ou la personne qui utilise l’abonnement.",
    meters: "Frais basés sur l’utilisation",
    markersLabel: "À propos de cet achat",
    markers: { test: "Achat de test", freeTrial: "Essai gratuit", csp: "Acheté via un partenaire" },
    yourDetails: "Vos informations",
    fields: { companyName: "Entreprise ou organisation", contactEmail: "Adresse e-mail de contact" },
    fieldErrors: {
      required: "Renseignez ce champ.",
      tooLong: "Utilisez au maximum {max, number} caractères.",
      email: "Saisissez une adresse e-mail telle que name@example.com.",
      phone: "Saisissez un numéro de téléphone composé de chiffres, d’espaces et de + ( ) - .",
    },
    optional: "facultatif",
    confirm: "Confirmer et démarrer mon abonnement",
    confirming: "Confirmation auprès de Microsoft…",
    activeTitle: "Votre abonnement est actif",
    activeHere: "Tout est prêt : votre abonnement est actif et Microsoft a commencé la facturation.",
    activeAuto: "Cet abonnement a été activé automatiquement lors de l’achat : il n’y a rien à confirmer.",
    openApp: "Ouvrir l’application",
    noApp: "L’éditeur vous contactera pour les prochaines étapes.",
    manageHint:
      "Pour changer de plan ou de nombre de licences, ou pour résilier, utilisez le portail Azure ou le Centre d’administration Microsoft 365, où vous l’avez acheté.",
    suspendedTitle: "Votre abonnement est suspendu",
    suspendedText:
      "Microsoft n’a pas pu encaisser le paiement de cet abonnement. Mettez à jour le mode de paiement dans le portail Azure ou le Centre d’administration Microsoft 365 ; votre abonnement est rétabli dès que le paiement aboutit. Les abonnements impayés sont résiliés au bout de 30 jours.",
    cancelledTitle: "Cet abonnement a été résilié",
    cancelledText:
      "Il ne peut plus être utilisé ni réactivé. Pour utiliser à nouveau le service, achetez un nouvel abonnement sur la Place de marché Microsoft.",
    notReadyTitle: "Microsoft prépare encore cet achat",
    notReadyText:
      "Réessayez dans quelques minutes depuis le portail Azure ou le Centre d’administration Microsoft 365.",
    invalidTokenTitle: "Nous n’avons pas pu identifier cet achat",
    invalidTokenText:
      "Rouvrez cet abonnement SaaS dans le portail Azure ou le Centre d’administration Microsoft 365, puis sélectionnez à nouveau « Configurer le compte » ou « Gérer le compte ».",
    invalidTokenHint: "Le lien fourni par Microsoft est valable 24 heures et ne fonctionne que tel qu’il a été envoyé.",
    unavailableTitle: "Microsoft ne répond pas pour le moment",
    unavailableText:
      "Nous n’avons pas pu joindre le service de place de marché de Microsoft pour consulter votre achat. Rien n’a été modifié. Réessayez dans quelques minutes.",
    retry: "Réessayer",
    portalProblemTitle: "Nous ne pouvons pas configurer d’abonnements pour le moment",
    portalProblemText:
      "Le problème vient de chez nous, pas de vous. Notre équipe a été alertée ; réessayez plus tard, ou contactez le support en indiquant la référence ci-dessous.",
    reference: "Référence",
    busy: "Votre abonnement est en cours de confirmation dans une autre fenêtre ou un autre onglet. Patientez un instant, puis rechargez cette page.",
    doneTitle: "Bienvenue à bord",
    settingUpTitle: "Nous configurons votre compte",
    settingUpText:
      "Merci pour votre confirmation. L’éditeur prépare maintenant votre compte. Votre abonnement ne démarre, et Microsoft ne commence à facturer, qu’une fois le compte prêt.",
    settingUpActivating: "Votre compte est prêt. Nous démarrons votre abonnement auprès de Microsoft.",
    settingUpLive:
      "Cette page se met à jour d’elle-même ; vous pouvez aussi la fermer et revenir plus tard avec le même lien.",
    settingUpFailedTitle: "L’éditeur n’a pas pu terminer la configuration de votre compte",
    settingUpFailedText:
      "Il a été prévenu et reviendra vers vous. Rien n’est facturé tant que votre compte n’est pas prêt ; cette page se met alors à jour d’elle-même.",
    settingUpFailedReason: "Message de l’éditeur",
    settingUpCancelled: "Cet achat a été annulé avant que le compte soit prêt. Rien n’est facturé.",
    settingUpChecked: "Dernière vérification : {time}.",
    signedOut: "Votre session a expiré. Reconnectez-vous pour confirmer.",
    invalidPurchaseTitle: "Ce lien d’achat n’est pas valide",
    invalidPurchaseText:
      "La réponse de Microsoft concernant cet achat est incomplète : nous ne pouvons pas le configurer. Rien n’a été configuré ni facturé.",
    invalidPurchaseHint:
      "Rouvrez cet abonnement SaaS dans le portail Azure ou le Centre d’administration Microsoft 365, puis sélectionnez à nouveau « Configurer le compte ». Si le problème persiste, contactez-nous en indiquant la référence ci-dessous.",
    rateLimitedTitle: "Trop de liens d’achat vérifiés",
    rateLimitedText:
      "Votre compte a ouvert de nombreux liens d’achat en peu de temps : nous avons donc suspendu leur vérification auprès de Microsoft pendant un moment.",
    rateLimitedWait:
      "{minutes, plural, one {Patientez # minute, puis réessayez.} other {Patientez # minutes, puis réessayez.}}",
    outsideTitle: "Cet achat appartient à une autre organisation",
    outsideText:
      "Vous êtes connecté avec un compte qui n’appartient ni à l’organisation qui a acheté cet abonnement ni à celle pour laquelle il a été acheté. Seules celles-ci peuvent le configurer.",
    outsideHow:
      "Connectez-vous avec votre compte de cette organisation (un compte Microsoft personnel ne fonctionne que pour la personne qui a effectué l’achat avec). Si vous le configurez pour elle, demandez-lui de le confirmer, ou contactez-nous.",
    switchAccount: "Se connecter avec un autre compte",
    outsideWarnTitle: "Vous ne faites pas partie de l’organisation qui a acheté cet abonnement",
    outsideWarnText:
      "Votre compte n’appartient ni à l’organisation qui a acheté cet abonnement ni à celle pour laquelle il a été acheté. Ne confirmez que si elle vous a demandé de le configurer pour elle : nous enregistrons qui a confirmé, et l’éditeur verra que c’était une personne extérieure à l’achat.",
    invalidLinkTitle: "Ce lien n’est pas valide",
    invalidLinkText:
      "Une partie de l’adresse ouverte apparaît plusieurs fois : nous ne pouvons donc pas savoir de quel achat ou abonnement il s’agit. Rien n’a été modifié.",
    invalidLinkHint:
      "Rouvrez le lien de Microsoft : dans le portail Azure ou le Centre d’administration Microsoft 365, recherchez votre abonnement SaaS et sélectionnez « Configurer le compte » (ou « Gérer le compte »).",
  },
  admin: {
    forbiddenTitle: "Aucun accès au tableau de bord d’administration",
    forbiddenText:
      "Vous êtes connecté, mais votre compte n’a aucun rôle dans le portail (propriétaire, opérateur ou lecteur).",
    forbiddenHow:
      "Demandez à un propriétaire de vous attribuer un rôle, ou à votre administrateur Entra de vous attribuer un rôle d’application (Portal.Owner, Portal.Operator ou Portal.Viewer) dans le locataire de l’éditeur. Le premier propriétaire est défini par ADMIN_OWNERS (voir le README).",
  },
  errors: {
    notFoundTitle: "Page introuvable",
    notFoundText: "Il n’y a rien à cette adresse. Vérifiez le lien, ou recommencez depuis la page d’accueil.",
    genericTitle: "Une erreur s’est produite",
    genericText:
      "Nous n’avons pas pu afficher cette page. Réessayez ; si le problème persiste, contactez le support de l’éditeur en indiquant la référence ci-dessous.",
    reference: "Référence",
    retry: "Réessayer",
    home: "Aller à la page d’accueil",
  },
  account: accountFr,
};
