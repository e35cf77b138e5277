import { accountEs } from "./account/es";
import type { MessageShape } from "./en";

/** Spanish. Microsoft's own terms: Azure Portal, Centro de administración de Microsoft 365, "Configurar cuenta", suscripción de SaaS. */
export const es: MessageShape = {
  app: {
    name: "Portal de Marketplace",
    description: "Configure y administre la suscripción que compró a través del marketplace comercial de Microsoft.",
    skipToContent: "Ir al contenido",
  },
  nav: { label: "Principal", buyers: "Su suscripción", admin: "Administración" },
  language: { label: "Idioma", change: "Cambiar el idioma" },
  pages: {
    landing: "Configurar su suscripción",
    done: "Suscripción activa",
    settingUp: "Configurando su cuenta",
    invalidLink: "Este vínculo no es válido",
    signin: "Iniciar sesión",
  },
  terms: {
    P1M: "mes",
    P1Y: "año",
    P2Y: "2 años",
    P3Y: "3 años",
    P4Y: "4 años",
    P5Y: "5 años",
  },
  footer: {
    text: "Las suscripciones se compran y facturan a través del marketplace comercial de Microsoft.",
    status: "Estado del servicio",
  },
  home: {
    title: "Configurar su suscripción",
    intro: "Microsoft le trae a esta página cuando compra o administra nuestro servicio.",
    howTo:
      "Abra Azure Portal o el Centro de administración de Microsoft 365, busque su suscripción de SaaS y seleccione “Configurar cuenta” (o “Administrar cuenta”). Microsoft le devolverá aquí con todo lo que necesitamos.",
    staff: "Personal del editor: abrir el panel de administración.",
    localTitle: "Modo local",
    localText:
      "El simulador local hace el papel de Microsoft. Compre un plan en su marketplace para volver aquí como comprador.",
    localLink: "Abrir el marketplace del simulador",
  },
  signin: {
    title: "Iniciar sesión",
    intro:
      "Inicie sesión con la cuenta de Microsoft con la que compró la suscripción: una cuenta profesional o educativa, o una cuenta personal de Microsoft.",
    button: "Iniciar sesión con Microsoft",
    signedInAs: "Sesión iniciada como",
    signOut: "Cerrar sesión",
    failed: {
      OAuthCallback:
        "Microsoft no pudo confirmar el inicio de sesión. Vuelva a intentarlo; si sigue fallando, cierre primero la sesión de otras cuentas de Microsoft en este explorador.",
      OAuthSignin: "No se pudo conectar con el inicio de sesión de Microsoft. Vuelva a intentarlo en un momento.",
      AccessDenied: "El inicio de sesión se canceló o se rechazó.",
      SessionRequired: "Inicie sesión para continuar.",
      default: "No se pudo iniciar sesión. Vuelva a intentarlo.",
    },
  },
  landing: {
    signInTitle: "Inicie sesión para configurar su suscripción",
    signInText:
      "Ha comprado una suscripción a través de Microsoft. Inicie sesión con la cuenta de Microsoft que usó y le mostraremos los detalles para que los confirme.",
    confirmTitle: "Confirme su suscripción",
    confirmIntro:
      "Revise los detalles que nos envió Microsoft. Cuando confirme, su suscripción comenzará y Microsoft empezará a facturar.",
    details: "Detalles de la suscripción",
    subscriptionName: "Suscripción",
    offer: "Oferta",
    plan: "Plan",
    price: "Precio",
    pricePerSeat: "{price} por licencia / {term}",
    priceFlat: "{price} / {term}",
    seats: "Licencias",
    seatCount: "{count, plural, one {# licencia} other {# licencias}}",
    term: "Período de facturación",
    termDates: "Período actual",
    autoRenew: "Renovación automática",
    yes: "Sí",
    no: "No",
    purchaser: "Comprada por",
    beneficiary: "Comprada para",
    purchaserHelp: "Quién realizó el pedido (un asociado o revendedor, si compró en su nombre).",
    beneficiaryHelp: "La organización o persona que usa la suscripción.",
    meters: "Cargos según el uso",
    markersLabel: "Acerca de esta compra",
    markers: { test: "Compra de prueba", freeTrial: "Evaluación gratuita", csp: "Comprada a través de un asociado" },
    yourDetails: "Sus datos",
    fields: { companyName: "Empresa u organización", contactEmail: "Correo electrónico de contacto" },
    fieldErrors: {
      required: "Rellene este campo.",
      tooLong: "Use como máximo {max, number} caracteres.",
      email: "Escriba una dirección de correo electrónico como name@example.com.",
      phone: "Escriba un número de teléfono con dígitos, espacios y + ( ) - .",
    },
    optional: "opcional",
    confirm: "Confirmar e iniciar mi suscripción",
    confirming: "Confirmando con Microsoft…",
    activeTitle: "Su suscripción está activa",
    activeHere: "Todo listo: su suscripción está activa y Microsoft ha empezado a facturar.",
    activeAuto: "Esta suscripción se activó automáticamente al comprarla: no hay nada que confirmar.",
    openApp: "Abrir la aplicación",
    noApp: "El editor se pondrá en contacto con usted para indicarle los siguientes pasos.",
    manageHint:
      "Para cambiar el plan o el número de licencias, o para cancelar, use Azure Portal o el Centro de administración de Microsoft 365, donde la compró.",
    suspendedTitle: "Su suscripción está suspendida",
    suspendedText:
      "Microsoft no pudo cobrar el pago de esta suscripción. Actualice la forma de pago en Azure Portal o en el Centro de administración de Microsoft 365; su suscripción se restablecerá en cuanto se procese el pago. Las suscripciones impagadas se cancelan después de 30 días.",
    cancelledTitle: "Esta suscripción se canceló",
    cancelledText:
      "Ya no se puede usar ni reactivar. Para volver a usar el servicio, compre una nueva suscripción en Microsoft Marketplace.",
    notReadyTitle: "Microsoft todavía está preparando esta compra",
    notReadyText:
      "Vuelva a intentarlo en unos minutos desde Azure Portal o el Centro de administración de Microsoft 365.",
    invalidTokenTitle: "No pudimos identificar esta compra",
    invalidTokenText:
      "Vuelva a abrir esta suscripción de SaaS en Azure Portal o en el Centro de administración de Microsoft 365 y seleccione de nuevo “Configurar cuenta” o “Administrar cuenta”.",
    invalidTokenHint:
      "El vínculo que le proporciona Microsoft es válido durante 24 horas y solo funciona tal como se envió.",
    unavailableTitle: "Microsoft no responde en este momento",
    unavailableText:
      "No pudimos conectar con el servicio de marketplace de Microsoft para consultar su compra. No se ha cambiado nada. Vuelva a intentarlo en unos minutos.",
    retry: "Reintentar",
    portalProblemTitle: "No podemos configurar suscripciones en este momento",
    portalProblemText:
      "El problema es nuestro, no suyo. Nuestro equipo ya ha recibido una alerta; vuelva a intentarlo más tarde o póngase en contacto con el soporte e indique la referencia siguiente.",
    reference: "Referencia",
    busy: "Su suscripción se está confirmando en otra ventana o pestaña. Espere un momento y vuelva a cargar esta página.",
    doneTitle: "Le damos la bienvenida",
    settingUpTitle: "Estamos configurando su cuenta",
    settingUpText:
      "Gracias por confirmar. El editor está preparando su cuenta. Su suscripción comienza, y Microsoft empieza a facturar, solo cuando esté lista.",
    settingUpActivating: "Su cuenta está lista. Estamos iniciando su suscripción con Microsoft.",
    settingUpLive: "Esta página se actualiza sola; también puede cerrarla y volver más tarde con el mismo vínculo.",
    settingUpFailedTitle: "El editor no pudo terminar de configurar su cuenta",
    settingUpFailedText:
      "Ya se le ha informado y se pondrá en contacto con usted. No se factura nada hasta que su cuenta esté lista; esta página se actualizará sola cuando lo esté.",
    settingUpFailedReason: "Mensaje del editor",
    settingUpCancelled: "Esta compra se canceló antes de que la cuenta estuviera lista. No se factura nada.",
    settingUpChecked: "Última comprobación: {time}.",
    signedOut: "Su sesión ha finalizado. Vuelva a iniciar sesión para confirmar.",
    invalidPurchaseTitle: "Este vínculo de compra no es válido",
    invalidPurchaseText:
      "La respuesta de Microsoft sobre esta compra está incompleta, por lo que no podemos configurarla. No se ha configurado ni facturado nada.",
    invalidPurchaseHint:
      "Vuelva a abrir esta suscripción de SaaS en Azure Portal o en el Centro de administración de Microsoft 365 y seleccione de nuevo “Configurar cuenta”. Si sigue ocurriendo, póngase en contacto con nosotros e indique la referencia siguiente.",
    rateLimitedTitle: "Demasiados vínculos de compra comprobados",
    rateLimitedText:
      "Su cuenta ha abierto muchos vínculos de compra en poco tiempo, por lo que hemos dejado de comprobarlos con Microsoft durante un rato.",
    rateLimitedWait:
      "{minutes, plural, one {Espere # minuto y vuelva a intentarlo.} other {Espere # minutos y vuelva a intentarlo.}}",
    outsideTitle: "Esta compra pertenece a otra organización",
    outsideText:
      "Ha iniciado sesión con una cuenta que no pertenece ni a la organización que compró esta suscripción ni a aquella para la que se compró. Solo ellas pueden configurarla.",
    outsideHow:
      "Inicie sesión con su cuenta de esa organización (una cuenta personal de Microsoft solo sirve para la persona que compró con ella). Si la está configurando en su nombre, pídales que la confirmen o póngase en contacto con nosotros.",
    switchAccount: "Iniciar sesión con otra cuenta",
    outsideWarnTitle: "No pertenece a la organización que compró esta suscripción",
    outsideWarnText:
      "Su cuenta no pertenece ni a la organización que compró esta suscripción ni a aquella para la que se compró. Confirme solo si le pidieron que la configurara en su nombre: registramos quién la confirmó y el editor verá que fue alguien ajeno a la compra.",
    invalidLinkTitle: "Este vínculo no es válido",
    invalidLinkText:
      "Una parte de la dirección que abrió aparece más de una vez, por lo que no podemos saber a qué compra o suscripción se refiere. No se ha cambiado nada.",
    invalidLinkHint:
      "Vuelva a abrir el vínculo de Microsoft: en Azure Portal o en el Centro de administración de Microsoft 365, busque su suscripción de SaaS y seleccione “Configurar cuenta” (o “Administrar cuenta”).",
  },
  admin: {
    forbiddenTitle: "Sin acceso al panel de administración",
    forbiddenText:
      "Ha iniciado sesión, pero su cuenta no tiene ningún rol en el portal (propietario, operador o lector).",
    forbiddenHow:
      "Pida a un propietario que le asigne un rol, o a su administrador de Entra que le asigne un rol de aplicación (Portal.Owner, Portal.Operator o Portal.Viewer) en el inquilino del editor. El primer propietario se define con ADMIN_OWNERS (consulte el README).",
  },
  errors: {
    notFoundTitle: "Página no encontrada",
    notFoundText: "No hay nada en esta dirección. Compruebe el vínculo o vuelva a empezar desde la página principal.",
    genericTitle: "Algo salió mal",
    genericText:
      "No pudimos mostrar esta página. Vuelva a intentarlo; si sigue ocurriendo, póngase en contacto con el soporte del editor e indique la referencia siguiente.",
    reference: "Referencia",
    retry: "Reintentar",
    home: "Ir a la página principal",
  },
  account: accountEs,
};
