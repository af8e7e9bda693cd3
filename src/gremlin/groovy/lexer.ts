/**
 * Tokenizer for the Groovy subset. Newlines are not tokens: each token records whether a line
 * break preceded it (`nl`), and the parser decides where statements end.
 *
 * Tokens are made one at a time as the parser asks for them, so that a large script never exists
 * as tokens all at once. Lexing is part of a script's run: it calls the run's checkpoint every
 * TOKENS_PER_CHECKPOINT tokens and every CHARS_PER_CHECKPOINT characters, so that a cancel or a
 * timeout stops it within moments whatever the script's size.
 */
import { ScriptError, type ExecutionControl } from '../interpreter/host.js';
import { syntaxError } from './syntax-error.js';
import { TextBuilder } from './text-builder.js';
import type { GStringHole, GStringPart, HoleEnds, Token, TokenType } from './token.js';

/** What lexing and parsing need of a run: its checkpoint, which throws once it is stopped. */
export type ParseControl = Pick<ExecutionControl, 'checkpoint'>;

const LF = 10;
const CR = 13;
const BACKSLASH = 92;
const DOLLAR = 36;

export const TOKENS_PER_CHECKPOINT = 1024;
/** Bounds the work between checkpoints inside long strings, comments and blank runs. */
const CHARS_PER_CHECKPOINT = 64 * 1024;

/**
 * Deepest nesting (statements in blocks, expressions in expressions, GStrings in GString holes)
 * a script may have; deeper fails with Groovy's StackOverflowError. It keeps parsing, and running
 * what was parsed, far from the end of the stack: V8 aborts the whole process, not just the
 * thread, when it runs out of stack while compiling a regular expression. Measured: an executor's
 * stack (a worker's 4 MB) holds parsing about 9 times this nesting, a main thread's (tests) twice.
 */
export const MAX_NESTING = 1000;

export function nestingTooDeep(): ScriptError {
  return new ScriptError('java.lang.StackOverflowError', '');
}

export const KEYWORDS: ReadonlySet<string> = new Set([
  'def', 'var', 'if', 'else', 'for', 'while', 'do', 'return', 'break', 'continue', 'try', 'catch',
  'finally', 'throw', 'new', 'true', 'false', 'null', 'in', 'instanceof', 'as', 'import', 'package',
  'final', 'static', 'this', 'super', 'assert', 'switch', 'case', 'default', 'class', 'interface',
  'enum', 'trait', 'void', 'int', 'long', 'double', 'float', 'boolean', 'byte', 'short', 'char',
  'private', 'public', 'protected', 'abstract', 'synchronized', 'transient', 'volatile', 'native',
  'strictfp', 'throws', 'extends', 'implements', 'goto', 'const',
]);

/** Operators, longest first within each leading character (matched greedily). */
const OPERATORS: readonly string[] = [
  '>>>=', '===', '!==', '<=>', '>>>', '**=', '<<=', '>>=', '..<', '==~',
  '?.', '*.', '.&', '?:', '->', '==', '!=', '<=', '>=', '&&', '||', '++', '--', '+=', '-=', '*=',
  '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>', '..', '::', '=~',
  '+', '-', '*', '/', '%', '=', '<', '>', '!', '~', '&', '|', '^', '?', ':', '.', ',', ';', '(',
  ')', '[', ']', '{', '}', '@',
];

/** OPERATORS by their first character, in the same order. */
const OPERATORS_BY_FIRST: ReadonlyMap<string, readonly string[]> = (() => {
  const byFirst = new Map<string, string[]>();
  for (const op of OPERATORS) {
    const list = byFirst.get(op[0]!) ?? [];
    list.push(op);
    byFirst.set(op[0]!, list);
  }
  return byFirst;
})();

function isIdStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$' || c > '\u007f';
}

function isIdPart(c: string): boolean {
  return isIdStart(c) || (c >= '0' && c <= '9');
}

/** isIdStart by character code (NaN, past the end, is none). */
function isIdStartCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === DOLLAR || c > 127;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdPartCode(c: number): boolean {
  return isIdStartCode(c) || isDigitCode(c);
}

function withoutUnderscores(digits: string): string {
  return digits.includes('_') ? digits.replaceAll('_', '') : digits;
}

function isHexDigitCode(c: number): boolean {
  return isDigitCode(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

const NO_CHECKPOINT: ParseControl = { checkpoint() {} };

/** The parts of every token but a GString's. */
const NO_PARTS: readonly GStringPart[] = Object.freeze([]);

/** All tokens of `source`, the eof token last (the parser takes them one at a time instead). */
export function tokenize(source: string, control: ParseControl = NO_CHECKPOINT): Token[] {
  const lexer = new Lexer(source, control, new Map());
  const out: Token[] = [];
  for (;;) {
    const tok = lexer.nextToken();
    out.push(tok);
    if (tok.type === 'eof') return out;
  }
}

/** What a lexer reads: a whole script, or one hole of a GString (see Lexer.ofHole). */
type LexerMode = 'script' | GStringHole['kind'];

export class Lexer {
  private pos = 0;
  private line = 1;
  private col = 1;
  private sawNewline = true;
  private started = false;
  private eof: Token | null = null;
  private tokensLeft = TOKENS_PER_CHECKPOINT;
  private checkAt = CHARS_PER_CHECKPOINT;
  private mode: LexerMode = 'script';
  /** A `${...}` hole's: braces open in it. */
  private braces = 0;
  /** A `$a.b` hole's: its tokens, made at once (they are few), and the next one's index. */
  private pathTokens: Token[] | null = null;
  private pathNext = 0;
  /** A hole read only to find its end; the hole it is in is read again (see HoleEnds). */
  private skimming = false;

  /** `nesting`: GStrings in GString holes around what this lexer reads. */
  constructor(private readonly src: string, private readonly control: ParseControl, private readonly holeEnds: HoleEnds,
    private readonly nesting = 0) {}

  /** A lexer of one GString hole: its tokens, then an eof token for its closing brace or end. */
  static ofHole(src: string, control: ParseControl, hole: GStringHole, holeEnds: HoleEnds, nesting: number): Lexer {
    if (nesting > MAX_NESTING) throw nestingTooDeep();
    const lexer = new Lexer(src, control, holeEnds, nesting);
    lexer.mode = hole.kind;
    lexer.started = true;
    lexer.sawNewline = false;
    lexer.pos = hole.offset;
    lexer.line = hole.contentLine;
    lexer.col = hole.contentColumn;
    lexer.checkAt = hole.offset + CHARS_PER_CHECKPOINT;
    return lexer;
  }

  /** The next token; at the end, the eof token on every call. */
  nextToken(): Token {
    if (this.eof !== null) return this.eof;
    if (this.mode === 'path') {
      this.pathTokens ??= this.dollarPath();
      const tok = this.pathTokens[this.pathNext++]!;
      if (tok.type === 'eof') this.eof = tok;
      return tok;
    }
    if (!this.started) {
      this.started = true;
      if (this.src.startsWith('#!')) {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.advance();
      }
    }
    this.skipTrivia();
    if (this.mode === 'block') return this.nextInBlock();
    if (this.pos >= this.src.length) {
      this.eof = this.make('eof', '<EOF>', this.pos, this.line, this.col);
      return this.eof;
    }
    return this.next();
  }

  private error(line: number, column: number, description: string): ScriptError {
    return syntaxError(this.src, line, column, description);
  }

  private checkpoint(): void {
    this.tokensLeft = TOKENS_PER_CHECKPOINT;
    this.checkAt = this.pos + CHARS_PER_CHECKPOINT;
    this.control.checkpoint();
  }

  /** In long scans: a checkpoint once CHARS_PER_CHECKPOINT characters went by without one. */
  private pulse(): void {
    if (this.pos >= this.checkAt) this.checkpoint();
  }

  private advance(): string {
    const c = this.src[this.pos++]!;
    if (c === '\n') {
      this.line++;
      this.col = 1;
    } else if (c === '\r') {
      if (this.src[this.pos] !== '\n') {
        this.line++;
        this.col = 1;
      }
    } else {
      this.col++;
    }
    return c;
  }

  /** Moves over `n` characters known to hold no line break. */
  private skip(n: number): void {
    this.pos += n;
    this.col += n;
  }

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  private code(offset = 0): number {
    return this.src.charCodeAt(this.pos + offset);
  }

  private make(type: TokenType, text: string, start: number, line: number, column: number): Token {
    const tok: Token = {
      type, text, num: 0, decimal: false, str: '', parts: NO_PARTS, line, column, start, end: this.pos,
      nl: this.sawNewline,
    };
    this.sawNewline = false;
    if (--this.tokensLeft === 0 || this.pos >= this.checkAt) this.checkpoint();
    return tok;
  }

  /** Skips blanks and comments, noting line breaks. */
  private skipTrivia(): void {
    for (;;) {
      this.pulse();
      const c = this.code();
      if (c === LF || c === CR) {
        this.sawNewline = true;
        this.advance();
      } else if (c === 32 || c === 9 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff) {
        this.skip(1);
      } else if (c === BACKSLASH && (this.code(1) === LF || this.code(1) === CR)) {
        // explicit line continuation
        this.advance();
        this.advance();
        if (this.peek() === '\n') this.advance();
      } else if (c === 47 && this.code(1) === 47) {
        this.lineComment();
      } else if (c === 47 && this.code(1) === 42) {
        this.blockComment();
      } else {
        return;
      }
    }
  }

  private lineComment(): void {
    const src = this.src;
    for (;;) {
      const limit = Math.min(src.length, this.checkAt);
      let i = this.pos;
      while (i < limit && src.charCodeAt(i) !== LF && src.charCodeAt(i) !== CR) i++;
      this.skip(i - this.pos);
      if (i < limit || i >= src.length) return;
      this.pulse();
    }
  }

  private blockComment(): void {
    const line = this.line;
    const col = this.col;
    this.skip(2);
    for (;;) {
      this.pulse();
      if (this.pos >= this.src.length) throw this.error(line, col, 'Unexpected input: \'/*\' (unterminated comment)');
      const c = this.code();
      if (c === 42 && this.code(1) === 47) {
        this.skip(2);
        return;
      }
      if (c === LF) this.sawNewline = true;
      if (c === LF || c === CR) this.advance();
      else this.skip(1);
    }
  }

  /** In a `${...}` hole, after blanks: its next token, or its closing brace (consumed) as the eof token. */
  private nextInBlock(): Token {
    if (this.pos >= this.src.length) throw this.error(this.line, this.col, "Unexpected input: '<EOF>' (unterminated GString expression)");
    if (this.braces === 0 && this.peek() === '}') {
      const line = this.line;
      const col = this.col;
      const start = this.pos;
      this.skip(1);
      this.eof = this.make('eof', '}', start, line, col);
      return this.eof;
    }
    const tok = this.next();
    if (tok.type === 'op') {
      if (tok.text === '{') this.braces++;
      else if (tok.text === '}') this.braces--;
    }
    return tok;
  }

  /**
   * Moves past a hole (at its content), reading it through to find its end and its lexical
   * errors; the parser reads it again (Lexer.ofHole) when it parses the GString.
   */
  private skimHole(kind: GStringHole['kind'], line: number, column: number): GStringHole {
    const hole: GStringHole = { kind, offset: this.pos, contentLine: this.line, contentColumn: this.col, line, column };
    let end = this.holeEnds.get(hole.offset);
    if (end !== undefined) {
      this.holeEnds.delete(hole.offset);
    } else {
      const reader = Lexer.ofHole(this.src, this.control, hole, this.holeEnds, this.nesting + 1);
      reader.skimming = true;
      while (reader.nextToken().type !== 'eof');
      end = { pos: reader.pos, line: reader.line, col: reader.col };
      if (this.skimming) this.holeEnds.set(hole.offset, end);
    }
    this.pos = end.pos;
    this.line = end.line;
    this.col = end.col;
    return hole;
  }

  private next(): Token {
    const src = this.src;
    const start = this.pos;
    const line = this.line;
    const col = this.col;
    const c = src.charCodeAt(start);
    if (isDigitCode(c) || (c === 46 && isDigitCode(src.charCodeAt(start + 1)))) return this.number(start, line, col);
    if (isIdStartCode(c)) {
      let end = start + 1;
      while (end < src.length && isIdPartCode(src.charCodeAt(end))) end++;
      this.skip(end - start);
      const text = src.slice(start, end);
      return this.make(KEYWORDS.has(text) ? 'kw' : 'id', text, start, line, col);
    }
    if (c === 39 || c === 34) return this.string(start, line, col);
    for (const op of OPERATORS_BY_FIRST.get(src[start]!) ?? []) {
      if (src.startsWith(op, start)) {
        this.skip(op.length);
        return this.make('op', op, start, line, col);
      }
    }
    throw this.error(line, col, `Unexpected character: '${src[start]!}'`);
  }

  /** Moves over the characters `accept` takes. */
  private skipWhile(accept: (c: number) => boolean): void {
    let end = this.pos;
    while (end < this.src.length && accept(this.src.charCodeAt(end))) end++;
    this.skip(end - this.pos);
  }

  /** Moves over the characters `accept` takes; answers them without underscores. */
  private digits(accept: (c: number) => boolean): string {
    const start = this.pos;
    this.skipWhile(accept);
    return withoutUnderscores(this.src.slice(start, this.pos));
  }

  /** Moves over decimal digits and underscores (the common case, without a callback). */
  private decimalDigits(): void {
    const src = this.src;
    let end = this.pos;
    for (; end < src.length; end++) {
      const c = src.charCodeAt(end);
      if (!(isDigitCode(c) || c === 95)) break;
    }
    this.skip(end - this.pos);
  }

  private number(start: number, line: number, col: number): Token {
    let decimal = false;
    let value: number;
    if (this.peek() === '0' && (this.peek(1) === 'x' || this.peek(1) === 'X')) {
      this.skip(2);
      const digits = this.digits((c) => isHexDigitCode(c) || c === 95);
      if (digits === '') throw this.error(line, col, 'Unexpected input: \'0x\'');
      value = Number.parseInt(digits, 16);
    } else if (this.peek() === '0' && (this.peek(1) === 'b' || this.peek(1) === 'B') && (this.peek(2) === '0' || this.peek(2) === '1')) {
      this.skip(2);
      value = Number.parseInt(this.digits((c) => c === 48 || c === 49 || c === 95), 2);
    } else {
      this.decimalDigits();
      if (this.peek() === '.' && isDigitCode(this.code(1))) {
        decimal = true;
        this.skip(1);
        this.decimalDigits();
      }
      if ((this.peek() === 'e' || this.peek() === 'E') &&
          (isDigitCode(this.code(1)) || ((this.peek(1) === '+' || this.peek(1) === '-') && isDigitCode(this.code(2))))) {
        decimal = true;
        this.skip(this.peek(1) === '+' || this.peek(1) === '-' ? 2 : 1);
        this.skipWhile(isDigitCode);
      }
      value = Number(withoutUnderscores(this.src.slice(start, this.pos)));
    }
    const s = this.peek();
    if ('lLiIgGbBsSnN'.includes(s) && s !== '' && !isIdPart(this.peek(1))) {
      this.skip(1);
    } else if ('dDfF'.includes(s) && s !== '' && !isIdPart(this.peek(1))) {
      decimal = true;
      this.skip(1);
    } else if ((s === 'm' || s === 'M') && !isIdPart(this.peek(1))) {
      this.skip(1);
    }
    if (isIdPart(this.peek())) {
      throw this.error(line, col, `Unexpected input: '${this.src.slice(start, this.pos + 1)}'`);
    }
    const tok = this.make('num', this.src.slice(start, this.pos), start, line, col);
    tok.num = value;
    tok.decimal = decimal;
    return tok;
  }

  private escape(line: number, col: number): string {
    // at the backslash
    this.advance();
    const e = this.advance();
    switch (e) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'b': return '\b';
      case 'f': return '\f';
      case 's': return ' ';
      case '0': return '\0';
      case '\\': return '\\';
      case "'": return "'";
      case '"': return '"';
      case '$': return '$';
      case '\n': return '';
      case 'u': {
        while (this.peek() === 'u') this.skip(1);
        const hex = this.src.slice(this.pos, this.pos + 4);
        let valid = hex.length === 4;
        for (let i = 0; i < hex.length; i++) valid &&= isHexDigitCode(hex.charCodeAt(i));
        if (!valid) throw this.error(line, col, `Unexpected input: '\\u${hex}' (bad unicode escape)`);
        this.skip(4);
        return String.fromCharCode(Number.parseInt(hex, 16));
      }
      default:
        throw this.error(this.line, this.col - 2, `Unexpected input: '\\${e}' (illegal escape)`);
    }
  }

  /**
   * End of the run of string characters from `pos` that need no attention (no quote, escape,
   * interpolation or line break), stopping at the next checkpoint's position.
   */
  private plainRunEnd(quote: number, interpolate: boolean): number {
    const src = this.src;
    const limit = Math.min(src.length, this.checkAt);
    let i = this.pos;
    while (i < limit) {
      const c = src.charCodeAt(i);
      if (c === quote || c === BACKSLASH || c === LF || c === CR || (c === DOLLAR && interpolate)) break;
      i++;
    }
    return i;
  }

  private string(start: number, line: number, col: number): Token {
    const startNl = this.sawNewline;
    const q = this.peek();
    const triple = this.peek(1) === q && this.peek(2) === q;
    const interpolate = q === '"';
    const delim = triple ? q.repeat(3) : q;
    this.skip(delim.length);
    const parts: GStringPart[] = [];
    const text = new TextBuilder();
    for (;;) {
      this.pulse();
      if (this.pos >= this.src.length) throw this.error(line, col, `Unexpected character: '${q}'`);
      const run = this.plainRunEnd(q.charCodeAt(0), interpolate);
      if (run > this.pos) {
        text.add(this.src.slice(this.pos, run));
        this.skip(run - this.pos);
        continue;
      }
      const c = this.peek();
      if (this.src.startsWith(delim, this.pos)) {
        this.skip(delim.length);
        break;
      }
      if (!triple && (c === '\n' || c === '\r')) throw this.error(line, col, `Unexpected character: '${q}'`);
      if (c === '\\') {
        text.add(this.escape(line, col));
        continue;
      }
      if (interpolate && c === '$') {
        const hl = this.line;
        const hc = this.col;
        if (this.peek(1) === '{') {
          this.skip(2);
          if (!text.empty) parts.push(text.take());
          parts.push(this.skimHole('block', hl, hc));
          continue;
        }
        if (isIdStart(this.peek(1)) && this.peek(1) !== '$') {
          this.skip(1);
          if (!text.empty) parts.push(text.take());
          parts.push(this.skimHole('path', hl, hc));
          continue;
        }
      }
      text.add(this.advance());
    }
    if (!text.empty || parts.length === 0) parts.push(text.take());
    this.sawNewline = startNl;
    const source = this.src.slice(start, this.pos);
    if (parts.length === 1 && typeof parts[0] === 'string') {
      const tok = this.make('str', source, start, line, col);
      tok.str = parts[0];
      return tok;
    }
    const tok = this.make('gstr', source, start, line, col);
    tok.parts = parts;
    return tok;
  }

  /** `$a.b.c` inside a GString: identifiers joined by dots (a dot must be followed by a name). */
  private dollarPath(): Token[] {
    const out: Token[] = [];
    const ident = (): void => {
      const s = this.pos;
      const l = this.line;
      const c = this.col;
      while (this.pos < this.src.length && isIdPart(this.peek()) && this.peek() !== '$') this.advance();
      const text = this.src.slice(s, this.pos);
      const t = this.make(KEYWORDS.has(text) ? 'kw' : 'id', text, s, l, c);
      t.nl = false;
      out.push(t);
    };
    ident();
    while (this.peek() === '.' && isIdStart(this.peek(1)) && this.peek(1) !== '$') {
      const s = this.pos;
      const l = this.line;
      const c = this.col;
      this.advance();
      const dot = this.make('op', '.', s, l, c);
      dot.nl = false;
      out.push(dot);
      ident();
    }
    const eof = this.make('eof', '<EOF>', this.pos, this.line, this.col);
    eof.nl = false;
    out.push(eof);
    return out;
  }
}
