// Groovy (Gremlin scripts) coloured by token: keywords, strings, numbers, comments and calls.
// Only spans with text inside are made, so the script is never parsed as markup.

const KEYWORDS = new Set([
  'as', 'assert', 'break', 'case', 'catch', 'class', 'continue', 'def', 'default', 'do', 'else', 'enum',
  'extends', 'false', 'final', 'finally', 'for', 'if', 'implements', 'import', 'in', 'instanceof', 'interface',
  'new', 'null', 'package', 'return', 'static', 'super', 'switch', 'this', 'throw', 'throws', 'true', 'try',
  'var', 'void', 'while', 'int', 'long', 'double', 'float', 'boolean', 'char', 'byte', 'short',
]);

const TOKENS = new RegExp([
  String.raw`(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))`,
  String.raw`('''[\s\S]*?(?:'''|$)|"""[\s\S]*?(?:"""|$)|'(?:\\.|[^'\\\n])*'?|"(?:\\.|[^"\\\n])*"?)`,
  String.raw`(\b(?:0[xX][0-9a-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)[lLgGiIdDfF]?\b)`,
  String.raw`([A-Za-z_$][\w$]*)`,
].join('|'), 'g');

/** Past this size the script is shown plain: thousands of spans would make the page crawl. */
export const HIGHLIGHT_MAX = 200_000;

function span(cls, text) {
  const el = document.createElement('span');
  el.className = cls;
  el.textContent = text;
  return el;
}

/** A fragment of text nodes and spans (`tok-kw`, `tok-str`, `tok-num`, `tok-com`, `tok-fn`). */
export function highlightGroovy(source) {
  const out = document.createDocumentFragment();
  if (source.length > HIGHLIGHT_MAX) {
    out.append(source);
    return out;
  }
  let at = 0;
  const plain = (end) => {
    if (end > at) out.append(source.slice(at, end));
  };
  for (const match of source.matchAll(TOKENS)) {
    const [text, comment, string, number, word] = match;
    plain(match.index);
    if (comment) out.append(span('tok-com', text));
    else if (string) out.append(span('tok-str', text));
    else if (number) out.append(span('tok-num', text));
    else if (word && KEYWORDS.has(word)) out.append(span('tok-kw', text));
    else if (word && /^\s*\(/.test(source.slice(match.index + text.length, match.index + text.length + 40))) out.append(span('tok-fn', text));
    else out.append(text);
    at = match.index + text.length;
  }
  plain(source.length);
  return out;
}
