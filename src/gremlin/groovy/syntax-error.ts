/** Groovy's compile error, raised by the lexer, the parser and the interpreter's compiler. */
import { ScriptError } from '../interpreter/host.js';

const LF = 10;
const CR = 13;

/** Groovy's compile error shape (what HugeGraph returns for a script that does not parse). */
export function syntaxError(source: string, line: number, column: number, description: string): ScriptError {
  const text = lineOf(source, line);
  const caret = ' '.repeat(Math.max(0, column - 1)) + '^';
  const msg =
    `startup failed:\nScript1.groovy: ${line}: ${description} @ line ${line}, column ${column}.\n` +
    `   ${text}\n   ${caret}\n\n1 error\n`;
  return new ScriptError('org.codehaus.groovy.control.MultipleCompilationErrorsException', msg, [
    'org.codehaus.groovy.control.CompilationFailedException',
    'groovy.lang.GroovyRuntimeException',
    'java.lang.RuntimeException',
    'java.lang.Exception',
    'java.lang.Throwable',
  ]);
}

/** Line `line` (from 1) of `source` without its line break; lines end at \r\n, \r or \n. */
function lineOf(source: string, line: number): string {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const end = lineEnd(source, start);
    if (end >= source.length) return '';
    start = end + (source.charCodeAt(end) === CR && source.charCodeAt(end + 1) === LF ? 2 : 1);
  }
  return source.slice(start, lineEnd(source, start));
}

function lineEnd(source: string, from: number): number {
  let i = from;
  while (i < source.length && source.charCodeAt(i) !== LF && source.charCodeAt(i) !== CR) i++;
  return i;
}
