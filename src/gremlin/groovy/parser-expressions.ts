/**
 * Expressions: assignment, the ternary and Elvis operators, binary operators by precedence
 * climbing, unary and `**`, and the postfix chains (members, calls with their arguments and
 * trailing closures, indexing, `++`/`--`).
 */
import type { AssignOp, BinaryOp, Expr, MapEntryNode } from './ast.js';
import { LiteralParser } from './parser-literals.js';
import type { Token } from './token.js';

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

export abstract class ExpressionParser extends LiteralParser {
  override parseExpression(): Expr {
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

  protected override parseUnary(): Expr {
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
  protected override parseArgItems(end: string | null): Expr[] {
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
}
