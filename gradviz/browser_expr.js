// The interpreter of gradviz's browser programs (gradviz/browser_expr.py prints them).
// A program is an array of tokens in postfix order: a finite number pushes itself;
// "v0", "v1", ... push the point's coordinates; "nan", "inf", "-inf" push those values;
// an operator of the fixed list below pops its arguments and pushes its result. Any other
// token throws: nothing here evaluates text, and the list is the same as the printer's.
// Results follow numpy's rules (nan where undefined: log(-1), sqrt(-1), asin(2), 0/0).
const GV_EXPR = (() => {
  // numpy's power: pow(1, y) = 1 and pow(-1, ±inf) = 1 (JavaScript says NaN for both)
  function power(a, b) {
    if (a === 1) return 1;
    if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
    return Math.pow(a, b);
  }
  function run(prog, v) {
    const s = [];
    const pop = () => {
      if (s.length === 0) throw new Error("gradviz: a malformed program");
      return s.pop();
    };
    for (let i = 0; i < prog.length; i++) {
      const t = prog[i];
      if (typeof t === "number") { s.push(t); continue; }
      let b, a;
      switch (t) {
        case "v0": s.push(v[0]); break;
        case "v1": s.push(v[1]); break;
        case "v2": s.push(v[2]); break;
        case "v3": s.push(v[3]); break;
        case "v4": s.push(v[4]); break;
        case "v5": s.push(v[5]); break;
        case "v6": s.push(v[6]); break;
        case "v7": s.push(v[7]); break;
        case "nan": s.push(NaN); break;
        case "inf": s.push(Infinity); break;
        case "-inf": s.push(-Infinity); break;
        case "add": b = pop(); a = pop(); s.push(a + b); break;
        case "sub": b = pop(); a = pop(); s.push(a - b); break;
        case "mul": b = pop(); a = pop(); s.push(a * b); break;
        case "div": b = pop(); a = pop(); s.push(a / b); break;
        case "pow": b = pop(); a = pop(); s.push(power(a, b)); break;
        case "atan2": b = pop(); a = pop(); s.push(Math.atan2(a, b)); break;
        case "neg": s.push(-pop()); break;
        case "sin": s.push(Math.sin(pop())); break;
        case "cos": s.push(Math.cos(pop())); break;
        case "tan": s.push(Math.tan(pop())); break;
        case "asin": s.push(Math.asin(pop())); break;
        case "acos": s.push(Math.acos(pop())); break;
        case "atan": s.push(Math.atan(pop())); break;
        case "sinh": s.push(Math.sinh(pop())); break;
        case "cosh": s.push(Math.cosh(pop())); break;
        case "tanh": s.push(Math.tanh(pop())); break;
        case "asinh": s.push(Math.asinh(pop())); break;
        case "acosh": s.push(Math.acosh(pop())); break;
        case "atanh": s.push(Math.atanh(pop())); break;
        case "exp": s.push(Math.exp(pop())); break;
        case "log": s.push(Math.log(pop())); break;
        case "sqrt": s.push(Math.sqrt(pop())); break;
        case "abs": s.push(Math.abs(pop())); break;
        case "sign": a = pop(); s.push(a > 0 ? 1 : a < 0 ? -1 : a); break;
        // the slope of |u|: none at u = 0
        case "dsign": a = pop(); s.push(a > 0 ? 1 : a < 0 ? -1 : NaN); break;
        default: throw new Error("gradviz: not an allowed token: " + String(t).slice(0, 20));
      }
    }
    if (s.length !== 1) throw new Error("gradviz: a malformed program");
    return s[0];
  }
  // the value, or null where it is not defined (nan or ±inf), as the core reports it
  function defined(x) { return Number.isFinite(x) ? x : null; }
  return { run, defined };
})();
