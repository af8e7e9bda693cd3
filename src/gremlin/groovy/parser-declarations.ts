/**
 * Declarations: variables (`def x = 1`, `String a, b`, `def (a, b) = ...`), methods and their
 * parameter lists (which closures share), and telling `Type name` apart from an expression.
 */
import type { BlockStmt, Expr, Param, Stmt, VarDeclStmt, VarDeclarator } from './ast.js';
import { ExpressionParser } from './parser-expressions.js';
import type { Token } from './token.js';

export const MODIFIERS: ReadonlySet<string> = new Set([
  'final', 'static', 'private', 'public', 'protected', 'synchronized', 'abstract', 'transient', 'volatile',
]);

export abstract class DeclarationParser extends ExpressionParser {
  protected abstract parseBlock(): BlockStmt;

  /** `Type name ...` at statement start (types look like types: capitalized, qualified, generic or array). */
  protected looksLikeDeclaration(): boolean {
    const start = this.mark();
    try {
      const type = this.tryParseType();
      if (type === null) return false;
      const simple = type.slice(type.lastIndexOf('.') + 1);
      const initial = simple.charCodeAt(0);
      const typeLike = (initial >= 65 && initial <= 90) || type.includes('[') || this.prevTok.text === '>';
      if (!typeLike || this.tok.type !== 'id' || this.tok.nl) return false;
      const after = this.peekTok(1);
      if (after.type === 'eof' || after.nl) return true;
      return after.type === 'op' && ['=', ';', ',', '}', '('].includes(after.text);
    } finally {
      this.i = start;
      this.pendingGt = 0;
      this.unmark();
    }
  }

  /** `def ...`, `Type name ...`, modifiers: variable declarations and method definitions. */
  protected parseDefinition(): Stmt {
    const first = this.tok;
    let sawDef = false;
    while (this.tok.type === 'kw' && (MODIFIERS.has(this.tok.text) || this.tok.text === 'def' || this.tok.text === 'var')) {
      if (this.tok.text === 'def' || this.tok.text === 'var') sawDef = true;
      this.next();
    }
    if (sawDef && this.isOp('(')) return this.parseMultiDecl(first);
    let typeName: string | null = null;
    const n1 = this.peekTok(1);
    const bareName = this.tok.type === 'id' &&
      (n1.type === 'eof' || n1.nl || (n1.type === 'op' && ['=', ',', ';', '}', '(', ')'].includes(n1.text)));
    if (!(bareName && (sawDef || first !== this.tok))) {
      typeName = this.tryParseType();
      if (typeName === null) throw this.unexpected();
    }
    const nameTok = this.expectName();
    if (this.isOp('(')) return this.parseMethodDef(first, nameTok);
    const declarators: VarDeclarator[] = [];
    let cur = nameTok;
    for (;;) {
      let init: Expr | null = null;
      if (this.isOp('=')) {
        this.next();
        init = this.parseExpression();
      }
      declarators.push({ name: cur.text, init, line: cur.line, column: cur.column });
      if (!this.isOp(',')) break;
      this.next();
      cur = this.expectName();
    }
    const decl: VarDeclStmt = { kind: 'VarDecl', typeName, declarators, line: first.line, column: first.column };
    return decl;
  }

  private parseMultiDecl(first: Token): Stmt {
    this.next(); // (
    const names: string[] = [];
    for (;;) {
      if (!(this.tok.type === 'id' && (this.isOp(',', 1) || this.isOp(')', 1)))) {
        if (this.tryParseType() === null) throw this.unexpected();
      }
      names.push(this.expectName().text);
      if (this.isOp(',')) {
        this.next();
        continue;
      }
      this.expectOp(')');
      break;
    }
    this.expectOp('=');
    const init = this.parseExpression();
    return { kind: 'MultiDecl', names, init, line: first.line, column: first.column };
  }

  private parseMethodDef(first: Token, nameTok: Token): Stmt {
    if (this.blockDepth > 0 || this.loopDepth > 0) throw this.error(nameTok, 'Method definition not expected here');
    this.next(); // (
    this.nlIgnore++;
    const params = this.parseParams(')');
    this.expectOp(')');
    this.nlIgnore--;
    if (this.isKw('throws')) {
      this.next();
      for (;;) {
        if (this.tryParseType() === null) throw this.unexpected();
        if (!this.isOp(',')) break;
        this.next();
      }
    }
    const savedLoop = this.loopDepth;
    this.loopDepth = 0;
    const body = this.parseBlock();
    this.loopDepth = savedLoop;
    return { kind: 'MethodDef', name: nameTok.text, params, body, line: first.line, column: first.column };
  }

  /** Parameter list up to (not including) `end`. */
  protected override parseParams(end: string): Param[] {
    const params: Param[] = [];
    if (this.isOp(end)) return params;
    for (;;) {
      while (this.isKw('final') || this.isKw('def')) this.next();
      if (!(this.tok.type === 'id' && (this.isOp(',', 1) || this.isOp(end, 1) || this.isOp('=', 1)))) {
        if (this.tryParseType() === null) throw this.unexpected();
      }
      const name = this.expectName();
      let defaultValue: Expr | null = null;
      if (this.isOp('=')) {
        this.next();
        defaultValue = this.parseExpression();
      }
      params.push({ name: name.text, defaultValue, line: name.line, column: name.column });
      if (!this.isOp(',')) break;
      this.next();
    }
    return params;
  }
}
