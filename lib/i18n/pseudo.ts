/**
 * Pseudo-localisation: English with every letter accented and ~30 % padding, so a tester sees at once which
 * text is not in the message files (it stays plain) and which layout breaks when a translation is longer.
 * ICU syntax is kept intact: argument names, plural/select keywords and `#` are not touched, only the text.
 */
const ACCENTED: Record<string, string> = Object.fromEntries(
  [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"].map((letter, i) => [
    letter,
    [..."ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ"][i]!,
  ]),
);

/** Characters only the pseudo-locale produces: a text node with one of them came from a message file. */
export const PSEUDO_CHARACTERS = new Set(Object.values(ACCENTED));

const accent = (text: string) => [...text].map((c) => ACCENTED[c] ?? c).join("");
// Translations run up to a third longer than English (German, French): pad by 30 % of the message's length.
const padding = (message: string) => (message ? ` ${"·".repeat(Math.ceil(message.length * 0.3))}` : "");

/** Index of the `}` that closes the `{` at `open`. */
function closingBrace(message: string, open: number): number {
  let depth = 0;
  for (let i = open; i < message.length; i++) {
    if (message[i] === "{") depth++;
    else if (message[i] === "}" && --depth === 0) return i;
  }
  throw new Error(`Unbalanced braces in message: ${message}`);
}

/** `{count, plural, one {# seat} other {# seats}}`: the branches are messages of their own; other arguments stay. */
function pseudoArgument(argument: string): string {
  const match = /^\{\s*(\w+)\s*,\s*(plural|select|selectordinal)\s*,/.exec(argument);
  if (!match) return argument;
  let out = match[0];
  let i = match[0].length;
  const body = argument.slice(0, -1);
  while (i < body.length) {
    const open = body.indexOf("{", i);
    if (open === -1) break;
    out += body.slice(i, open);
    const close = closingBrace(body, open);
    out += `{${pseudoText(body.slice(open + 1, close))}}`;
    i = close + 1;
  }
  return `${out}${body.slice(i)}}`;
}

/** Accents the literal text of a message (`#` in a plural branch is not a letter and stays). */
function pseudoText(message: string): string {
  let out = "";
  for (let i = 0; i < message.length; i++) {
    if (message[i] === "{") {
      const close = closingBrace(message, i);
      out += pseudoArgument(message.slice(i, close + 1));
      i = close;
    } else out += accent(message[i]!);
  }
  return out;
}

/** One message in the pseudo-locale: accented, padded, wrapped in [ ] so truncation shows. */
export function pseudoLocalize(message: string): string {
  return `[${pseudoText(message)}${padding(message)}]`;
}

type Tree = { readonly [key: string]: string | Tree };

/** The whole message tree in the pseudo-locale (same shape as en). */
export function pseudoMessages<T extends Tree>(messages: T): T {
  return Object.fromEntries(
    Object.entries(messages).map(([key, value]) => [
      key,
      typeof value === "string" ? pseudoLocalize(value) : pseudoMessages(value),
    ]),
  ) as T;
}
