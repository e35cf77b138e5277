// Synthetic customers for bulk seeding: deterministic pseudo-random numbers, and buyers spread over
// many customer tenants (plus a few CSP partners), so that 100 000 subscriptions look like a living offer.
import { guidFromName } from "../core/ids";
import type { Identity } from "../core/state";

export type Random = {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  /** A GUID from the generator (ids stay reproducible for a given seed). */
  guid(): string;
};

/** mulberry32: fast, good enough for test data, and reproducible for a given seed. */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (): string =>
    Math.floor(next() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, "0");
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    guid() {
      const h = hex() + hex() + hex() + hex();
      // Version 4 / RFC 4122 variant bits, like randomUUID().
      const variant = ((parseInt(h[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}

const FIRST = [
  "alex",
  "bea",
  "chen",
  "dario",
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
  "wen",
  "yara",
  "zoe",
];
const LAST = [
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
  "rossi",
  "schmidt",
  "tanaka",
  "weber",
  "xu",
  "yilmaz",
];
const COMPANY = [
  "Adatum",
  "Tailspin",
  "Wingtip",
  "Litware",
  "Proseware",
  "Fourth Coffee",
  "Woodgrove",
  "Lucerne",
  "Humongous",
  "Alpine Ski",
  "Blue Yonder",
  "Coho Winery",
  "Relecloud",
  "Trey Research",
  "Wide World",
];
const PARTNER = [
  "Northwind Traders",
  "Margie's Travel",
  "Graphic Design Institute",
  "Fabrikam Partners",
  "School of Fine Art",
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

export type Buyer = { identity: Identity; tenantName: string; personaId?: string };

type Org = { name: string; domain: string; tenantId: string };

function org(base: string, n: number): Org {
  const name = `${base} ${n}`;
  const domain = `${base.toLowerCase().replace(/[^a-z]/g, "")}${n}.example`;
  return { name, domain, tenantId: guidFromName("tenant", domain) };
}

function person(random: Random, o: Org): Identity {
  const emailId = `${random.pick(FIRST)}.${random.pick(LAST)}${random.int(1, 99)}@${o.domain}`;
  const objectId = guidFromName("user", emailId);
  return { emailId, objectId, tenantId: o.tenantId, puid: objectId.replace(/-/g, "").slice(0, 16).toUpperCase() };
}

/** About one customer tenant per 50 subscriptions (at least 20), each with a handful of buyers. */
export function syntheticCustomers(random: Random, count: number): { buyer(): Buyer; partner(): Buyer } {
  const orgs = Array.from({ length: Math.max(20, Math.ceil(count / 50)) }, (_, i) =>
    org(COMPANY[i % COMPANY.length] ?? "Contoso", Math.floor(i / COMPANY.length) + 1),
  );
  const partners = PARTNER.map((name, i) => org(name, i + 1));
  return {
    buyer() {
      const o = random.pick(orgs);
      return { identity: person(random, o), tenantName: o.name };
    },
    partner() {
      const o = random.pick(partners);
      return { identity: person(random, o), tenantName: o.name };
    },
  };
}
