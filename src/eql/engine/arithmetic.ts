/**
 * EQL arithmetic. JSON has one number type, so "integer" means an integral
 * value that no operand forces to double (`4.0` written in the query is a
 * double literal and turns truncating division off, as in ES).
 */
import type { ArithmeticOp } from "../ast.ts";
import type { EqlScalar } from "./values.ts";

/**
 * Applies `op`; a null or non-numeric operand gives null. Integer `/`
 * truncates toward zero; `%` takes the sign of the dividend (JS and Java
 * agree). Division or modulo by zero gives null (ES raises an error; null
 * keeps one bad event from failing a whole search).
 */
export function arithmetic(op: ArithmeticOp, a: EqlScalar, b: EqlScalar, forcedDouble: boolean): EqlScalar {
  if (typeof a !== "number" || typeof b !== "number") return null;
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/": {
      if (b === 0) return null;
      const q = a / b;
      return !forcedDouble && Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(q) : q;
    }
    case "%":
      return b === 0 ? null : a % b;
  }
}
