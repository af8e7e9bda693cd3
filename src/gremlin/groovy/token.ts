/** Tokens: what the lexer makes, the token stream keeps and the parser reads. */
export type TokenType = 'id' | 'kw' | 'num' | 'str' | 'gstr' | 'op' | 'eof';

/**
 * An embedded `${expr}` / `$a.b` of a GString: where it is. Its tokens are made again when it is
 * parsed (Lexer.ofHole), so that a GString never holds all the tokens of its holes at once.
 */
export interface GStringHole {
  readonly kind: 'block' | 'path';
  /** Where its content starts (after `${` / `$`), and the line and column there. */
  readonly offset: number;
  readonly contentLine: number;
  readonly contentColumn: number;
  /** Where its `$` is. */
  readonly line: number;
  readonly column: number;
}

/**
 * Where the holes of GStrings nested in holes end, found when the enclosing hole was first read:
 * reading the enclosing hole again skips them instead of reading them again (which, for GStrings
 * nested in GStrings, would take time quadratic in the nesting). Shared by a script's lexers.
 */
export type HoleEnds = Map<number, { pos: number; line: number; col: number }>;

export type GStringPart = string | GStringHole;

export interface Token {
  type: TokenType;
  /** Identifier name, keyword, operator; for literals the source text. */
  text: string;
  /** Numeric value of a `num` token. */
  num: number;
  /** Whether a `num` token is a decimal (has `.`, exponent or d/f suffix). */
  decimal: boolean;
  /** Value of a `str` token. */
  str: string;
  /** Parts of a `gstr` token. */
  parts: readonly GStringPart[];
  line: number;
  column: number;
  /** Offsets in the source. */
  start: number;
  end: number;
  /** A line break precedes this token. */
  nl: boolean;
}
