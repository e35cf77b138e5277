/** The Setup page (app/admin/setup): the `staff.setup` namespace. The checks' own texts come from lib/doctor. */
export const staffSetupEn = {
  title: "Setup",
  intro:
    "The setup doctor checks this deployment end to end, from this server, as <code>npm run doctor</code> does in a release pipeline.",
  checksFailed: "Checks: something needs fixing",
  checksPassed: "Checks: nothing failed",
  runAgain: "Run again",
  running: "Running the checks…",
  status: { pass: "Passed", warn: "Warning", fail: "Failed", skip: "Skipped" },
  whatToDo: "What to do: ",
  partnerCenterTitle: "Partner Center: technical configuration",
  partnerCenterText:
    "Paste these into Partner Center → your SaaS offer → Technical configuration, then publish the offer (preview is enough).",
  copy: "Copy",
  copied: "Copied",
  copyRefused: "Copy refused by the browser: select the value and copy it by hand",
};
