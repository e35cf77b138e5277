import type { MessageShape } from "../en";

/** Spanish "Your subscription": licencias, plan, suscripción, cancelar, as in the Centro de administración de Microsoft 365. */
export const accountEs: MessageShape["account"] = {
  listTitle: "Sus suscripciones",
  listIntro:
    "Suscripciones compradas a través de Microsoft para usted o su organización, o compradas por usted para otra persona. Abra una para ver sus detalles y, si el editor lo permite, cambiarla o cancelarla.",
  listEmpty:
    "No encontramos ninguna suscripción para la cuenta con la que ha iniciado sesión ({account}). Inicie sesión con la cuenta con la que compró, o abra la suscripción desde Azure Portal o el Centro de administración de Microsoft 365.",
  manage: "Abrir {name}",
  doneLink: "Ver y administrar su suscripción",
  backToList: "Todas sus suscripciones",
  breadcrumb: "Ruta de navegación",
  detailsTitle: "Detalles",
  fields: {
    status: "Estado",
    plan: "Plan",
    seats: "Licencias",
    seatCount: "{count, plural, one {# licencia} other {# licencias}}",
    term: "Período actual",
    termDates: "{start} – {end}",
    billingTerm: "Período de facturación",
    autoRenew: "Renovación automática",
    yes: "Sí",
    no: "No",
    boughtBy: "Comprada por",
    boughtFor: "Comprada para",
    notPerSeat: "No se vende por licencia",
  },
  status: {
    PendingFulfillmentStart: "Pendiente de confirmación",
    Subscribed: "Activa",
    Suspended: "Suspendida (problema de pago)",
    Unsubscribed: "Cancelada",
  },
  terms: {
    P1M: "Mensual",
    P1Y: "Anual",
    P2Y: "Cada 2 años",
    P3Y: "Cada 3 años",
    P4Y: "Cada 4 años",
    P5Y: "Cada 5 años",
  },
  actionsTitle: "Cambiar su suscripción",
  actionsOff:
    "Para cambiar el plan o el número de licencias, o para cancelar, use Azure Portal o el Centro de administración de Microsoft 365, donde la compró.",
  readOnly: {
    "not-beneficiary":
      "Solo las personas de la organización para la que se compró esta suscripción pueden cambiarla. Usted la ve porque su organización la compró o la configuró.",
    "not-activator":
      "Solo la persona que activó esta suscripción puede cambiarla aquí. Pídaselo a ella o a su administrador.",
    "no-admin-role":
      "Solo los administradores de su organización para este servicio (rol de aplicación Subscriptions.Manage en su inquilino de Microsoft Entra) pueden cambiarla aquí. Pídaselo a su administrador.",
  },
  partnerManaged:
    "Esta suscripción se compró a través de un asociado de Microsoft (CSP). Su asociado administra el plan, las licencias y la cancelación: póngase en contacto con él.",
  notActive: "Solo se puede cambiar una suscripción activa.",
  unavailable:
    "No podemos comunicarnos con Microsoft en este momento para mostrar lo que puede cambiar. Vuelva a intentarlo en unos minutos.",
  inProgress: "Un cambio de esta suscripción sigue en curso en Microsoft. Espere a que termine.",
  seats: {
    title: "Cambiar el número de licencias",
    label: "Licencias (este plan permite {min, number}–{max, number})",
    review: "Revisar el cambio de licencias",
    confirmTitle: "Confirmar el cambio de licencias",
    confirmText:
      "¿Cambiar de {from, plural, one {# licencia} other {# licencias}} a {to, plural, one {# licencia} other {# licencias}}? Microsoft ajusta su factura del período actual.",
    outOfRange: "Elija entre {min, number} y {max, number} licencias. Para más, cambie primero el plan.",
    same: "Ese ya es su número de licencias.",
  },
  plan: {
    title: "Cambiar el plan",
    label: "Nuevo plan",
    option: "{name} ({price})",
    needsSeats: "{option}: requiere {min, number}–{max, number} licencias, cambie primero las licencias",
    needsSeatsMin: "{option}: requiere al menos {min, number} licencias, cambie primero las licencias",
    perSeat: "{price} por licencia / {term}",
    flat: "{price} / {term}",
    review: "Revisar el cambio de plan",
    confirmTitle: "Confirmar el cambio de plan",
    confirmText: "¿Cambiar de {from} a {to}? Los precios son los de Microsoft, en su moneda.",
    none: "No hay ningún otro plan disponible para esta suscripción.",
    noneFits: "Los otros planes requieren otro número de licencias. Cambie primero las licencias:",
  },
  cancel: {
    title: "Cancelar la suscripción",
    freeUntil:
      "Cancelar dentro de las 72 horas posteriores a la compra es gratuito: hasta el {until}, no se le factura esta suscripción.",
    billedSince:
      "Las primeras 72 horas después de la compra terminaron el {until}: se le factura el período actual y pierde el acceso en cuanto Microsoft cancele la suscripción.",
    billed:
      "Ya pasaron las primeras 72 horas después de la compra: se le factura el período actual y pierde el acceso en cuanto Microsoft cancele la suscripción.",
    review: "Revisar la cancelación",
    confirmTitle: "Confirmar la cancelación",
    confirmText:
      "¿Cancelar {name}? Microsoft finaliza la suscripción; no se puede reactivar y se necesita una nueva compra para volver a usar el servicio.",
    confirmFree: "Está dentro de las primeras 72 horas: la cancelación no se factura.",
    confirmBilled: "Ya pasaron las primeras 72 horas: se factura el período actual.",
  },
  confirm: "Confirmar",
  back: "Atrás",
  sending: "Enviando a Microsoft…",
  progress: {
    ChangeQuantity: "Cambio de licencias",
    ChangePlan: "Cambio de plan",
    Unsubscribe: "Cancelación",
    waiting: "{action}: esperando a Microsoft…",
    Succeeded: "{action}: listo.",
    Failed: "{action}: Microsoft no pudo realizar el cambio. Su suscripción no ha cambiado.",
    Conflict: "{action}: no hay nada que cambiar, ya estaba así.",
    checkFailed: "No pudimos comprobar el progreso; volviendo a intentarlo…",
    appliedAlready: "Microsoft ya muestra el cambio.",
  },
  errors: {
    signedOut: "Su sesión ha finalizado. Vuelva a iniciar sesión.",
    notFound: "No encontramos esta suscripción para su cuenta.",
    forbidden: "No puede cambiar esta suscripción.",
    invalid: "Compruebe el valor que escribió.",
    failed:
      "No se pudo solicitar el cambio. Vuelva a cargar la página para ver su suscripción tal como está ahora antes de intentarlo de nuevo.",
  },
};
