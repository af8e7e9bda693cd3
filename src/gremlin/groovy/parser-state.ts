/**
 * What every part of the parser shares: where it is in the token stream, speculative reads that
 * may come back (marks pin their tokens), the nesting bound, the checkpoint every
 * TOKENS_PER_CHECKPOINT tokens, and the syntax errors it raises. The grammar is built on it in
 * layers, each a subclass of the one below: types, literals, expressions, declarations,
 * statements (parser-statements.ts, the whole parser). A layer reaches the ones above it only
 * through the abstract methods it declares.
 */
import type { ClosureExpr, Expr } from './ast.js';
import { MAX_NESTING, nestingTooDeep, TOKENS_PER_CHECKPOINT, type ParseControl } from './lexer.js';
import type { HoleEnds, Token } from './token.js';
import type { TokenStream } from './token-stream.js';

/**
 * A syntax error as the parser finds it. Only the one that ends the parse becomes Groovy's
 * message: speculative reads fail often, and the message quotes a line of the script.
 */
export class ParseFailure {
  constructor(readonly token: Token, readonly description: string) {}
}

/**
 * A closure read during a speculative read (see parseClosure, parser-literals.ts): it, and where
 * it ends, or its error.
 */
export type SeenClosure = { node: ClosureExpr; end: number } | ParseFailure;

/** What the parser of a script and the parsers of its GString holes share. */
export interface ParserShared {
  readonly src: string;
  readonly control: ParseControl;
  readonly holeEnds: HoleEnds;
  /** Expressions written in parentheses (which, e.g., are not a command's name). */
  readonly parenthesized: WeakSet<Expr>;
  /** GStrings read during a speculative read (see gstring, parser-literals.ts). */
  readonly gstringsSeen: Map<Token, Expr | ParseFailure>;
}

/** The parser's position and bookkeeping, and the token-level reads every layer of the grammar uses. */
export abstract class ParserState {
  protected i = 0;
  /** > 0 inside `(...)` / `[...]`, where line breaks mean nothing. */
  protected nlIgnore = 0;
  protected loopDepth = 0;
  protected blockDepth = 0;
  /** `>` already consumed as the second half of a `>>` while reading generics. */
  protected pendingGt = 0;
  protected readonly src: string;
  protected readonly control: ParseControl;
  protected readonly parenthesized: WeakSet<Expr>;
  protected readonly gstringsSeen: Map<Token, Expr | ParseFailure>;
  private tokensLeft = TOKENS_PER_CHECKPOINT;
  /** Speculative reads under way (closure parameter lists); see parseClosure, parser-literals.ts. */
  protected speculating = 0;
  /** Closures read during a speculative read, by the position of their `{` (made when needed). */
  protected closuresSeen: Map<number, SeenClosure> | null = null;

  /** `depth`: the nesting this parser starts at (a GString hole's parser continues its parent's). */
  constructor(protected readonly shared: ParserShared, private readonly toks: TokenStream, protected depth: number) {
    this.src = shared.src;
    this.control = shared.control;
    this.parenthesized = shared.parenthesized;
    this.gstringsSeen = shared.gstringsSeen;
  }

  // ------------------------------------------------------------------------------------------
  // token helpers

  protected get tok(): Token {
    return this.toks.at(this.i);
  }

  protected peekTok(offset: number): Token {
    return this.toks.at(this.i + offset);
  }

  /** The token before the current one. */
  protected get prevTok(): Token {
    return this.toks.at(this.i - 1);
  }

  protected isOp(text: string, offset = 0): boolean {
    const t = this.peekTok(offset);
    return t.type === 'op' && t.text === text;
  }

  protected isKw(text: string, offset = 0): boolean {
    const t = this.peekTok(offset);
    return t.type === 'kw' && t.text === text;
  }

  protected next(): Token {
    const t = this.tok;
    if (t.type !== 'eof') {
      this.i++;
      if (--this.tokensLeft === 0) {
        this.tokensLeft = TOKENS_PER_CHECKPOINT;
        this.control.checkpoint();
        this.toks.release(this.i);
      }
    }
    return t;
  }

  /** Remembers where a speculative read starts: the parser may come back here. */
  protected mark(): number {
    this.toks.pin(this.i);
    return this.i;
  }

  protected unmark(): void {
    this.toks.unpin();
  }

  /** One level deeper into the script's nesting; every recursion of the grammar goes through one. */
  protected enter(): void {
    if (++this.depth > MAX_NESTING) throw nestingTooDeep();
  }

  protected leave(): void {
    this.depth--;
  }

  protected error(t: Token, description: string): ParseFailure {
    return new ParseFailure(t, description);
  }

  protected unexpected(t: Token = this.tok): ParseFailure {
    return this.error(t, `Unexpected input: '${t.text}'`);
  }

  protected expectOp(text: string): Token {
    if (!this.isOp(text)) throw this.error(this.tok, `expecting '${text}', found '${this.tok.text}'`);
    return this.next();
  }

  protected expectName(): Token {
    if (this.tok.type !== 'id') throw this.unexpected();
    return this.next();
  }

  atEof(): boolean {
    return this.tok.type === 'eof';
  }
}
