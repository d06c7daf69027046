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
  /** readme.html: the page that shows a lab's README (or its DIFF.md). */
  readme: {
    pageTitle: "README · WebRTC signaling labs",
    allLabs: "← all labs",
    openLab: "open the lab →",
    loading: "Loading the README…",
    whichLab: "Which lab? Open this page from the list of labs.",
    serverDown: "The lab server does not answer. Is npm start running?",
    notFound: (path: string) => `${path} was not found.`,
    /** Shown above an English README on a page in another language, when the lab has no translation yet. */
    notTranslated: "This lab's README has no translation yet: here is the English one.",
    /** A link to a file the lab server cannot show (outside labs/): where it is. */
    elsewhere: (path: string) => `${path} in the repository, beside package.json`,
    diagramFailed: (why: string) => `mermaid could not draw this diagram: ${why}`,
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
  readme: {
    pageTitle: "README · WebRTC シグナリング ラボ",
    allLabs: "← ラボの一覧",
    openLab: "ラボを開く →",
    loading: "README を読み込んでいます…",
    whichLab: "どのラボでしょうか。ラボの一覧からこのページを開いてください。",
    serverDown: "ラボのサーバーが応答しません。npm start は動いていますか。",
    notFound: (path: string) => `${path} が見つかりません。`,
    notTranslated: "このラボの README はまだ日本語になっていません。英語版を表示しています。",
    elsewhere: (path: string) => `リポジトリの ${path}（package.json と同じフォルダーから）`,
    diagramFailed: (why: string) => `mermaid はこの図を描けませんでした：${why}`,
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
