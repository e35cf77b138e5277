/**
 * The population the benchmarks seed: the plans (as Microsoft would list them) and the names, companies,
 * workloads and statuses that subscriptions are drawn from, in realistic proportions.
 */

export type PlanDef = {
  offerId: string;
  planId: string;
  displayName: string;
  perSeat: boolean;
  min?: number;
  max?: number;
  weight: number;
  terms: { termUnit: string; price: number; currency: string }[];
};

/** The catalogue (plan ids unique per offer only: both offers have `basic`; one offer is priced in EUR). */
export const BENCH_PLANS: PlanDef[] = [
  {
    offerId: "fabrikam-cloud",
    planId: "basic",
    displayName: "Basic",
    perSeat: false,
    weight: 22,
    terms: [{ termUnit: "P1M", price: 49, currency: "USD" }],
  },
  {
    offerId: "fabrikam-cloud",
    planId: "metered",
    displayName: "Standard (metered)",
    perSeat: false,
    weight: 8,
    terms: [{ termUnit: "P1M", price: 99, currency: "USD" }],
  },
  {
    offerId: "fabrikam-cloud",
    planId: "pro-seats",
    displayName: "Professional (per user)",
    perSeat: true,
    min: 5,
    max: 500,
    weight: 25,
    terms: [
      { termUnit: "P1M", price: 12, currency: "USD" },
      { termUnit: "P1Y", price: 120, currency: "USD" },
    ],
  },
  {
    offerId: "fabrikam-cloud",
    planId: "enterprise",
    displayName: "Enterprise (per user)",
    perSeat: true,
    min: 50,
    max: 10000,
    weight: 6,
    terms: [
      { termUnit: "P1M", price: 25, currency: "USD" },
      { termUnit: "P1Y", price: 250, currency: "USD" },
      { termUnit: "P3Y", price: 720, currency: "USD" },
    ],
  },
  {
    offerId: "fabrikam-cloud",
    planId: "trial",
    displayName: "Trial",
    perSeat: false,
    weight: 7,
    terms: [{ termUnit: "P1M", price: 29, currency: "USD" }],
  },
  {
    offerId: "fabrikam-analytics",
    planId: "basic",
    displayName: "Analytics Basic",
    perSeat: false,
    weight: 14,
    terms: [{ termUnit: "P1M", price: 79, currency: "USD" }],
  },
  {
    offerId: "fabrikam-analytics",
    planId: "team",
    displayName: "Analytics Team (per user)",
    perSeat: true,
    min: 1,
    max: 100,
    weight: 10,
    terms: [{ termUnit: "P1M", price: 15, currency: "USD" }],
  },
  {
    offerId: "fabrikam-eu",
    planId: "standard",
    displayName: "EU Standard",
    perSeat: false,
    weight: 8,
    terms: [
      { termUnit: "P1M", price: 45, currency: "EUR" },
      { termUnit: "P1Y", price: 480, currency: "EUR" },
    ],
  },
];

export const FIRST = [
  "alice",
  "ben",
  "chen",
  "dana",
  "emeka",
  "fatima",
  "giulia",
  "hiro",
  "ines",
  "jonas",
  "kofi",
  "lena",
  "mateo",
  "nadia",
  "olga",
  "priya",
  "quinn",
  "rahul",
  "sofia",
  "tomas",
  "uma",
  "viktor",
  "wen",
  "yara",
  "zoe",
];
export const LAST = [
  "anders",
  "brandt",
  "castillo",
  "dietrich",
  "evans",
  "fischer",
  "garcia",
  "haddad",
  "ivanova",
  "jensen",
  "kim",
  "lopez",
  "mensah",
  "nakamura",
  "okafor",
  "petrov",
  "quispe",
  "rossi",
  "schmidt",
  "tanaka",
  "ueda",
  "vance",
  "weber",
  "xu",
  "yilmaz",
];
export const COMPANY = [
  "contoso",
  "northwind",
  "adatum",
  "tailspin",
  "wingtip",
  "litware",
  "proseware",
  "fourthcoffee",
  "woodgrove",
  "lucerne",
  "humongous",
  "margie",
  "alpine",
  "blueyonder",
  "coho",
  "fineart",
  "graphic",
  "relecloud",
  "trey",
  "wideworld",
];
export const WORKLOAD = [
  "Production",
  "Staging",
  "HR",
  "Finance",
  "Sales",
  "Engineering",
  "Marketing",
  "EMEA",
  "Americas",
  "APAC",
  "Pilot",
  "Research",
];
export const STATUSES: [string, number][] = [
  ["Subscribed", 62],
  ["Unsubscribed", 21],
  ["Suspended", 4],
  ["PendingFulfillmentStart", 13],
];
