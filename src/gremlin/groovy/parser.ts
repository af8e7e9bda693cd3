/**
 * Recursive-descent parser for the Groovy subset (see docs in ast.ts). Newlines end statements
 * unless the expression is obviously unfinished; a line starting with `.` / `?.` continues the
 * previous one (Gremlin chains). The grammar is in layers, parser-state.ts up to
 * parser-statements.ts; this is its entry.
 *
 * Parsing is part of a script's run: it calls the run's checkpoint every TOKENS_PER_CHECKPOINT
 * tokens it reads (the lexer does too, inside long tokens), it takes time linear in the script's
 * size, and nesting deeper than MAX_NESTING fails with StackOverflowError.
 */
import type { Program } from './ast.js';
import { Lexer, type ParseControl } from './lexer.js';
import { ParseFailure, type ParserShared } from './parser-state.js';
import { Parser } from './parser-statements.js';
import { syntaxError } from './syntax-error.js';
import type { HoleEnds } from './token.js';
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
