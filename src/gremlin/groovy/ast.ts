/**
 * AST of the Groovy subset loomgraph runs. Every node carries the 1-based line and column of
 * its first token.
 */

export interface Pos {
  line: number;
  column: number;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export interface LiteralExpr extends Pos {
  kind: 'Literal';
  value: null | boolean | number | string;
}

/** A double-quoted string with `$x` / `${expr}` parts. */
export interface GStringExpr extends Pos {
  kind: 'GString';
  /** Constant text and embedded expressions, in order. */
  parts: Array<string | Expr>;
}

export interface IdentExpr extends Pos {
  kind: 'Ident';
  name: string;
}

export interface ThisExpr extends Pos {
  kind: 'This';
}

export interface ListExpr extends Pos {
  kind: 'List';
  items: Expr[];
}

export interface MapEntryNode extends Pos {
  /** Bare names and literal keys are Literal nodes; `(expr)` keys are arbitrary expressions. */
  key: Expr;
  value: Expr;
}

export interface MapExpr extends Pos {
  kind: 'Map';
  entries: MapEntryNode[];
}

export interface RangeExpr extends Pos {
  kind: 'Range';
  from: Expr;
  to: Expr;
  exclusive: boolean;
}

export type UnaryOp = '!' | '-' | '+' | '~';

export interface UnaryExpr extends Pos {
  kind: 'Unary';
  op: UnaryOp;
  operand: Expr;
}

/** `++x`, `x--` ... */
export interface UpdateExpr extends Pos {
  kind: 'Update';
  op: '++' | '--';
  prefix: boolean;
  target: Expr;
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%' | '**'
  | '<<' | '>>' | '>>>'
  | '<' | '<=' | '>' | '>=' | '<=>'
  | '==' | '!=' | '===' | '!=='
  | '&' | '|' | '^'
  | 'in' | '!in';

export interface BinaryExpr extends Pos {
  kind: 'Binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

export interface LogicalExpr extends Pos {
  kind: 'Logical';
  op: '&&' | '||';
  left: Expr;
  right: Expr;
}

export interface TernaryExpr extends Pos {
  kind: 'Ternary';
  test: Expr;
  consequent: Expr;
  alternate: Expr;
}

export interface ElvisExpr extends Pos {
  kind: 'Elvis';
  left: Expr;
  right: Expr;
}

export type AssignOp =
  | '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '**='
  | '<<=' | '>>=' | '>>>=' | '&=' | '|=' | '^=';

export interface AssignExpr extends Pos {
  kind: 'Assign';
  op: AssignOp;
  /** Ident, Member or Index. */
  target: Expr;
  value: Expr;
}

export interface InstanceOfExpr extends Pos {
  kind: 'InstanceOf';
  expr: Expr;
  typeName: string;
  negated: boolean;
}

/** `expr as Type` and `(int) expr`. */
export interface CastExpr extends Pos {
  kind: 'Cast';
  expr: Expr;
  typeName: string;
}

export interface MemberExpr extends Pos {
  kind: 'Member';
  object: Expr;
  /** Constant member name (`a.b`, `a.'b'`). */
  name: string;
  /** Dynamic member name (`a."$b"`); when set, `name` is ''. */
  nameExpr: Expr | null;
  safe: boolean;
  spread: boolean;
}

export interface IndexExpr extends Pos {
  kind: 'Index';
  object: Expr;
  index: Expr;
}

/** `obj.name(args)` or, with object null, `name(args)`. */
export interface MethodCallExpr extends Pos {
  kind: 'MethodCall';
  object: Expr | null;
  name: string;
  nameExpr: Expr | null;
  args: Expr[];
  safe: boolean;
  spread: boolean;
}

/** `(expr)(args)`: calling a value. */
export interface CallExpr extends Pos {
  kind: 'Call';
  callee: Expr;
  args: Expr[];
}

export interface NewExpr extends Pos {
  kind: 'New';
  /** As written, possibly qualified (`java.util.ArrayList`), without generics. */
  typeName: string;
  args: Expr[];
}

export interface Param extends Pos {
  name: string;
  defaultValue: Expr | null;
}

export interface ClosureExpr extends Pos {
  kind: 'Closure';
  /** null: no `->`, so the closure has the implicit parameter `it`. */
  params: Param[] | null;
  body: Stmt[];
}

export type Expr =
  | LiteralExpr
  | GStringExpr
  | IdentExpr
  | ThisExpr
  | ListExpr
  | MapExpr
  | RangeExpr
  | UnaryExpr
  | UpdateExpr
  | BinaryExpr
  | LogicalExpr
  | TernaryExpr
  | ElvisExpr
  | AssignExpr
  | InstanceOfExpr
  | CastExpr
  | MemberExpr
  | IndexExpr
  | MethodCallExpr
  | CallExpr
  | NewExpr
  | ClosureExpr;

// ---------------------------------------------------------------------------------------------
// Statements

export interface ExprStmt extends Pos {
  kind: 'ExprStmt';
  expr: Expr;
}

export interface VarDeclarator extends Pos {
  name: string;
  init: Expr | null;
}

export interface VarDeclStmt extends Pos {
  kind: 'VarDecl';
  /** Declared type (simple or qualified name, generics dropped, `[]` kept); null for `def`. */
  typeName: string | null;
  declarators: VarDeclarator[];
}

/** `def (a, b) = expr`. */
export interface MultiDeclStmt extends Pos {
  kind: 'MultiDecl';
  names: string[];
  init: Expr;
}

export interface BlockStmt extends Pos {
  kind: 'Block';
  body: Stmt[];
}

export interface IfStmt extends Pos {
  kind: 'If';
  test: Expr;
  consequent: Stmt;
  alternate: Stmt | null;
}

export interface ForStmt extends Pos {
  kind: 'For';
  init: Stmt[];
  test: Expr | null;
  update: Expr[];
  body: Stmt;
}

export interface ForInStmt extends Pos {
  kind: 'ForIn';
  varName: string;
  iterable: Expr;
  body: Stmt;
}

export interface WhileStmt extends Pos {
  kind: 'While';
  test: Expr;
  body: Stmt;
}

export interface DoWhileStmt extends Pos {
  kind: 'DoWhile';
  body: Stmt;
  test: Expr;
}

export interface BreakStmt extends Pos {
  kind: 'Break';
}

export interface ContinueStmt extends Pos {
  kind: 'Continue';
}

export interface ReturnStmt extends Pos {
  kind: 'Return';
  value: Expr | null;
}

export interface ThrowStmt extends Pos {
  kind: 'Throw';
  expr: Expr;
}

export interface CatchClause extends Pos {
  /** Type names of a (multi-)catch; `['Exception']` when none was written. */
  types: string[];
  name: string;
  body: BlockStmt;
}

export interface TryStmt extends Pos {
  kind: 'Try';
  block: BlockStmt;
  catches: CatchClause[];
  finalizer: BlockStmt | null;
}

export interface MethodDefStmt extends Pos {
  kind: 'MethodDef';
  name: string;
  params: Param[];
  body: BlockStmt;
}

export interface AssertStmt extends Pos {
  kind: 'Assert';
  test: Expr;
  message: Expr | null;
  /** Source text of the asserted expression. */
  text: string;
}

/** `import ...` lines and stray `;`. */
export interface EmptyStmt extends Pos {
  kind: 'Empty';
}

export type Stmt =
  | ExprStmt
  | VarDeclStmt
  | MultiDeclStmt
  | BlockStmt
  | IfStmt
  | ForStmt
  | ForInStmt
  | WhileStmt
  | DoWhileStmt
  | BreakStmt
  | ContinueStmt
  | ReturnStmt
  | ThrowStmt
  | TryStmt
  | MethodDefStmt
  | AssertStmt
  | EmptyStmt;

export interface Program extends Pos {
  kind: 'Program';
  body: Stmt[];
  /** The script text (for error messages). */
  source: string;
}
