import { z } from 'zod';
import { en } from './en.ts';
import { vi, type MessageKey } from './vi.ts';

export type { MessageKey } from './vi.ts';
export type Locale = 'vi' | 'en';
export const LOCALES: readonly Locale[] = ['vi', 'en'];

const dictionaries: Record<Locale, Record<MessageKey, string>> = { vi, en };

export function isMessageKey(s: string): s is MessageKey {
  return Object.prototype.hasOwnProperty.call(vi, s);
}

export type Params = Record<string, string | number>;

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = dictionaries[locale][key] ?? vi[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export type T = (key: MessageKey, params?: Params) => string;

export function translator(locale: Locale): T {
  return (key, params) => translate(locale, key, params);
}

/** A message that is either a key of ours or text to show as is (already translated). */
export function resolveMessage(locale: Locale, message: string): string {
  return isMessageKey(message) ? translate(locale, message) : message;
}

/** Zod error map in our words: schemas may name a MessageKey as their error; others map here. */
export function zodErrorMap(locale: Locale): z.core.$ZodErrorMap {
  const t = translator(locale);
  return (iss) => {
    switch (iss.code) {
      case 'invalid_type':
        return iss.input === undefined || iss.input === null || iss.input === '' ? t('err.required') : t('err.type');
      case 'too_small':
        if (iss.origin === 'string') return Number(iss.minimum) <= 1 ? t('err.required') : t('err.tooShort', { n: Number(iss.minimum) });
        if (iss.origin === 'array' || iss.origin === 'set') return t('err.required');
        return t('err.tooSmall', { n: String(iss.minimum) });
      case 'too_big':
        if (iss.origin === 'string') return t('err.tooLong', { n: Number(iss.maximum) });
        return t('err.tooBig', { n: String(iss.maximum) });
      case 'invalid_format':
        return iss.format === 'email' ? t('err.email') : t('err.format');
      case 'invalid_value':
      case 'invalid_union':
        return t('err.choice');
      default:
        return t('err.badRequest');
    }
  };
}
