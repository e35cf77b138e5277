/** The admin list pages the bench measures (query strings of /admin/subscriptions), shared with the EXPLAIN helper. */
export type Scenario = { name: string; params: string; why: string };

export const BENCH_SCENARIOS: Scenario[] = [
  { name: "list: plain", params: "", why: "first page, newest purchases first" },
  { name: "list: search", params: "q=okafor", why: "a surname in ~4% of e-mails (trigram index)" },
  { name: "list: search, rare", params: "q=northwind17.example", why: "one customer's domain (~12 rows)" },
  {
    name: "list: filtered + sorted",
    params: "status=Subscribed&plan=fabrikam-cloud/pro-seats&test=no&csp=no&sort=seats&dir=desc",
    why: "status, offer+plan, test and CSP filters, by seats",
  },
];

/** Harder shapes, checked with the EXPLAIN helper: filters correlated with the sort, rare flags. */
export const EXTRA_SCENARIOS: Scenario[] = [
  {
    name: "pending, oldest first",
    params: "activation=pending&sort=purchased&dir=asc",
    why: "pending purchases are young: the far end of the order",
  },
  { name: "tests by name", params: "test=yes&sort=name", why: "2% of rows" },
  { name: "status sort", params: "sort=status", why: "enum order" },
  { name: "seats ascending", params: "sort=seats&dir=asc", why: "nullable sort key" },
  { name: "csp, search", params: "csp=yes&q=reseller", why: "CSP purchasers" },
];
