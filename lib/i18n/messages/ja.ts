import { accountJa } from "./account/ja";
import type { MessageShape } from "./en";

/** Japanese. Microsoft's own terms: Azure portal、Microsoft 365 管理センター、「アカウントの構成」、SaaS サブスクリプション. */
export const ja: MessageShape = {
  app: {
    name: "Marketplace ポータル",
    description: "Microsoft コマーシャル マーケットプレースで購入したサブスクリプションを設定、管理します。",
    skipToContent: "コンテンツにスキップ",
  },
  nav: { label: "メイン", buyers: "ご利用のサブスクリプション", admin: "管理" },
  language: { label: "言語", change: "言語を変更" },
  pages: {
    landing: "サブスクリプションの設定",
    done: "サブスクリプションは有効です",
    settingUp: "アカウントを設定しています",
    invalidLink: "このリンクは無効です",
    signin: "サインイン",
  },
  terms: {
    P1M: "月",
    P1Y: "年",
    P2Y: "2 年",
    P3Y: "3 年",
    P4Y: "4 年",
    P5Y: "5 年",
  },
  footer: {
    text: "サブスクリプションの購入と請求は Microsoft コマーシャル マーケットプレースを通じて行われます。",
    status: "サービスの状態",
  },
  home: {
    title: "サブスクリプションの設定",
    intro: "このページには、当社のサービスを購入または管理するときに Microsoft から移動します。",
    howTo:
      "Azure portal または Microsoft 365 管理センターを開き、SaaS サブスクリプションを見つけて、「アカウントの構成」(または「アカウントの管理」) を選択してください。必要な情報とともに Microsoft からこのページに戻ります。",
    staff: "発行元のスタッフ: 管理ダッシュボードを開く",
    localTitle: "ローカル モード",
    localText:
      "Microsoft の役割はローカル シミュレーターが担っています。シミュレーターのマーケットプレースでプランを購入すると、購入者としてここに戻ります。",
    localLink: "シミュレーターのマーケットプレースを開く",
  },
  signin: {
    title: "サインイン",
    intro:
      "サブスクリプションの購入に使用した Microsoft アカウント (職場または学校アカウント、または個人用 Microsoft アカウント) でサインインしてください。",
    button: "Microsoft でサインイン",
    signedInAs: "サインイン中のユーザー:",
    signOut: "サインアウト",
    failed: {
      OAuthCallback:
        "Microsoft でサインインを確認できませんでした。もう一度お試しください。失敗が続く場合は、先にこのブラウザーで他の Microsoft アカウントからサインアウトしてください。",
      OAuthSignin: "Microsoft のサインインに接続できませんでした。しばらくしてからもう一度お試しください。",
      AccessDenied: "サインインが取り消されたか、拒否されました。",
      SessionRequired: "続行するにはサインインしてください。",
      default: "サインインできませんでした。もう一度お試しください。",
    },
  },
  landing: {
    signInTitle: "サインインしてサブスクリプションを設定する",
    signInText:
      "Microsoft を通じてサブスクリプションを購入しました。購入に使用した Microsoft アカウントでサインインすると、確認用の詳細が表示されます。",
    confirmTitle: "サブスクリプションの確認",
    confirmIntro:
      "Microsoft から送信された詳細を確認してください。確認すると、サブスクリプションが開始され、Microsoft による請求が始まります。",
    details: "サブスクリプションの詳細",
    subscriptionName: "サブスクリプション",
    offer: "オファー",
    plan: "プラン",
    price: "価格",
    pricePerSeat: "1 ライセンスあたり {price} / {term}",
    priceFlat: "{price} / {term}",
    seats: "ライセンス数",
    seatCount: "{count, plural, other {# ライセンス}}",
    term: "請求期間",
    termDates: "現在の期間",
    autoRenew: "自動更新",
    yes: "はい",
    no: "いいえ",
    purchaser: "購入者",
    beneficiary: "利用者",
    purchaserHelp: "注文した人 (お客様に代わってパートナーまたは再販業者が購入した場合はその事業者)。",
    beneficiaryHelp: "サブスクリプションを使用する組織または個人。",
    meters: "従量課金",
    markersLabel: "この購入について",
    markers: { test: "テスト購入", freeTrial: "無料試用版", csp: "パートナー経由で購入" },
    yourDetails: "お客様の情報",
    fields: { companyName: "会社名または組織名", contactEmail: "連絡先メール アドレス" },
    fieldErrors: {
      required: "このフィールドに入力してください。",
      tooLong: "{max, number} 文字以内で入力してください。",
      email: "name@example.com のような形式でメール アドレスを入力してください。",
      phone: "数字、スペース、+ ( ) - . を使用して電話番号を入力してください。",
    },
    optional: "省略可能",
    confirm: "確認してサブスクリプションを開始する",
    confirming: "Microsoft に確認しています…",
    activeTitle: "サブスクリプションは有効です",
    activeHere: "準備が整いました。サブスクリプションは有効になり、Microsoft による請求が始まりました。",
    activeAuto: "このサブスクリプションは購入時に自動的にアクティブ化されたため、確認は不要です。",
    openApp: "アプリを開く",
    noApp: "次の手順については、発行元からご連絡します。",
    manageHint:
      "プランやライセンス数の変更、または取り消しは、購入した Azure portal または Microsoft 365 管理センターで行ってください。",
    suspendedTitle: "サブスクリプションは一時停止されています",
    suspendedText:
      "Microsoft はこのサブスクリプションの支払いを回収できませんでした。Azure portal または Microsoft 365 管理センターで支払い方法を更新してください。支払いが完了すると、サブスクリプションはすぐに復元されます。未払いのサブスクリプションは 30 日後に取り消されます。",
    cancelledTitle: "このサブスクリプションは取り消されました",
    cancelledText:
      "今後は使用することも再アクティブ化することもできません。サービスを再度使用するには、Microsoft マーケットプレースで新しいサブスクリプションを購入してください。",
    notReadyTitle: "Microsoft はこの購入をまだ準備中です",
    notReadyText: "数分後に Azure portal または Microsoft 365 管理センターからもう一度お試しください。",
    invalidTokenTitle: "この購入を特定できませんでした",
    invalidTokenText:
      "Azure portal または Microsoft 365 管理センターでこの SaaS サブスクリプションをもう一度開き、「アカウントの構成」または「アカウントの管理」を再度選択してください。",
    invalidTokenHint: "Microsoft から提供されるリンクの有効期間は 24 時間で、送信されたとおりの形でのみ機能します。",
    unavailableTitle: "現在 Microsoft から応答がありません",
    unavailableText:
      "購入情報を照会するための Microsoft のマーケットプレース サービスに接続できませんでした。変更は行われていません。数分後にもう一度お試しください。",
    retry: "再試行",
    portalProblemTitle: "現在、サブスクリプションを設定できません",
    portalProblemText:
      "問題はお客様ではなく当社側にあります。担当チームに通知されました。後でもう一度お試しいただくか、下記の参照番号を添えてサポートにお問い合わせください。",
    reference: "参照番号",
    busy: "サブスクリプションは別のウィンドウまたはタブで確認中です。しばらく待ってから、このページを再読み込みしてください。",
    doneTitle: "ようこそ",
    settingUpTitle: "アカウントを設定しています",
    settingUpText:
      "ご確認ありがとうございます。発行元がアカウントを準備しています。準備が完了して初めて、サブスクリプションが開始され、Microsoft による請求が始まります。",
    settingUpActivating: "アカウントの準備ができました。Microsoft でサブスクリプションを開始しています。",
    settingUpLive: "このページは自動的に更新されます。閉じて、後で同じリンクから戻ることもできます。",
    settingUpFailedTitle: "発行元はアカウントの設定を完了できませんでした",
    settingUpFailedText:
      "発行元には通知済みで、追ってご連絡します。アカウントの準備が整うまで請求は発生しません。準備が整うと、このページは自動的に更新されます。",
    settingUpFailedReason: "発行元からのメッセージ",
    settingUpCancelled: "この購入は、アカウントの準備が整う前に取り消されました。請求は発生しません。",
    settingUpChecked: "最終確認: {time}",
    signedOut: "セッションが終了しました。確認するにはもう一度サインインしてください。",
    invalidPurchaseTitle: "この購入リンクは無効です",
    invalidPurchaseText:
      "この購入に関する Microsoft の応答が不完全なため、設定できません。設定は行われておらず、請求も発生しません。",
    invalidPurchaseHint:
      "Azure portal または Microsoft 365 管理センターでこの SaaS サブスクリプションをもう一度開き、「アカウントの構成」を再度選択してください。問題が続く場合は、下記の参照番号を添えてお問い合わせください。",
    rateLimitedTitle: "確認した購入リンクが多すぎます",
    rateLimitedText:
      "お客様のアカウントで短時間に多数の購入リンクが開かれたため、Microsoft での確認をしばらく停止しています。",
    rateLimitedWait: "{minutes, plural, other {# 分待ってから、もう一度お試しください。}}",
    outsideTitle: "この購入は別の組織のものです",
    outsideText:
      "サインインしているアカウントは、このサブスクリプションを購入した組織にも、利用する組織にも属していません。設定できるのはそれらの組織のみです。",
    outsideHow:
      "その組織のアカウントでサインインしてください (個人用 Microsoft アカウントは、そのアカウントで購入した本人のみが使用できます)。代理で設定する場合は、先方に確認を依頼するか、当社にお問い合わせください。",
    switchAccount: "別のアカウントでサインイン",
    outsideWarnTitle: "このサブスクリプションを購入した組織に所属していません",
    outsideWarnText:
      "お客様のアカウントは、このサブスクリプションを購入した組織にも、利用する組織にも属していません。先方から代理での設定を依頼された場合にのみ確認してください。確認した人は記録され、購入の関係者以外が確認したことが発行元に表示されます。",
    invalidLinkTitle: "このリンクは無効です",
    invalidLinkText:
      "開いたアドレスには同じ部分が複数回含まれているため、どの購入またはサブスクリプションを指しているのか判断できません。変更は行われていません。",
    invalidLinkHint:
      "Microsoft からのリンクをもう一度開いてください。Azure portal または Microsoft 365 管理センターで SaaS サブスクリプションを見つけ、「アカウントの構成」(または「アカウントの管理」) を選択します。",
  },
  admin: {
    forbiddenTitle: "管理ダッシュボードへのアクセス権がありません",
    forbiddenText: "サインインしていますが、アカウントにポータルのロール (所有者、オペレーター、閲覧者) がありません。",
    forbiddenHow:
      "所有者にロールの付与を依頼するか、Entra 管理者に発行元のテナントでアプリ ロール (Portal.Owner、Portal.Operator、Portal.Viewer) の割り当てを依頼してください。最初の所有者は ADMIN_OWNERS で設定します (README を参照)。",
  },
  errors: {
    notFoundTitle: "ページが見つかりません",
    notFoundText: "このアドレスには何もありません。リンクを確認するか、ホーム ページからやり直してください。",
    genericTitle: "問題が発生しました",
    genericText:
      "このページを表示できませんでした。もう一度お試しください。問題が続く場合は、下記の参照番号を添えて発行元のサポートにお問い合わせください。",
    reference: "参照番号",
    retry: "再試行",
    home: "ホーム ページに移動",
  },
  account: accountJa,
};
