/**
 * Types as the parser reads them (`int`, `a.b.Foo`, `List<String>`, `String[]`): in declarations,
 * parameters, casts, `instanceof`, `catch`. Generics are read and dropped.
 */
import { ParserState } from './parser-state.js';

export const PRIMITIVES: ReadonlySet<string> = new Set([
  'int', 'long', 'double', 'float', 'boolean', 'byte', 'short', 'char', 'void',
]);

export abstract class TypeParser extends ParserState {
  /**
   * Speculatively reads a type (`int`, `Foo`, `a.b.Foo`, `List<String>`, `String[]`) and returns
   * its name (generics dropped), or null (position restored) when there is none.
   */
  protected tryParseType(): string | null {
    const start = this.mark();
    try {
      return this.type(start);
    } finally {
      this.unmark();
    }
  }

  private type(start: number): string | null {
    const t = this.tok;
    let name: string;
    if (t.type === 'kw' && PRIMITIVES.has(t.text)) {
      name = t.text;
      this.next();
    } else if (t.type === 'id') {
      name = t.text;
      this.next();
      while (this.isOp('.') && this.peekTok(1).type === 'id' && !this.peekTok(1).nl) {
        this.next();
        name += '.' + this.next().text;
      }
    } else {
      return null;
    }
    if (this.isOp('<')) {
      if (!this.skipTypeArgs()) {
        this.i = start;
        this.pendingGt = 0;
        return null;
      }
    }
    while (this.isOp('[') && this.isOp(']', 1)) {
      this.next();
      this.next();
      name += '[]';
    }
    return name;
  }

  /** Skips `<...>` generics; false if what follows is not a type-argument list. */
  protected skipTypeArgs(): boolean {
    this.enter();
    const skipped = this.typeArgs();
    this.leave();
    return skipped;
  }

  private typeArgs(): boolean {
    this.next(); // <
    for (;;) {
      if (this.pendingGt > 0) return false;
      if (this.isOp('>')) {
        this.next();
        return true;
      }
      if (this.isOp('?')) {
        this.next();
        if (this.isKw('extends') || this.isKw('super')) this.next();
        else if (this.isOp('>') || this.isOp(',') || this.isOp('>>')) { /* bare wildcard */ } else return false;
      }
      if (this.isOp('>')) {
        this.next();
        return true;
      }
      const t = this.tok;
      if (t.type === 'id' || (t.type === 'kw' && PRIMITIVES.has(t.text))) {
        this.next();
        while (this.isOp('.') && this.peekTok(1).type === 'id') {
          this.next();
          this.next();
        }
        if (this.isOp('<')) {
          if (!this.skipTypeArgs()) return false;
          if (this.pendingGt > 0) {
            this.pendingGt--;
            return true;
          }
        }
        while (this.isOp('[') && this.isOp(']', 1)) {
          this.next();
          this.next();
        }
      } else {
        return false;
      }
      if (this.isOp(',')) {
        this.next();
        continue;
      }
      if (this.isOp('>')) {
        this.next();
        return true;
      }
      if (this.isOp('>>')) {
        this.next();
        this.pendingGt++;
        return true;
      }
      if (this.isOp('>>>')) {
        this.next();
        this.pendingGt += 2;
        return true;
      }
      return false;
    }
  }
}
