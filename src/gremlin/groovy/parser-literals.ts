/**
 * Primary expressions: literals, names, `this`, `new`, parentheses and casts, lists and maps,
 * closures and GStrings. Closures and GStrings read during a speculative read are kept (see
 * parseClosure), and each GString hole is parsed by a parser of its own over the same state.
 */
import type { ClosureExpr, Expr, MapEntryNode, Param, Stmt } from './ast.js';
import { Lexer } from './lexer.js';
import { ParseFailure } from './parser-state.js';
import { PRIMITIVES, TypeParser } from './parser-types.js';
import type { Token } from './token.js';
import { TokenStream } from './token-stream.js';

export abstract class LiteralParser extends TypeParser {
  abstract parseExpression(): Expr;
  protected abstract parseUnary(): Expr;
  protected abstract parseArgItems(end: string | null): Expr[];
  protected abstract parseParams(end: string): Param[];
  protected abstract parseStatements(inBraces: boolean): Stmt[];
  /** A parser of one GString hole's tokens, at this parser's nesting. */
  protected abstract holeParser(toks: TokenStream): LiteralParser;

  /** `name:` / `'name':` / `1:` map entry start (keywords allowed as bare names). */
  protected tryMapEntry(): MapEntryNode | null {
    const t = this.tok;
    if (!this.isOp(':', 1)) return null;
    let key: Expr;
    if (t.type === 'id' || t.type === 'kw') key = { kind: 'Literal', value: t.text, line: t.line, column: t.column };
    else if (t.type === 'str') key = { kind: 'Literal', value: t.str, line: t.line, column: t.column };
    else if (t.type === 'num') key = { kind: 'Literal', value: t.num, line: t.line, column: t.column };
    else return null;
    this.next();
    this.next();
    const value = this.parseExpression();
    return { key, value, line: t.line, column: t.column };
  }

  protected mapKey(e: Expr): Expr {
    if (e.kind === 'Ident' && !this.parenthesized.has(e)) return { kind: 'Literal', value: e.name, line: e.line, column: e.column };
    return e;
  }

  protected parsePrimary(): Expr {
    const t = this.tok;
    switch (t.type) {
      case 'num':
        this.next();
        return { kind: 'Literal', value: t.num, line: t.line, column: t.column };
      case 'str':
        this.next();
        return { kind: 'Literal', value: t.str, line: t.line, column: t.column };
      case 'gstr':
        this.next();
        return this.gstring(t);
      case 'id':
        this.next();
        return { kind: 'Ident', name: t.text, line: t.line, column: t.column };
      case 'kw':
        switch (t.text) {
          case 'true':
          case 'false':
            this.next();
            return { kind: 'Literal', value: t.text === 'true', line: t.line, column: t.column };
          case 'null':
            this.next();
            return { kind: 'Literal', value: null, line: t.line, column: t.column };
          case 'this':
            this.next();
            return { kind: 'This', line: t.line, column: t.column };
          case 'new':
            return this.parseNew();
          default:
            throw this.unexpected(t);
        }
      case 'op':
        if (t.text === '(') {
          // `(int) x` cast
          if (this.peekTok(1).type === 'kw' && PRIMITIVES.has(this.peekTok(1).text) && this.isOp(')', 2)) {
            this.next();
            const ty = this.next().text;
            this.next();
            const expr = this.parseUnary();
            return { kind: 'Cast', expr, typeName: ty, line: t.line, column: t.column };
          }
          this.next();
          this.nlIgnore++;
          const e = this.parseExpression();
          this.expectOp(')');
          this.nlIgnore--;
          this.parenthesized.add(e);
          return e;
        }
        if (t.text === '[') return this.parseListOrMap();
        if (t.text === '{') return this.parseClosure();
        throw this.unexpected(t);
      default:
        throw this.unexpected(t);
    }
  }

  private parseNew(): Expr {
    const t = this.next();
    const nt = this.tok;
    if (nt.type !== 'id') throw this.unexpected(nt);
    let name = this.next().text;
    while (this.isOp('.') && this.peekTok(1).type === 'id') {
      this.next();
      name += '.' + this.next().text;
    }
    if (this.isOp('<')) {
      if (this.isOp('>', 1)) {
        this.next();
        this.next();
      } else if (!this.skipTypeArgs()) {
        throw this.unexpected();
      }
      this.pendingGt = 0;
    }
    if (!this.isOp('(')) throw this.error(this.tok, `expecting '(', found '${this.tok.text}'`);
    this.next();
    this.nlIgnore++;
    const args = this.isOp(')') ? [] : this.parseArgItems(')');
    this.expectOp(')');
    this.nlIgnore--;
    return { kind: 'New', typeName: name, args, line: t.line, column: t.column };
  }

  private parseListOrMap(): Expr {
    const open = this.next();
    this.nlIgnore++;
    if (this.isOp(':') && this.isOp(']', 1)) {
      this.next();
      this.next();
      this.nlIgnore--;
      return { kind: 'Map', entries: [], line: open.line, column: open.column };
    }
    const items: Expr[] = [];
    const entries: MapEntryNode[] = [];
    while (!this.isOp(']')) {
      let entry = this.tryMapEntry();
      if (entry === null) {
        const e = this.parseExpression();
        if (this.isOp(':')) {
          this.next();
          const value = this.parseExpression();
          entry = { key: this.mapKey(e), value, line: e.line, column: e.column };
        } else {
          if (entries.length > 0) throw this.error(this.tok, `expecting ':', found '${this.tok.text}'`);
          items.push(e);
        }
      }
      if (entry !== null) {
        if (items.length > 0) throw this.unexpected(this.prevTok);
        entries.push(entry);
      }
      if (!this.isOp(',')) break;
      this.next();
    }
    this.expectOp(']');
    this.nlIgnore--;
    if (entries.length > 0) return { kind: 'Map', entries, line: open.line, column: open.column };
    return { kind: 'List', items, line: open.line, column: open.column };
  }

  /**
   * A closure. Whether it starts with parameters is found by reading them speculatively, which
   * may read closures nested in default values; each closure read during a speculative read is
   * kept, so that reading it again does not read its own nested closures again (time exponential
   * in the nesting). Reading a closure does not depend on where it stands, so this is safe.
   */
  protected parseClosure(): ClosureExpr {
    const at = this.i;
    const seen = this.closuresSeen?.get(at);
    if (seen !== undefined) {
      this.closuresSeen!.delete(at);
      if (seen instanceof ParseFailure) throw seen;
      this.i = seen.end;
      return seen.node;
    }
    if (this.speculating === 0) return this.closure();
    const seenNow = (this.closuresSeen ??= new Map());
    try {
      const node = this.closure();
      seenNow.set(at, { node, end: this.i });
      return node;
    } catch (e) {
      if (e instanceof ParseFailure) seenNow.set(at, e);
      throw e;
    }
  }

  private closure(): ClosureExpr {
    const open = this.next(); // {
    const savedNl = this.nlIgnore;
    const savedLoop = this.loopDepth;
    const savedBlock = this.blockDepth;
    this.nlIgnore = 0;
    this.loopDepth = 0;
    this.blockDepth = 1;
    let params: Param[] | null = null;
    if (this.isOp('->')) {
      this.next();
      params = [];
    } else {
      const save = this.mark();
      const depth = this.depth;
      this.speculating++;
      try {
        this.nlIgnore = 1;
        const ps = this.parseParams('->');
        if (this.isOp('->')) {
          this.next();
          params = ps;
        } else {
          this.i = save;
        }
      } catch (e) {
        if (!(e instanceof ParseFailure)) throw e;
        this.i = save;
        this.pendingGt = 0;
        this.depth = depth;
      } finally {
        this.speculating--;
        this.unmark();
      }
      this.nlIgnore = 0;
    }
    const body = this.parseStatements(true);
    this.expectOp('}');
    this.nlIgnore = savedNl;
    this.loopDepth = savedLoop;
    this.blockDepth = savedBlock;
    return { kind: 'Closure', params, body, line: open.line, column: open.column };
  }

  /** A GString, kept like closures when read during a speculative read (see parseClosure). */
  protected gstring(t: Token): Expr {
    const seen = this.gstringsSeen.get(t);
    if (seen !== undefined) {
      this.gstringsSeen.delete(t);
      if (seen instanceof ParseFailure) throw seen;
      return seen;
    }
    if (this.speculating === 0) return this.gstringParts(t);
    try {
      const node = this.gstringParts(t);
      this.gstringsSeen.set(t, node);
      return node;
    } catch (e) {
      if (e instanceof ParseFailure) this.gstringsSeen.set(t, e);
      throw e;
    }
  }

  private gstringParts(t: Token): Expr {
    const parts: Array<string | Expr> = [];
    for (const p of t.parts) {
      if (typeof p === 'string') {
        parts.push(p);
        continue;
      }
      const lexer = Lexer.ofHole(this.src, this.control, p, this.shared.holeEnds, this.depth);
      const sub = this.holeParser(new TokenStream(() => lexer.nextToken()));
      sub.nlIgnore = 1;
      if (sub.tok.type === 'eof') {
        parts.push({ kind: 'Literal', value: null, line: p.line, column: p.column });
        continue;
      }
      const e = sub.parseExpression();
      if (!sub.atEof()) throw sub.unexpected();
      parts.push(e);
    }
    return { kind: 'GString', parts, line: t.line, column: t.column };
  }
}
