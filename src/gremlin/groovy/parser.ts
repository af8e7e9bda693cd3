/**
 * Recursive-descent parser for the Groovy subset (see docs in ast.ts). Newlines end statements
 * unless the expression is obviously unfinished; a line starting with `.` / `?.` continues the
 * previous one (Gremlin chains).
 *
 * Parsing is part of a script's run: it calls the run's checkpoint every TOKENS_PER_CHECKPOINT
 * tokens it reads (the lexer does too, inside long tokens), it takes time linear in the script's
 * size, and nesting deeper than MAX_NESTING fails with StackOverflowError.
 */
import type {
  AssignOp, BinaryOp, BlockStmt, CatchClause, ClosureExpr, Expr, MapEntryNode, MethodCallExpr,
  Param, Program, Stmt, VarDeclStmt, VarDeclarator,
} from './ast.js';
import { Lexer, type ParseControl } from './lexer.js';
import { ParseFailure, ParserState, type ParserShared } from './parser-state.js';
import { syntaxError } from './syntax-error.js';
import type { HoleEnds, Token } from './token.js';
import { TokenStream } from './token-stream.js';
import { convertJsError } from '../interpreter/values.js';

/**
 * Parses a script. Throws Groovy's MultipleCompilationErrorsException for a syntax error,
 * StackOverflowError for nesting too deep, and whatever `control.checkpoint()` throws once the
 * run is cancelled or out of time.
 */
export function parseScript(source: string, control: ParseControl): Program {
  const holeEnds: HoleEnds = new Map();
  const lexer = new Lexer(source, control, holeEnds);
  const shared: ParserShared = { src: source, control, holeEnds, parenthesized: new WeakSet(), gstringsSeen: new Map() };
  const parser = new Parser(shared, new TokenStream(() => lexer.nextToken()), 0);
  try {
    return parser.parseProgram();
  } catch (e) {
    if (!(e instanceof ParseFailure)) throw convertJsError(e);
    // A token the lexer rejects is reported before any syntax error, wherever it is.
    while (lexer.nextToken().type !== 'eof');
    throw syntaxError(source, e.token.line, e.token.column, e.description);
  }
}

const PRIMITIVES: ReadonlySet<string> = new Set([
  'int', 'long', 'double', 'float', 'boolean', 'byte', 'short', 'char', 'void',
]);

const MODIFIERS: ReadonlySet<string> = new Set([
  'final', 'static', 'private', 'public', 'protected', 'synchronized', 'abstract', 'transient', 'volatile',
]);

const ASSIGN_OPS: ReadonlySet<string> = new Set([
  '=', '+=', '-=', '*=', '/=', '%=', '**=', '<<=', '>>=', '>>>=', '&=', '|=', '^=',
]);

/** Binary operator levels, loosest first (`||` ... `* / %`). */
const LEVELS: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['|'],
  ['^'],
  ['&'],
  ['==', '!=', '<=>', '===', '!=='],
  ['<', '<=', '>', '>=', 'in', 'instanceof', 'as', '!'],
  ['<<', '>>', '>>>', '..', '..<'],
  ['+', '-'],
  ['*', '/', '%'],
];
const RELATIONAL_LEVEL = 6;

/** The level in LEVELS of each binary operator. */
const LEVEL_OF: ReadonlyMap<string, number> = new Map(LEVELS.flatMap((ops, level) => ops.map((op) => [op, level] as const)));

/** Operators that may start an expression, so a line starting with them starts a new statement. */
const NO_CONTINUATION: ReadonlySet<string> = new Set(['+', '-', '!']);

class Parser extends ParserState {
  // ------------------------------------------------------------------------------------------
  // program and statements

  parseProgram(): Program {
    const body = this.parseStatements(false);
    return { kind: 'Program', body, source: this.src, line: 1, column: 1 };
  }

  /** Statements up to `}` (not consumed) or end of input. */
  private parseStatements(inBraces: boolean): Stmt[] {
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

  private parseBlock(): BlockStmt {
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

  /**
   * Speculatively reads a type (`int`, `Foo`, `a.b.Foo`, `List<String>`, `String[]`) and returns
   * its name (generics dropped), or null (position restored) when there is none.
   */
  private tryParseType(): string | null {
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
  private skipTypeArgs(): boolean {
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

  /** `Type name ...` at statement start (types look like types: capitalized, qualified, generic or array). */
  private looksLikeDeclaration(): boolean {
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
  private parseDefinition(): Stmt {
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
  private parseParams(end: string): Param[] {
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

  // ------------------------------------------------------------------------------------------
  // expressions

  parseExpression(): Expr {
    this.enter();
    const e = this.expression();
    this.leave();
    return e;
  }

  private expression(): Expr {
    const left = this.parseTernary();
    const t = this.tok;
    if (t.type === 'op' && ASSIGN_OPS.has(t.text)) {
      if (!(left.kind === 'Ident' || left.kind === 'Member' || left.kind === 'Index') ||
          (left.kind === 'Member' && (left.spread))) {
        throw this.unexpected(t);
      }
      this.next();
      const value = this.parseExpression();
      return { kind: 'Assign', op: t.text as AssignOp, target: left, value, line: left.line, column: left.column };
    }
    return left;
  }

  private parseTernary(): Expr {
    const test = this.parseBinary(0);
    if (this.isOp('?')) {
      this.next();
      const consequent = this.parseTernaryBranch();
      this.expectOp(':');
      const alternate = this.parseTernaryBranch();
      return { kind: 'Ternary', test, consequent, alternate, line: test.line, column: test.column };
    }
    if (this.isOp('?:')) {
      this.next();
      const right = this.parseTernaryBranch();
      return { kind: 'Elvis', left: test, right, line: test.line, column: test.column };
    }
    return test;
  }

  private parseTernaryBranch(): Expr {
    this.enter();
    this.nlIgnore++;
    const e = this.parseTernary();
    this.nlIgnore--;
    this.leave();
    if (this.tok.type === 'op' && ASSIGN_OPS.has(this.tok.text)) throw this.unexpected();
    return e;
  }

  /** The level in LEVELS of `t` as a binary operator, or -1 (keywords are relational or none). */
  private binaryLevel(t: Token): number {
    if (t.type === 'op') return LEVEL_OF.get(t.text) ?? -1;
    if (t.type === 'kw' && LEVEL_OF.get(t.text) === RELATIONAL_LEVEL) return RELATIONAL_LEVEL;
    return -1;
  }

  /**
   * Binary operators of `minLevel` and tighter, all left-associative: precedence climbing, which
   * reads the same trees as one function per level would, without ten calls for every operand.
   */
  private parseBinary(minLevel: number): Expr {
    let left = this.parseUnary();
    for (;;) {
      const t = this.tok;
      const level = this.binaryLevel(t);
      if (level < minLevel) return left;
      if (t.nl && this.nlIgnore === 0 && NO_CONTINUATION.has(t.text)) return left;
      if (level === RELATIONAL_LEVEL) {
        if (t.text === '!') {
          // `!in` / `!instanceof`
          const k = this.peekTok(1);
          if (!(k.type === 'kw' && (k.text === 'in' || k.text === 'instanceof')) || k.start !== t.end) return left;
          this.next();
          this.next();
          if (k.text === 'in') {
            const right = this.parseBinary(level + 1);
            left = { kind: 'Binary', op: '!in', left, right, line: left.line, column: left.column };
          } else {
            const ty = this.tryParseType();
            if (ty === null) throw this.unexpected();
            left = { kind: 'InstanceOf', expr: left, typeName: ty, negated: true, line: left.line, column: left.column };
          }
          continue;
        }
        if (t.text === 'instanceof' || t.text === 'as') {
          this.next();
          const ty = this.tryParseType();
          if (ty === null) throw this.unexpected();
          left = t.text === 'as'
            ? { kind: 'Cast', expr: left, typeName: ty, line: left.line, column: left.column }
            : { kind: 'InstanceOf', expr: left, typeName: ty, negated: false, line: left.line, column: left.column };
          continue;
        }
      }
      this.next();
      const right = this.parseBinary(level + 1);
      if (t.text === '&&' || t.text === '||') {
        left = { kind: 'Logical', op: t.text, left, right, line: left.line, column: left.column };
      } else if (t.text === '..' || t.text === '..<') {
        left = { kind: 'Range', from: left, to: right, exclusive: t.text === '..<', line: left.line, column: left.column };
      } else {
        left = { kind: 'Binary', op: t.text as BinaryOp, left, right, line: left.line, column: left.column };
      }
    }
  }

  private parseUnary(): Expr {
    this.enter();
    const e = this.unary();
    this.leave();
    return e;
  }

  private unary(): Expr {
    const t = this.tok;
    if (t.type === 'op') {
      if (t.text === '-' || t.text === '+') {
        this.next();
        const operand = this.parseUnary();
        if (t.text === '-' && operand.kind === 'Literal' && typeof operand.value === 'number' && !this.parenthesized.has(operand)) {
          return { kind: 'Literal', value: -operand.value, line: t.line, column: t.column };
        }
        return { kind: 'Unary', op: t.text, operand, line: t.line, column: t.column };
      }
      if (t.text === '!' || t.text === '~') {
        this.next();
        const operand = this.parseUnary();
        return { kind: 'Unary', op: t.text, operand, line: t.line, column: t.column };
      }
      if (t.text === '++' || t.text === '--') {
        this.next();
        const target = this.parseUnary();
        this.checkUpdateTarget(target, t);
        return { kind: 'Update', op: t.text, prefix: true, target, line: t.line, column: t.column };
      }
    }
    return this.parsePower();
  }

  private checkUpdateTarget(target: Expr, t: Token): void {
    if (!(target.kind === 'Ident' || target.kind === 'Member' || target.kind === 'Index')) throw this.unexpected(t);
  }

  private parsePower(): Expr {
    const base = this.parsePostfix();
    if (this.isOp('**')) {
      this.next();
      const exp = this.parseUnary();
      return { kind: 'Binary', op: '**', left: base, right: exp, line: base.line, column: base.column };
    }
    return base;
  }

  private parsePostfix(): Expr {
    let e = this.parsePrimary();
    for (;;) {
      const t = this.tok;
      if (t.type !== 'op') return e;
      if (t.text === '.' || t.text === '?.' || t.text === '*.') {
        this.next();
        const nt = this.tok;
        let name = '';
        let nameExpr: Expr | null = null;
        if (nt.type === 'id' || nt.type === 'kw') {
          name = nt.text;
        } else if (nt.type === 'str') {
          name = nt.str;
        } else if (nt.type === 'gstr') {
          nameExpr = this.gstring(nt);
        } else if (nt.type === 'op' && nt.text === '@') {
          throw this.unexpected(nt);
        } else {
          throw this.unexpected(nt);
        }
        this.next();
        const safe = t.text === '?.';
        const spread = t.text === '*.';
        if (this.isOp('(') && (!this.tok.nl || this.nlIgnore > 0)) {
          const args = this.parseCallArgs();
          e = { kind: 'MethodCall', object: e, name, nameExpr, args, safe, spread, line: nt.line, column: nt.column };
        } else if (this.isOp('{') && !this.tok.nl) {
          const args = [this.parseClosure()];
          this.trailingClosures(args);
          e = { kind: 'MethodCall', object: e, name, nameExpr, args, safe, spread, line: nt.line, column: nt.column };
        } else {
          e = { kind: 'Member', object: e, name, nameExpr, safe, spread, line: nt.line, column: nt.column };
        }
        continue;
      }
      if (t.text === '.&' || t.text === '::') throw this.unexpected(t);
      const sameLine = !t.nl || this.nlIgnore > 0;
      if (t.text === '(' && sameLine) {
        const args = this.parseCallArgs();
        if (e.kind === 'Ident' && !this.parenthesized.has(e)) {
          e = { kind: 'MethodCall', object: null, name: e.name, nameExpr: null, args, safe: false, spread: false, line: e.line, column: e.column };
        } else {
          e = { kind: 'Call', callee: e, args, line: e.line, column: e.column };
        }
        continue;
      }
      if (t.text === '[' && sameLine) {
        this.next();
        this.nlIgnore++;
        const items: Expr[] = [];
        for (;;) {
          items.push(this.parseExpression());
          if (!this.isOp(',')) break;
          this.next();
        }
        this.expectOp(']');
        this.nlIgnore--;
        const index: Expr = items.length === 1 ? items[0]! : { kind: 'List', items, line: items[0]!.line, column: items[0]!.column };
        e = { kind: 'Index', object: e, index, line: t.line, column: t.column };
        continue;
      }
      if (t.text === '{' && !t.nl && e.kind === 'Ident' && !this.parenthesized.has(e)) {
        const args = [this.parseClosure()];
        this.trailingClosures(args);
        e = { kind: 'MethodCall', object: null, name: e.name, nameExpr: null, args, safe: false, spread: false, line: e.line, column: e.column };
        continue;
      }
      if ((t.text === '++' || t.text === '--') && !t.nl) {
        this.checkUpdateTarget(e, t);
        this.next();
        e = { kind: 'Update', op: t.text, prefix: false, target: e, line: e.line, column: e.column };
        continue;
      }
      return e;
    }
  }

  /** `(args)` followed by optional trailing closures. */
  private parseCallArgs(): Expr[] {
    this.next(); // (
    this.nlIgnore++;
    const args = this.isOp(')') ? [] : this.parseArgItems(')');
    this.expectOp(')');
    this.nlIgnore--;
    this.trailingClosures(args);
    return args;
  }

  private trailingClosures(args: Expr[]): void {
    while (this.isOp('{') && !this.tok.nl) args.push(this.parseClosure());
  }

  /**
   * Comma-separated arguments; named ones (`a: 1`) are gathered into a map passed first.
   * `end` null: command-expression arguments (stop at the end of the line).
   */
  private parseArgItems(end: string | null): Expr[] {
    const args: Expr[] = [];
    const named: MapEntryNode[] = [];
    for (;;) {
      const entry = this.tryMapEntry();
      if (entry !== null) {
        named.push(entry);
      } else {
        const e = this.parseExpression();
        if (this.isOp(':')) {
          this.next();
          const value = this.parseExpression();
          named.push({ key: this.mapKey(e), value, line: e.line, column: e.column });
        } else {
          args.push(e);
        }
      }
      if (!this.isOp(',')) break;
      this.next();
      if (end !== null && this.isOp(end)) break;
    }
    if (named.length > 0) {
      const first = named[0]!;
      args.unshift({ kind: 'Map', entries: named, line: first.line, column: first.column });
    }
    return args;
  }

  /** `name:` / `'name':` / `1:` map entry start (keywords allowed as bare names). */
  private tryMapEntry(): MapEntryNode | null {
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

  private mapKey(e: Expr): Expr {
    if (e.kind === 'Ident' && !this.parenthesized.has(e)) return { kind: 'Literal', value: e.name, line: e.line, column: e.column };
    return e;
  }

  private parsePrimary(): Expr {
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
  private parseClosure(): ClosureExpr {
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
  private gstring(t: Token): Expr {
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
      const sub = new Parser(this.shared, new TokenStream(() => lexer.nextToken()), this.depth);
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
