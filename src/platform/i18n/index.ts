import { z } from 'zod';
import { lookupMessage, type Locale, type MessageKey } from './registry.ts';
import './messages.ts';

export type { Locale, MessageKey } from './registry.ts';
export const LOCALES: readonly Locale[] = ['vi', 'en'];

/** Whether a string is a registered message key (a catalogue has been loaded that defines it). */
export function isMessageKey(s: string): s is MessageKey {
  return lookupMessage('vi', s) !== undefined;
}

export type Params = Record<string, string | number>;

/** The text of `key` in `locale`, with `{name}` placeholders filled from `params`; an unregistered key shows as itself. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = lookupMessage(locale, key) ?? key;
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
