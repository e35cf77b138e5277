/**
 * The reconciliation page's strings (`staff.reconciliation`). Counts arrive formatted (English digits), since
 * next-intl would format numbers in the buyer's locale. `panel`: the live run panel, a client component.
 */
export const staffReconciliationEn = {
  title: "Reconciliation",
  intro:
    "Compares every subscription Microsoft lists (all statuses, cancelled ones included) with the portal's copy and stores Microsoft's view where they differ: a webhook that never arrived, a change made while the portal was down. Every repair is in the subscription's audit trail, by “System (reconciliation)”. One run at a time, even with several portal instances.",
  scheduled: "Runs on its own every {minutes} minutes (RECONCILE_INTERVAL_MINUTES).",
  scheduleOff: "Scheduled runs are off (RECONCILE_INTERVAL_MINUTES=0): it runs only when an owner starts it.",
  ownersCanRun: " Owners can also start a run here.",
  recentRuns: "Recent runs",
  runsCaption: "Recent reconciliation runs, newest first",
  columns: {
    started: "Started",
    trigger: "Trigger",
    status: "Status",
    duration: "Duration",
    pages: "Pages",
    checked: "Checked",
    created: "Created",
    repaired: "Repaired",
    problem: "Problem",
  },
  seconds: "{n} s",
  noRuns: "No runs yet.",
  repairsTitle: "What was repaired",
  // `shown` is "all" when every repair of the run is listed.
  runSummary:
    "Run of {when}: {repaired} repaired, {created} new to the portal{shown, select, all {} other { (the latest {shown} shown)}}. Each links to the subscription and its timeline.",
  repairsLabel: "Repairs",
  newToPortal: "new to the portal",
  repairedFields: "repaired: {fields}",
  nothingChanged: "No run has changed anything yet.",
  panel: {
    checkFailed: "Could not check the progress; retrying…",
    runningNow: "Running now",
    latestRun: "Latest run",
    starting: "Starting…",
    runNow: "Run now",
    started: "started {when}",
    finished: "finished {when}",
    stats: { pages: "Pages", checked: "Checked", created: "Created", repaired: "Repaired" },
    reading: "Reading Microsoft's subscriptions 100 per page (Microsoft does not say how many there are).",
    stale: "The portal instance running it stopped responding (last heartbeat {when}). The next run takes it over.",
    noneYet: "No reconciliation has run yet.",
  },
};
