// The one typed registry of messages. Each room of the house (the platform and every feature)
// keeps its own catalogue (`messages.ts`: `vi` first, `en` with exactly the same keys) and
// registers it when that module loads; the catalogue also widens `Messages` by declaration
// merging, so `MessageKey` is the union of every catalogue's keys at compile time and a key that
// no catalogue defines fails the typecheck. The platform imports no feature to know their keys.

/** Every message key, by declaration merging from each catalogue (`declare module …registry.ts`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Messages {}

export type MessageKey = keyof Messages & string;
export type Locale = 'vi' | 'en';

const dictionaries: Record<Locale, Map<string, string>> = { vi: new Map(), en: new Map() };

/**
 * Adds one catalogue: `vi` and `en` with the same keys (the type of `en` says so). A key already
 * registered by another catalogue is a programming error and throws at start-up.
 */
export function registerMessages(vi: Readonly<Record<string, string>>, en: Readonly<Record<string, string>>): void {
  for (const [key, text] of Object.entries(vi)) {
    const seen = dictionaries.vi.get(key);
    if (seen !== undefined && seen !== text) throw new Error(`message key registered twice: ${key}`);
    dictionaries.vi.set(key, text);
    dictionaries.en.set(key, en[key] ?? text);
  }
}

/** The text of a key in a locale (Vietnamese when the locale lacks it), or undefined for an unknown key. */
export function lookupMessage(locale: Locale, key: string): string | undefined {
  return dictionaries[locale].get(key) ?? dictionaries.vi.get(key);
}

/** Every registered key with its two texts, for the catalogue tests. */
export function registeredMessages(): { key: string; vi: string; en: string }[] {
  return [...dictionaries.vi].map(([key, vi]) => ({ key, vi, en: dictionaries.en.get(key) ?? '' }));
}
