// Diagnosis code never holds human text: it returns message keys and their
// substitutions, and the panel resolves them through browser.i18n. That keeps
// src/diagnosis free of browser APIs and lets English and Russian share logic.

/** A localisable message: a key in extension/_locales/<lang>/*.json and up to 9 substitutions. */
export interface Msg {
  key: string;
  subs?: string[];
}

export function msg(key: string, ...subs: Array<string | number>): Msg {
  return subs.length ? { key, subs: subs.map(String) } : { key };
}
