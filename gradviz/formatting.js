// How gradviz writes numbers in the browser: the rule of gradviz/formatting.py (a Chromium
// test compares the two on hundreds of values; toFixed/toExponential round the exact binary
// value, ties away from zero, as Python's Decimal there). Plain text only: callers put it in
// textContent or draw it on a canvas, never into innerHTML.
const GV_FMT = (() => {
  const EXP_BELOW = -4, EXP_FROM = 6;

  function strip(text) {
    return text.indexOf(".") < 0 ? text : text.replace(/0+$/, "").replace(/\.$/, "");
  }

  // scientific notation as Python writes it: "1.235e+06", "1.2e-09"
  function sci(mantissa, exp) {
    return mantissa + "e" + (exp < 0 ? "-" : "+") + String(Math.abs(exp)).padStart(2, "0");
  }

  function number(v, digits = 4) {
    if (typeof v !== "number" || !Number.isFinite(v)) return "undefined";
    if (v === 0) return "0";
    const a = Math.abs(v);
    const [mantissa, e] = a.toExponential(digits - 1).split("e");
    const exp = Number(e);  // after rounding: 9.99995 -> "1.000e+1"
    const text = exp < EXP_BELOW || exp >= EXP_FROM ? sci(strip(mantissa), exp)
      : strip(a.toFixed(Math.max(digits, digits - 1 - exp)));
    return v < 0 ? "-" + text : text;
  }

  function vector(values, digits = 4) {
    return "(" + Array.from(values, (v) => number(v, digits)).join(", ") + ")";
  }

  function matrix(rows, digits = 4) {
    return "[" + Array.from(rows, (r) => "[" + Array.from(r, (v) => number(v, digits))
      .join(", ") + "]").join(", ") + "]";
  }

  // A coordinate exactly as given: the shortest text that reads back as the same double,
  // laid out as Python's repr (scientific below 1e-4 and from 1e16), ".0" dropped.
  function coordinate(v) {
    if (typeof v !== "number" || !Number.isFinite(v)) return "undefined";
    if (v === 0) return "0";
    const a = Math.abs(v);
    const [m, e] = a.toExponential().split("e");  // shortest round-trip digits
    const exp = Number(e);
    const digits = m.replace(".", "");
    let text;
    if (exp < -4 || exp >= 16) {
      text = sci(m, exp);
    } else if (exp < 0) {
      text = "0." + "0".repeat(-exp - 1) + digits;
    } else if (digits.length <= exp + 1) {
      text = digits + "0".repeat(exp + 1 - digits.length);
    } else {
      text = digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
    }
    return v < 0 ? "-" + text : text;
  }

  function point(p) {
    return "(" + Array.from(p, coordinate).join(", ") + ")";
  }

  return Object.freeze({ number, vector, matrix, point });
})();
