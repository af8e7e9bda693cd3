/**
 * The parser's window on a script's tokens. Tokens are made on demand and dropped once the parser
 * can no longer come back to them, so that a large script never exists as tokens all at once:
 * what is kept is the lookahead plus, during a speculative read, the tokens since its start.
 */
import type { Token } from './token.js';

export class TokenStream {
  /** tokens[k] is token number base + k. */
  private tokens: Token[] = [];
  private base = 0;
  private ended = false;
  /** Starts of the speculative reads under way, outermost (and so earliest) first. */
  private readonly pins: number[] = [];

  constructor(private readonly produce: () => Token) {}

  /** Token number `index`; past the end, the eof token. */
  at(index: number): Token {
    const k = index - this.base;
    if (k < 0) throw new Error(`token ${index} was already dropped (kept from ${this.base})`);
    while (k >= this.tokens.length) {
      if (this.ended) return this.tokens[this.tokens.length - 1]!;
      const tok = this.produce();
      this.tokens.push(tok);
      if (tok.type === 'eof') this.ended = true;
    }
    return this.tokens[k]!;
  }

  /** Keeps the tokens from `index` on (and the one before it) until the matching unpin. */
  pin(index: number): void {
    this.pins.push(index);
  }

  unpin(): void {
    this.pins.pop();
  }

  /**
   * Drops what the parser, now at `index`, cannot come back to: it looks one token behind, and
   * returns to the start of a speculative read (pins are nested, so the first is the earliest).
   */
  release(index: number): void {
    const keepFrom = Math.min(index, this.pins.length > 0 ? this.pins[0]! : index) - 1;
    if (keepFrom <= this.base) return;
    this.tokens.splice(0, keepFrom - this.base);
    this.base = keepFrom;
  }
}
