/**
 * A spoken language's name in the reader's language, from its BCP 47 tag (ICU's names; Mandarin,
 * which ICU calls just "Chinese", by the catalogue's word). The tag itself when the runtime knows none.
 */
export function languageName(tag: string, locale: string, mandarin: string): string {
  if (tag.toLowerCase() === 'cmn' || tag.toLowerCase().startsWith('cmn-')) return mandarin;
  try {
    return new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
