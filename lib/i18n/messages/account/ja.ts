import type { MessageShape } from "../en";

/** Japanese "Your subscription": ライセンス、プラン、サブスクリプション、取り消し, as in the Microsoft 365 管理センター. */
export const accountJa: MessageShape["account"] = {
  listTitle: "ご利用のサブスクリプション",
  listIntro:
    "Microsoft を通じてあなたまたは組織のために購入されたサブスクリプション、またはあなたが他の人のために購入したサブスクリプションです。開くと詳細を確認でき、発行元が許可している場合は変更や取り消しができます。",
  listEmpty:
    "サインイン中のアカウント ({account}) のサブスクリプションは見つかりませんでした。購入に使用したアカウントでサインインするか、Azure portal または Microsoft 365 管理センターからサブスクリプションを開いてください。",
  manage: "{name} を開く",
  doneLink: "サブスクリプションの確認と管理",
  backToList: "すべてのサブスクリプション",
  breadcrumb: "階層リンク",
  detailsTitle: "詳細",
  fields: {
    status: "状態",
    plan: "プラン",
    seats: "ライセンス数",
    seatCount: "{count, plural, other {# ライセンス}}",
    term: "現在の期間",
    termDates: "{start} – {end}",
    billingTerm: "請求期間",
    autoRenew: "自動更新",
    yes: "はい",
    no: "いいえ",
    boughtBy: "購入者",
    boughtFor: "利用者",
    notPerSeat: "ライセンス単位の販売ではありません",
  },
  status: {
    PendingFulfillmentStart: "確認待ち",
    Subscribed: "アクティブ",
    Suspended: "一時停止 (支払いの問題)",
    Unsubscribed: "取り消し済み",
  },
  terms: {
    P1M: "毎月",
    P1Y: "毎年",
    P2Y: "2 年ごと",
    P3Y: "3 年ごと",
    P4Y: "4 年ごと",
    P5Y: "5 年ごと",
  },
  actionsTitle: "サブスクリプションの変更",
  actionsOff:
    "プランやライセンス数の変更、または取り消しは、購入した Azure portal または Microsoft 365 管理センターで行ってください。",
  readOnly: {
    "not-beneficiary":
      "このサブスクリプションを変更できるのは、購入先の組織のユーザーだけです。あなたの組織が購入または設定したため、表示されています。",
    "not-activator":
      "ここでこのサブスクリプションを変更できるのは、アクティブ化したユーザーだけです。そのユーザーまたは管理者に依頼してください。",
    "no-admin-role":
      "ここで変更できるのは、このサービスに対する組織の管理者 (Microsoft Entra テナントのアプリ ロール Subscriptions.Manage) だけです。管理者に依頼してください。",
  },
  partnerManaged:
    "このサブスクリプションは Microsoft パートナー (CSP) を通じて購入されました。プラン、ライセンス、取り消しはパートナーが管理します。パートナーにお問い合わせください。",
  notActive: "変更できるのはアクティブなサブスクリプションだけです。",
  unavailable: "現在 Microsoft に接続できないため、変更できる内容を表示できません。数分後にもう一度お試しください。",
  inProgress: "このサブスクリプションの変更は Microsoft でまだ処理中です。完了するまでお待ちください。",
  seats: {
    title: "ライセンス数の変更",
    label: "ライセンス数 (このプランでは {min, number}–{max, number})",
    review: "ライセンス数の変更を確認",
    confirmTitle: "ライセンス数の変更の確定",
    confirmText:
      "{from, plural, other {# ライセンス}}から{to, plural, other {# ライセンス}}に変更しますか? Microsoft が現在の期間の請求を調整します。",
    outOfRange:
      "{min, number} から {max, number} の間で選択してください。それより多い場合は、先にプランを変更してください。",
    same: "すでにそのライセンス数です。",
  },
  plan: {
    title: "プランの変更",
    label: "新しいプラン",
    option: "{name} ({price})",
    needsSeats: "{option}: {min, number}–{max, number} ライセンスが必要です。先にライセンス数を変更してください",
    needsSeatsMin: "{option}: {min, number} ライセンス以上が必要です。先にライセンス数を変更してください",
    perSeat: "1 ライセンスあたり {price} / {term}",
    flat: "{price} / {term}",
    review: "プランの変更を確認",
    confirmTitle: "プランの変更の確定",
    confirmText: "{from} から {to} に変更しますか? 価格は Microsoft が示すお客様の通貨での価格です。",
    none: "このサブスクリプションで利用できる他のプランはありません。",
    noneFits: "他のプランでは別のライセンス数が必要です。先にライセンス数を変更してください:",
  },
  cancel: {
    title: "サブスクリプションの取り消し",
    freeUntil: "購入後 72 時間以内の取り消しは無料です。{until} までは、このサブスクリプションの料金は請求されません。",
    billedSince:
      "購入後 72 時間は {until} に終了しました。現在の期間の料金が請求され、Microsoft が取り消した時点でアクセスできなくなります。",
    billed:
      "購入後 72 時間が経過しました。現在の期間の料金が請求され、Microsoft が取り消した時点でアクセスできなくなります。",
    review: "取り消しを確認",
    confirmTitle: "取り消しの確定",
    confirmText:
      "{name} を取り消しますか? Microsoft がサブスクリプションを終了します。再アクティブ化はできず、再び利用するには新しい購入が必要です。",
    confirmFree: "購入後 72 時間以内のため、取り消しの料金は請求されません。",
    confirmBilled: "購入後 72 時間を過ぎているため、現在の期間の料金が請求されます。",
  },
  confirm: "確定",
  back: "戻る",
  sending: "Microsoft に送信しています…",
  progress: {
    ChangeQuantity: "ライセンス数の変更",
    ChangePlan: "プランの変更",
    Unsubscribe: "取り消し",
    waiting: "{action}: Microsoft の処理を待っています…",
    Succeeded: "{action}: 完了しました。",
    Failed: "{action}: Microsoft で変更できませんでした。サブスクリプションは変更されていません。",
    Conflict: "{action}: すでにその状態のため、変更はありません。",
    checkFailed: "進行状況を確認できませんでした。再試行しています…",
    appliedAlready: "Microsoft ではすでに変更が反映されています。",
  },
  errors: {
    signedOut: "セッションが終了しました。もう一度サインインしてください。",
    notFound: "お使いのアカウントでこのサブスクリプションが見つかりませんでした。",
    forbidden: "このサブスクリプションは変更できません。",
    invalid: "入力した値を確認してください。",
    failed:
      "変更を要求できませんでした。ページを再読み込みしてサブスクリプションの現在の状態を確認してから、もう一度お試しください。",
  },
};
