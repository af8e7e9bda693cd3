/**
 * Tokenizer for the Groovy subset. Newlines are not tokens: each token records whether a line
 * break preceded it (`nl`), and the parser decides where statements end.
 */
import { ScriptError } from '../interpreter/host.js';

export type TokenType = 'id' | 'kw' | 'num' | 'str' | 'gstr' | 'op' | 'eof';

/** An embedded `${expr}` / `$a.b` of a GString: its tokens (ending with an eof token). */
export interface GStringHole {
  tokens: Token[];
  line: number;
  column: number;
}

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
  parts: GStringPart[];
  line: number;
  column: number;
  /** Offsets in the source. */
  start: number;
  end: number;
  /** A line break precedes this token. */
  nl: boolean;
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

/** Groovy's compile error shape (what HugeGraph returns for a script that does not parse). */
export function syntaxError(source: string, line: number, column: number, description: string): ScriptError {
  const lines = source.split(/\r\n|\r|\n/);
  const text = lines[line - 1] ?? '';
  const caret = ' '.repeat(Math.max(0, column - 1)) + '^';
  const msg =
    `startup failed:\nScript1.groovy: ${line}: ${description} @ line ${line}, column ${column}.\n` +
    `   ${text}\n   ${caret}\n\n1 error\n`;
  return new ScriptError('org.codehaus.groovy.control.MultipleCompilationErrorsException', msg, [
    'org.codehaus.groovy.control.CompilationFailedException',
    'groovy.lang.GroovyRuntimeException',
    'java.lang.RuntimeException',
    'java.lang.Exception',
    'java.lang.Throwable',
  ]);
}

function isIdStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$' || c > '\u007f';
}

function isIdPart(c: string): boolean {
  return isIdStart(c) || (c >= '0' && c <= '9');
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

export function tokenize(source: string): Token[] {
  return new Lexer(source).run();
}

class Lexer {
  private pos = 0;
  private line = 1;
  private col = 1;
  private sawNewline = true;

  constructor(private readonly src: string) {}

  run(): Token[] {
    if (this.src.startsWith('#!')) {
      while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.advance();
    }
    return this.lexTokens(false);
  }

  private error(line: number, column: number, description: string): ScriptError {
    return syntaxError(this.src, line, column, description);
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

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  private make(type: TokenType, text: string, start: number, line: number, column: number): Token {
    const tok: Token = {
      type, text, num: 0, decimal: false, str: '', parts: [], line, column, start, end: this.pos,
      nl: this.sawNewline,
    };
    this.sawNewline = false;
    return tok;
  }

  /** Skips blanks and comments, noting line breaks. */
  private skipTrivia(): void {
    for (;;) {
      const c = this.peek();
      if (c === '\n' || c === '\r') {
        this.sawNewline = true;
        this.advance();
      } else if (c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff') {
        this.advance();
      } else if (c === '\\' && (this.peek(1) === '\n' || this.peek(1) === '\r')) {
        // explicit line continuation
        this.advance();
        this.advance();
        if (this.peek() === '\n') this.advance();
      } else if (c === '/' && this.peek(1) === '/') {
        while (this.pos < this.src.length && this.peek() !== '\n' && this.peek() !== '\r') this.advance();
      } else if (c === '/' && this.peek(1) === '*') {
        const line = this.line;
        const col = this.col;
        this.advance();
        this.advance();
        for (;;) {
          if (this.pos >= this.src.length) throw this.error(line, col, 'Unexpected input: \'/*\' (unterminated comment)');
          if (this.peek() === '*' && this.peek(1) === '/') {
            this.advance();
            this.advance();
            break;
          }
          if (this.peek() === '\n') this.sawNewline = true;
          this.advance();
        }
      } else {
        return;
      }
    }
  }

  /** Lexes to end of input, or (inside `${...}`) to the closing brace, which is consumed. */
  private lexTokens(inHole: boolean): Token[] {
    const out: Token[] = [];
    let depth = 0;
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.src.length) {
        if (inHole) throw this.error(this.line, this.col, "Unexpected input: '<EOF>' (unterminated GString expression)");
        out.push(this.make('eof', '<EOF>', this.pos, this.line, this.col));
        return out;
      }
      const c = this.peek();
      if (inHole && c === '}' && depth === 0) {
        const line = this.line;
        const col = this.col;
        const start = this.pos;
        this.advance();
        const eof = this.make('eof', '}', start, line, col);
        out.push(eof);
        return out;
      }
      const tok = this.next();
      if (tok.type === 'op') {
        if (tok.text === '{') depth++;
        else if (tok.text === '}') depth--;
      }
      out.push(tok);
    }
  }

  private next(): Token {
    const start = this.pos;
    const line = this.line;
    const col = this.col;
    const c = this.peek();
    if (isDigit(c) || (c === '.' && isDigit(this.peek(1)))) return this.number(start, line, col);
    if (isIdStart(c)) {
      while (this.pos < this.src.length && isIdPart(this.peek())) this.advance();
      const text = this.src.slice(start, this.pos);
      return this.make(KEYWORDS.has(text) ? 'kw' : 'id', text, start, line, col);
    }
    if (c === "'" || c === '"') return this.string(start, line, col);
    for (const op of OPERATORS) {
      if (this.src.startsWith(op, this.pos)) {
        for (let i = 0; i < op.length; i++) this.advance();
        return this.make('op', op, start, line, col);
      }
    }
    throw this.error(line, col, `Unexpected character: '${c}'`);
  }

  private number(start: number, line: number, col: number): Token {
    let decimal = false;
    let value: number;
    if (this.peek() === '0' && (this.peek(1) === 'x' || this.peek(1) === 'X')) {
      this.advance();
      this.advance();
      const ds = this.pos;
      while (/[0-9a-fA-F_]/.test(this.peek())) this.advance();
      const digits = this.src.slice(ds, this.pos).replace(/_/g, '');
      if (digits === '') throw this.error(line, col, 'Unexpected input: \'0x\'');
      value = Number.parseInt(digits, 16);
    } else if (this.peek() === '0' && (this.peek(1) === 'b' || this.peek(1) === 'B') && /[01]/.test(this.peek(2))) {
      this.advance();
      this.advance();
      const ds = this.pos;
      while (/[01_]/.test(this.peek())) this.advance();
      value = Number.parseInt(this.src.slice(ds, this.pos).replace(/_/g, ''), 2);
    } else {
      while (isDigit(this.peek()) || this.peek() === '_') this.advance();
      if (this.peek() === '.' && isDigit(this.peek(1))) {
        decimal = true;
        this.advance();
        while (isDigit(this.peek()) || this.peek() === '_') this.advance();
      }
      if ((this.peek() === 'e' || this.peek() === 'E') &&
          (isDigit(this.peek(1)) || ((this.peek(1) === '+' || this.peek(1) === '-') && isDigit(this.peek(2))))) {
        decimal = true;
        this.advance();
        if (this.peek() === '+' || this.peek() === '-') this.advance();
        while (isDigit(this.peek())) this.advance();
      }
      value = Number(this.src.slice(start, this.pos).replace(/_/g, ''));
    }
    const s = this.peek();
    if ('lLiIgGbBsSnN'.includes(s) && s !== '' && !isIdPart(this.peek(1))) {
      this.advance();
    } else if ('dDfF'.includes(s) && s !== '' && !isIdPart(this.peek(1))) {
      decimal = true;
      this.advance();
    } else if ((s === 'm' || s === 'M') && !isIdPart(this.peek(1))) {
      this.advance();
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
        let u = 'u';
        while (this.peek() === 'u') this.advance();
        const hex = this.src.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.error(line, col, `Unexpected input: '\\${u}${hex}' (bad unicode escape)`);
        for (let i = 0; i < 4; i++) this.advance();
        u = String.fromCharCode(Number.parseInt(hex, 16));
        return u;
      }
      default:
        throw this.error(this.line, this.col - 2, `Unexpected input: '\\${e}' (illegal escape)`);
    }
  }

  private string(start: number, line: number, col: number): Token {
    const startNl = this.sawNewline;
    const q = this.peek();
    const triple = this.peek(1) === q && this.peek(2) === q;
    const interpolate = q === '"';
    const delim = triple ? q.repeat(3) : q;
    for (let i = 0; i < delim.length; i++) this.advance();
    const parts: GStringPart[] = [];
    let buf = '';
    for (;;) {
      if (this.pos >= this.src.length) throw this.error(line, col, `Unexpected character: '${q}'`);
      const c = this.peek();
      if (this.src.startsWith(delim, this.pos)) {
        for (let i = 0; i < delim.length; i++) this.advance();
        break;
      }
      if (!triple && (c === '\n' || c === '\r')) throw this.error(line, col, `Unexpected character: '${q}'`);
      if (c === '\\') {
        buf += this.escape(line, col);
        continue;
      }
      if (interpolate && c === '$') {
        const hl = this.line;
        const hc = this.col;
        if (this.peek(1) === '{') {
          this.advance();
          this.advance();
          if (buf !== '') parts.push(buf);
          buf = '';
          const savedNl = this.sawNewline;
          this.sawNewline = false;
          const tokens = this.lexTokens(true);
          this.sawNewline = savedNl;
          parts.push({ tokens, line: hl, column: hc });
          continue;
        }
        if (isIdStart(this.peek(1)) && this.peek(1) !== '$') {
          this.advance();
          if (buf !== '') parts.push(buf);
          buf = '';
          parts.push({ tokens: this.dollarPath(), line: hl, column: hc });
          continue;
        }
        buf += this.advance();
        continue;
      }
      buf += this.advance();
    }
    if (buf !== '' || parts.length === 0) parts.push(buf);
    this.sawNewline = startNl;
    const text = this.src.slice(start, this.pos);
    if (parts.every((p) => typeof p === 'string')) {
      const tok = this.make('str', text, start, line, col);
      tok.str = (parts as string[]).join('');
      return tok;
    }
    const tok = this.make('gstr', text, start, line, col);
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
