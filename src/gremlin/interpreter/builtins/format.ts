/** String.format (also printf, sprintf, PrintStream.format): the Java format specifiers scripts use. */
import { ScriptError } from '../host.js';
import { javaClassOf, toGroovyString } from '../values.js';

export function formatString(fmt: string, args: readonly unknown[]): string {
  let argi = 0;
  return fmt.replace(/%([-#+ 0,(]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g, (whole, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    if (conv === 'n') return '\n';
    if (argi >= args.length) throw new ScriptError('java.util.MissingFormatArgumentException', `Format specifier '${whole}'`);
    const a = args[argi++];
    let s: string;
    switch (conv) {
      case 's':
      case 'S':
        s = toGroovyString(a);
        if (prec !== undefined) s = s.slice(0, Number(prec));
        if (conv === 'S') s = s.toUpperCase();
        break;
      case 'd':
        if (typeof a !== 'number' || !Number.isInteger(a)) {
          throw new ScriptError('java.util.IllegalFormatConversionException', `d != ${javaClassOf(a)}`);
        }
        s = flags.includes(',') ? a.toLocaleString('en-US') : String(a);
        if (flags.includes('+') && a >= 0) s = '+' + s;
        break;
      case 'f':
      case 'e':
        if (typeof a !== 'number') throw new ScriptError('java.util.IllegalFormatConversionException', `${conv} != ${javaClassOf(a)}`);
        s = conv === 'f' ? a.toFixed(prec === undefined ? 6 : Number(prec)) : a.toExponential(prec === undefined ? 6 : Number(prec));
        if (flags.includes('+') && a >= 0) s = '+' + s;
        break;
      case 'x':
      case 'X':
        s = typeof a === 'number' ? (a >>> 0).toString(16) : toGroovyString(a);
        if (conv === 'X') s = s.toUpperCase();
        break;
      case 'b':
        s = String(a !== null && a !== undefined && a !== false);
        break;
      case 'c':
        s = typeof a === 'number' ? String.fromCharCode(a) : toGroovyString(a);
        break;
      default:
        throw new ScriptError('java.util.UnknownFormatConversionException', `Conversion = '${conv}'`);
    }
    if (width !== undefined && s.length < Number(width)) {
      const w = Number(width);
      if (flags.includes('-')) s = s.padEnd(w);
      else if (flags.includes('0') && 'dfex'.includes(conv)) {
        const neg = s.startsWith('-') || s.startsWith('+');
        s = neg ? s[0] + s.slice(1).padStart(w - 1, '0') : s.padStart(w, '0');
      } else s = s.padStart(w);
    }
    return s;
  });
}
