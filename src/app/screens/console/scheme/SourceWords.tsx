/**
 * Help text that quotes a regulation in its own words: in the English console the Chinese quote
 * stays Chinese (it is the source), marked `lang="zh-CN"` so screen readers read it as Chinese and
 * the words audit knows it is a quote, not an untranslated string.
 */
const CJK_QUOTE = /(“[^”]*[\u3400-\u9fff][^”]*”)/;

export function SourceWords({ text }: { text: string }) {
  const parts = text.split(CJK_QUOTE);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <span key={i} lang="zh-CN">
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}
