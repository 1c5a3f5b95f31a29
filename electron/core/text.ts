/**
 * Word tokens for keyword matching: NFKC + lower case, split on anything that is not a letter,
 * digit or mark (Unicode-aware). Han, Hiragana and Katakana are written without spaces, so each of
 * their characters is a token of its own and a keyword in those scripts matches as a run of them.
 */

// eslint-disable-next-line no-control-regex
const NON_ASCII_RE = /[^\u0000-\u007f]/;
const WORD_RE = /[\p{L}\p{N}\p{M}]+/gu;
const CJK_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** NFKC (only when needed: ASCII is already normal) and lower case. */
export function normalizeText(s: string): string {
  return (NON_ASCII_RE.test(s) ? s.normalize('NFKC') : s).toLowerCase();
}

/** Tokens of an already-normalized string. */
export function tokenize(normalized: string): string[] {
  const out: string[] = [];
  if (!NON_ASCII_RE.test(normalized)) {
    // Fast path: ASCII letters and digits.
    let start = -1;
    for (let i = 0; i < normalized.length; i++) {
      const c = normalized.charCodeAt(i);
      const word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
      if (word) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        out.push(normalized.slice(start, i));
        start = -1;
      }
    }
    if (start >= 0) out.push(normalized.slice(start));
    return out;
  }
  const hasCjk = CJK_RE.test(normalized);
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(normalized); m !== null; m = WORD_RE.exec(normalized)) {
    const word = m[0];
    if (hasCjk && CJK_RE.test(word)) splitCjk(word, out);
    else out.push(word);
  }
  return out;
}

function splitCjk(word: string, out: string[]): void {
  let run = '';
  for (const ch of word) {
    if (CJK_RE.test(ch)) {
      if (run.length > 0) out.push(run);
      run = '';
      out.push(ch);
    } else {
      run += ch;
    }
  }
  if (run.length > 0) out.push(run);
}
