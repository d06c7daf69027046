/**
 * Every word the pages (and the echo bot) say, in English and in Japanese: one
 * typed table. English is the reference: `ja` must have exactly the same keys,
 * with the same parameters, so a key missing or left over in either language is
 * a type error (tsc), never a blank on the page.
 *
 * Names the learner must recognise stay as they are in both languages: the
 * chapter's Prepare and Connect, API names (`setRemoteDescription`), states
 * (`have-local-offer`), error names (`NotAllowedError`) and protocol names.
 * Japanese follows ../../../shared/glossary-ja.md (です/ます, a half-width space
 * between Japanese and Latin words).
 *
 * This module touches no DOM, so Node (the echo bot) can use it too.
 */

export type Language = "en" | "ja";
export const LANGUAGES: readonly Language[] = ["en", "ja"];

const en = {
  language: {
    /** The switch's own label, and each language's name in itself. */
    switchLabel: "Language",
    names: { en: "English", ja: "日本語" },
  },
};

/** The shape every language must have: English's keys, each a string or a function of the same parameters. */
type Shape<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : T[K] extends string ? string : Shape<T[K]>;
};
export type Messages = Shape<typeof en>;

const ja: Messages = {
  language: {
    switchLabel: "言語",
    names: { en: "English", ja: "日本語" },
  },
};

const TABLE: Record<Language, Messages> = { en, ja };

export function messagesFor(language: Language): Messages {
  return TABLE[language];
}

/** "ja", "ja-JP", "JA_jp.UTF-8" → "ja"; anything else we do not speak → null. */
export function languageOf(tag: string | null | undefined): Language | null {
  const primary = (tag ?? "").trim().toLowerCase().split(/[-_.]/)[0];
  return LANGUAGES.find((language) => language === primary) ?? null;
}
