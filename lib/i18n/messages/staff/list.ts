/** The admin lists' shared strings (`staff.list`): pager, filters, sort hints and status pills. */
export const staffListEn = {
  pages: "Pages",
  firstPage: "First page",
  previous: "← Previous",
  next: "Next →",
  sortHint: ", sort {hint}",
  apply: "Apply",
  reset: "Reset",
  pendingActivation: "Pending activation",
};
