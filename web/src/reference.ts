// Labels from GET /api/reference (rights, categories, exceptions), shared by every page.
import { createContext, useContext } from 'react';
import type { Reference } from './api.ts';
import type { Lang } from './i18n.ts';

export const ReferenceContext = createContext<Reference | undefined>(undefined);
export const useReference = () => useContext(ReferenceContext);

export function rightLabel(ref: Reference | undefined, lang: Lang, code: string): string {
  const l = ref?.rights[code];
  return l ? l[lang] : code;
}

export function categoryLabel(ref: Reference | undefined, lang: Lang, code: string): string {
  const l = ref?.categories[code];
  // The short name before the parenthesis reads best in tables.
  return l ? l[lang].replace(/[（(].*$/, '') : code;
}
