// The interpreter of gradviz's browser programs: gradviz/browser_expr.py prints them and
// describes their tokens. Any token outside the fixed list below (the printer's) throws:
// nothing here evaluates text. A program is checked once and kept as numbers (a WeakMap on
// the array); it then runs token by token over a block of points (run: one point; evaluate:
// many). Results follow numpy's rules (nan where undefined: log(-1), sqrt(-1), asin(2), 0/0).
const GV_EXPR = (() => {
  const MAX_TOKENS = 1259712, MAX_REGISTERS = MAX_TOKENS / 2; // as browser_expr.py
  const BLOCK = 256; // points per pass of evaluate
  const NAMES = ["add", "sub", "mul", "div", "pow", "atan2", "hypot", "real", "neg", "sin",
    "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
    "exp", "log", "sqrt", "abs", "sign", "dsign"];
  const OPS = new Map(NAMES.map((n, i) => [n, i])), BINARY = 8; // ops below 8 pop two
  const NUM = 100, VAR = 101, SET = 102, GET = 103;
  const CONST = new Map([["nan", NaN], ["inf", Infinity], ["-inf", -Infinity]]);
  const REG = /^(set|get|v)(0|[1-9][0-9]{0,6})$/;
  const compiled = new WeakMap();

  function bad(what) { throw new Error("gradviz: " + what); }
  function compile(prog) {
    if (!Array.isArray(prog) || prog.length > MAX_TOKENS) bad("a malformed program");
    const n = prog.length, code = new Int32Array(n), arg = new Float64Array(n), isSet = [];
    let depth = 0, most = 0;
    for (let i = 0; i < n; i++) {
      const t = prog[i];
      let m, pops = 0;
      if (typeof t === "number" && Number.isFinite(t)) { code[i] = NUM; arg[i] = t; }
      else if (typeof t !== "string") bad("not an allowed token: " + typeof t);
      else if (CONST.has(t)) { code[i] = NUM; arg[i] = CONST.get(t); }
      else if (OPS.has(t)) { code[i] = OPS.get(t); pops = code[i] < BINARY ? 2 : 1; }
      else if ((m = REG.exec(t)) !== null) {
        const k = (arg[i] = Number(m[2]));
        if (m[1] === "v") { if (k > 7) bad("not an allowed token: " + t); code[i] = VAR; }
        else if (m[1] === "set") { if (k >= MAX_REGISTERS) bad("a malformed program"); isSet[k] = true; code[i] = SET; pops = 1; }
        else { if (!isSet[k]) bad("a malformed program"); code[i] = GET; }
      } else bad("not an allowed token: " + t.slice(0, 20));
      if (depth < pops) bad("a malformed program");
      depth += 1 - pops;
      most = Math.max(most, depth);
    }
    if (depth !== 1) bad("a malformed program");
    return { code, arg, depth: most, registers: isSet.length, work: null };
  }
  // numpy's power: pow(1, y) = 1 and pow(-1, ±inf) = 1 (JavaScript says NaN for both)
  function power(a, b) {
    if (a === 1) return 1;
    if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
    return Math.pow(a, b);
  }
  // the program over points [from, from + n): cols[j] is the j-th coordinate (an array, or
  // a number for all points); its values go to out[from...]
  function pass(c, cols, from, n, out) {
    const { code, arg } = c, s = c.work.stack, r = c.work.registers;
    let top = -1, a, b;
    for (let i = 0; i < code.length; i++) {
      const op = code[i];
      if (op < BINARY) { b = s[top--]; }
      if (op < NUM) a = s[top];
      switch (op) {
        case 0: for (let k = 0; k < n; k++) a[k] += b[k]; break;
        case 1: for (let k = 0; k < n; k++) a[k] -= b[k]; break;
        case 2: for (let k = 0; k < n; k++) a[k] *= b[k]; break;
        case 3: for (let k = 0; k < n; k++) a[k] /= b[k]; break;
        case 4: for (let k = 0; k < n; k++) a[k] = power(a[k], b[k]); break;
        case 5: for (let k = 0; k < n; k++) a[k] = Math.atan2(a[k], b[k]); break;
        case 6: for (let k = 0; k < n; k++) a[k] = Math.hypot(a[k], b[k]); break;
        // numpy's real part of a complex result: nan where its imaginary part is not tiny
        case 7: for (let k = 0; k < n; k++) if (Math.abs(b[k]) > 1e-12 * Math.max(1, Math.abs(a[k]))) a[k] = NaN; break;
        case 8: for (let k = 0; k < n; k++) a[k] = -a[k]; break;
        case 9: for (let k = 0; k < n; k++) a[k] = Math.sin(a[k]); break;
        case 10: for (let k = 0; k < n; k++) a[k] = Math.cos(a[k]); break;
        case 11: for (let k = 0; k < n; k++) a[k] = Math.tan(a[k]); break;
        case 12: for (let k = 0; k < n; k++) a[k] = Math.asin(a[k]); break;
        case 13: for (let k = 0; k < n; k++) a[k] = Math.acos(a[k]); break;
        case 14: for (let k = 0; k < n; k++) a[k] = Math.atan(a[k]); break;
        case 15: for (let k = 0; k < n; k++) a[k] = Math.sinh(a[k]); break;
        case 16: for (let k = 0; k < n; k++) a[k] = Math.cosh(a[k]); break;
        case 17: for (let k = 0; k < n; k++) a[k] = Math.tanh(a[k]); break;
        case 18: for (let k = 0; k < n; k++) a[k] = Math.asinh(a[k]); break;
        case 19: for (let k = 0; k < n; k++) a[k] = Math.acosh(a[k]); break;
        case 20: for (let k = 0; k < n; k++) a[k] = Math.atanh(a[k]); break;
        case 21: for (let k = 0; k < n; k++) a[k] = Math.exp(a[k]); break;
        case 22: for (let k = 0; k < n; k++) a[k] = Math.log(a[k]); break;
        case 23: for (let k = 0; k < n; k++) a[k] = Math.sqrt(a[k]); break;
        case 24: for (let k = 0; k < n; k++) a[k] = Math.abs(a[k]); break;
        // numpy's sign (sign(-0) = 0); dsign: the slope of |u|, none at u = 0
        case 25: for (let k = 0; k < n; k++) a[k] = a[k] > 0 ? 1 : a[k] < 0 ? -1 : a[k] === 0 ? 0 : a[k]; break;
        case 26: for (let k = 0; k < n; k++) a[k] = a[k] > 0 ? 1 : a[k] < 0 ? -1 : NaN; break;
        case NUM: { const d = s[++top], x = arg[i]; for (let k = 0; k < n; k++) d[k] = x; break; }
        case VAR: {
          const col = cols[arg[i]], dst = s[++top];
          if (typeof col === "number" || col === undefined) { const x = col === undefined ? NaN : col; for (let k = 0; k < n; k++) dst[k] = x; }
          else for (let k = 0; k < n; k++) dst[k] = col[from + k];
          break;
        }
        case SET: { const src = s[top], dst = r[arg[i]]; for (let k = 0; k < n; k++) dst[k] = src[k]; break; }
        default: { const src = r[arg[i]], dst = s[++top]; for (let k = 0; k < n; k++) dst[k] = src[k]; }
      }
    }
    for (let k = 0; k < n; k++) out[from + k] = s[0][k];
  }
  function prepared(prog, size) {
    let c = compiled.get(prog);
    if (c === undefined) { c = compile(prog); compiled.set(prog, c); }
    if (c.work === null || c.work.size < size) {
      const block = () => new Float64Array(size);
      c.work = { size, stack: Array.from({ length: c.depth }, block),
                 registers: Array.from({ length: c.registers }, block) };
    }
    return c;
  }
  const one = new Float64Array(1);
  // the value at one point v (an array of coordinates)
  function run(prog, v) {
    pass(prepared(prog, 1), v, 0, 1, one);
    return one[0];
  }
  // the values at many points: cols[j] holds the j-th coordinate of every point (an array)
  // or of all of them (a number); a Float64Array as long as the longest column
  function evaluate(prog, cols) {
    const n = Math.max(1, ...cols.map((c) => (typeof c === "number" ? 1 : c.length)));
    const c = prepared(prog, BLOCK), out = new Float64Array(n);
    for (let from = 0; from < n; from += BLOCK) pass(c, cols, from, Math.min(BLOCK, n - from), out);
    return out;
  }
  // the value, or null where it is not defined (nan or ±inf), as the core reports it
  function defined(x) { return Number.isFinite(x) ? x : null; }
  return { run, evaluate, defined };
})();
