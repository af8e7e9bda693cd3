/**
 * Statements, and so the whole parser: the program, blocks, control flow, `try`, `assert`, and
 * expression statements with Groovy's command expressions (`println x`).
 */
import type { BlockStmt, CatchClause, Expr, MethodCallExpr, Program, Stmt } from './ast.js';
import { DeclarationParser, MODIFIERS } from './parser-declarations.js';
import { PRIMITIVES } from './parser-types.js';
import type { Token } from './token.js';
import type { TokenStream } from './token-stream.js';

export class Parser extends DeclarationParser {
  parseProgram(): Program {
    const body = this.parseStatements(false);
    return { kind: 'Program', body, source: this.src, line: 1, column: 1 };
  }

  /** Statements up to `}` (not consumed) or end of input. */
  protected override parseStatements(inBraces: boolean): Stmt[] {
    const body: Stmt[] = [];
    for (;;) {
      while (this.isOp(';')) this.next();
      const t = this.tok;
      if (t.type === 'eof') {
        if (inBraces) throw this.error(t, `expecting '}', found '<EOF>'`);
        return body;
      }
      if (inBraces && this.isOp('}')) return body;
      if (!inBraces && this.isOp('}')) throw this.unexpected();
      body.push(this.parseStatement());
      if (this.isOp(';') || this.tok.nl || this.tok.type === 'eof' || this.isOp('}')) continue;
      const prev = this.prevTok;
      if (prev.type === 'op' && prev.text === '}') continue;
      throw this.unexpected();
    }
  }

  protected override parseBlock(): BlockStmt {
    const open = this.expectOp('{');
    const savedNl = this.nlIgnore;
    this.nlIgnore = 0;
    this.blockDepth++;
    const body = this.parseStatements(true);
    this.blockDepth--;
    this.expectOp('}');
    this.nlIgnore = savedNl;
    return { kind: 'Block', body, line: open.line, column: open.column };
  }

  /** Body of if/for/while: a block or a single statement. */
  private parseBody(): Stmt {
    if (this.isOp(';')) {
      const t = this.next();
      return { kind: 'Empty', line: t.line, column: t.column };
    }
    if (this.isOp('{')) return this.parseBlock();
    this.blockDepth++;
    const s = this.parseStatement();
    this.blockDepth--;
    return s;
  }

  private parseStatement(): Stmt {
    this.enter();
    const s = this.statement();
    this.leave();
    return s;
  }

  private statement(): Stmt {
    const t = this.tok;
    if (t.type === 'op' && t.text === '{') {
      const closureLike = this.closureParamsAhead();
      if (!closureLike) return this.parseBlock();
    }
    if (t.type === 'kw') {
      switch (t.text) {
        case 'import':
        case 'package': {
          this.next();
          while (this.tok.type !== 'eof' && !this.tok.nl && !this.isOp(';')) this.next();
          return { kind: 'Empty', line: t.line, column: t.column };
        }
        case 'if': return this.parseIf();
        case 'for': return this.parseFor();
        case 'while': {
          this.next();
          this.expectOp('(');
          this.nlIgnore++;
          const test = this.parseExpression();
          this.expectOp(')');
          this.nlIgnore--;
          this.loopDepth++;
          const body = this.parseBody();
          this.loopDepth--;
          return { kind: 'While', test, body, line: t.line, column: t.column };
        }
        case 'do': {
          this.next();
          this.loopDepth++;
          const body = this.parseBody();
          this.loopDepth--;
          while (this.isOp(';')) this.next();
          if (!this.isKw('while')) throw this.error(this.tok, `expecting 'while', found '${this.tok.text}'`);
          this.next();
          this.expectOp('(');
          this.nlIgnore++;
          const test = this.parseExpression();
          this.expectOp(')');
          this.nlIgnore--;
          return { kind: 'DoWhile', body, test, line: t.line, column: t.column };
        }
        case 'try': return this.parseTry();
        case 'throw': {
          this.next();
          const expr = this.parseExpression();
          return { kind: 'Throw', expr, line: t.line, column: t.column };
        }
        case 'return': {
          this.next();
          let value: Expr | null = null;
          if (!this.tok.nl && this.tok.type !== 'eof' && !this.isOp(';') && !this.isOp('}')) {
            value = this.parseExpression();
          }
          return { kind: 'Return', value, line: t.line, column: t.column };
        }
        case 'break':
        case 'continue': {
          this.next();
          if (this.loopDepth === 0) {
            throw this.error(t, t.text === 'break'
              ? 'break statement is only allowed inside loops or switch statements'
              : 'continue statement is only allowed inside loops');
          }
          if (this.tok.type === 'id' && !this.tok.nl) throw this.unexpected();
          return t.text === 'break'
            ? { kind: 'Break', line: t.line, column: t.column }
            : { kind: 'Continue', line: t.line, column: t.column };
        }
        case 'assert': return this.parseAssert();
        case 'def':
        case 'var':
          return this.parseDefinition();
        default:
          if (MODIFIERS.has(t.text) || PRIMITIVES.has(t.text)) return this.parseDefinition();
          break;
      }
    }
    if (t.type === 'id' && this.looksLikeDeclaration()) return this.parseDefinition();
    return this.parseExpressionStatement();
  }

  /** At `{`: whether a closure parameter list and `->` follow (so this is a closure, not a block). */
  private closureParamsAhead(): boolean {
    for (let k = 1; k < 64; k++) {
      const t = this.peekTok(k);
      if (t.type === 'op' && t.text === '->') return true;
      if (t.type === 'id' || t.type === 'kw' || t.type === 'num' || t.type === 'str') continue;
      if (t.type === 'op' && [',', '<', '>', '[', ']', '.', '?', '='].includes(t.text)) continue;
      return false;
    }
    return false;
  }

  private parseIf(): Stmt {
    const t = this.next();
    this.expectOp('(');
    this.nlIgnore++;
    const test = this.parseExpression();
    this.expectOp(')');
    this.nlIgnore--;
    const consequent = this.parseBody();
    let alternate: Stmt | null = null;
    let k = 0;
    while (this.isOp(';', k)) k++;
    if (this.isKw('else', k)) {
      this.i += k;
      this.next();
      alternate = this.parseBody();
    }
    return { kind: 'If', test, consequent, alternate, line: t.line, column: t.column };
  }

  private parseFor(): Stmt {
    const t = this.next();
    this.expectOp('(');
    this.nlIgnore++;
    const forIn = this.tryForInHeader();
    let result: Stmt;
    if (forIn) {
      const iterable = this.parseExpression();
      this.expectOp(')');
      this.nlIgnore--;
      this.loopDepth++;
      const body = this.parseBody();
      this.loopDepth--;
      result = { kind: 'ForIn', varName: forIn.text, iterable, body, line: t.line, column: t.column };
    } else {
      const init: Stmt[] = [];
      if (!this.isOp(';')) {
        const d = this.tok;
        if ((d.type === 'kw' && (d.text === 'def' || d.text === 'var' || MODIFIERS.has(d.text) || PRIMITIVES.has(d.text))) ||
            (d.type === 'id' && this.looksLikeDeclaration())) {
          init.push(this.parseDefinition());
        } else {
          for (;;) {
            const e = this.parseExpression();
            init.push({ kind: 'ExprStmt', expr: e, line: e.line, column: e.column });
            if (!this.isOp(',')) break;
            this.next();
          }
        }
      }
      this.expectOp(';');
      const test = this.isOp(';') ? null : this.parseExpression();
      this.expectOp(';');
      const update: Expr[] = [];
      if (!this.isOp(')')) {
        for (;;) {
          update.push(this.parseExpression());
          if (!this.isOp(',')) break;
          this.next();
        }
      }
      this.expectOp(')');
      this.nlIgnore--;
      this.loopDepth++;
      const body = this.parseBody();
      this.loopDepth--;
      result = { kind: 'For', init, test, update, body, line: t.line, column: t.column };
    }
    return result;
  }

  /** `[def|final] [Type] name in|:` — returns the name token (consuming through in/:) or null. */
  private tryForInHeader(): Token | null {
    const start = this.mark();
    try {
      return this.forInHeader(start);
    } finally {
      this.unmark();
    }
  }

  private forInHeader(start: number): Token | null {
    while (this.tok.type === 'kw' && (this.tok.text === 'def' || this.tok.text === 'var' || this.tok.text === 'final')) this.next();
    const sep = (k: number): boolean => this.isKw('in', k) || this.isOp(':', k);
    if (this.tok.type === 'id' && sep(1)) {
      const name = this.next();
      this.next();
      return name;
    }
    const type = this.tryParseType();
    if (type !== null && this.tok.type === 'id' && sep(1)) {
      const name = this.next();
      this.next();
      return name;
    }
    this.pendingGt = 0;
    this.i = start;
    return null;
  }

  private parseTry(): Stmt {
    const t = this.next();
    const block = this.parseBlock();
    const catches: CatchClause[] = [];
    let finalizer: BlockStmt | null = null;
    while (this.isKw('catch')) {
      const c = this.next();
      this.expectOp('(');
      this.nlIgnore++;
      while (this.isKw('final')) this.next();
      const types: string[] = [];
      if (!(this.tok.type === 'id' && this.isOp(')', 1))) {
        for (;;) {
          const ty = this.tryParseType();
          if (ty === null) throw this.unexpected();
          types.push(ty);
          if (!this.isOp('|')) break;
          this.next();
        }
      }
      const name = this.expectName();
      this.expectOp(')');
      this.nlIgnore--;
      const body = this.parseBlock();
      catches.push({ types: types.length ? types : ['Exception'], name: name.text, body, line: c.line, column: c.column });
    }
    if (this.isKw('finally')) {
      this.next();
      finalizer = this.parseBlock();
    }
    if (catches.length === 0 && finalizer === null) {
      throw this.error(this.tok, 'Either a catch or finally clause or both is required for a try-catch-finally statement');
    }
    return { kind: 'Try', block, catches, finalizer, line: t.line, column: t.column };
  }

  private parseAssert(): Stmt {
    const t = this.next();
    const start = this.tok.start;
    const test = this.parseExpression();
    const text = this.src.slice(start, this.prevTok.end);
    let message: Expr | null = null;
    if (this.isOp(':') || this.isOp(',')) {
      this.next();
      message = this.parseExpression();
    }
    return { kind: 'Assert', test, message, text, line: t.line, column: t.column };
  }

  private parseExpressionStatement(): Stmt {
    const t = this.tok;
    let expr = this.parseExpression();
    // command expression: `println x`, `sleep 100`, `System.out.println "a"`
    const n = this.tok;
    if (!n.nl && n.type !== 'eof' && (expr.kind === 'Ident' || (expr.kind === 'Member' && !expr.safe && !expr.spread && expr.nameExpr === null)) &&
        !this.parenthesized.has(expr) &&
        (n.type === 'id' || n.type === 'num' || n.type === 'str' || n.type === 'gstr' ||
         (n.type === 'kw' && ['null', 'true', 'false', 'new', 'this'].includes(n.text)))) {
      const args = this.parseArgItems(null);
      const call: MethodCallExpr = {
        kind: 'MethodCall',
        object: expr.kind === 'Member' ? expr.object : null,
        name: expr.name,
        nameExpr: null,
        args,
        safe: false,
        spread: false,
        line: expr.line,
        column: expr.column,
      };
      expr = call;
    }
    return { kind: 'ExprStmt', expr, line: t.line, column: t.column };
  }

  protected override holeParser(toks: TokenStream): Parser {
    return new Parser(this.shared, toks, this.depth);
  }
}
