// Resolves message keys through browser.i18n, so the panel follows the
// browser's UI language (_locales/en, _locales/ru). A missing key shows as
// the key itself: visible in review, never an empty label.
import browser from 'webextension-polyfill';
import type { Msg } from '../diagnosis/message';

export function t(key: string, ...subs: Array<string | number>): string {
  const s = browser.i18n.getMessage(key, subs.map(String));
  return s || key;
}

export function tm(m: Msg): string {
  return t(m.key, ...(m.subs ?? []));
}

export const uiLanguage = (): string => browser.i18n.getUILanguage();
