"""The hostile texts the tests submit, each list once, with one id scheme per list:

- ``HOSTILE`` (issue 14: slow or pathological maths): the core's sandboxed pipeline
  (tests/core/test_hostile_inputs.py), the server heartbeat (tests/app/test_heartbeat.py and
  its browser twin);
- ``CANT_USE`` and ``UNDEFINED_EVERYWHERE`` (code injection, odd characters, refused maths;
  accepted but undefined): the app (tests/app/test_hostile_app.py), the browser
  (tests/e2e/test_hostile_browser.py), the browser printer's allow-list
  (tests/core/test_browser_expr.py).

Plain strings: importing this module runs nothing else (the core's tests import it without
Streamlit).
"""

from __future__ import annotations

from pathlib import Path


def _product(factor: str, k: int) -> str:
    return "*".join([factor] * k)


#: id -> text; from the issue first, then what the fuzzer and the tests found
HOSTILE = {
    # -- issue 14 ----------------------------------------------------------------------------
    "pi tower of 5": "pi^pi^pi^pi^pi",
    "2^pi tower": "2^pi^pi^pi^pi^pi",
    "sqrt of 90 factors (629 chars)": f"sqrt({_product('10^300', 90)}+1)",
    "sqrt of 14 factors (105 chars)": f"sqrt({_product('10^300', 14)}+1)",
    "sqrt of 10 factors (77 chars)": f"sqrt({_product('10^300', 10)}+1)",
    "x^(1/ln(2))": "x^(1/ln(2))",
    "atan(tan(1e300))": "atan(tan(1e300))",
    "log(x, 0)": "log(x, 0)",
    # -- found while writing the tests -------------------------------------------------------
    "complex constant chain (29 chars)": "cos(atan(log(acos(asin(2)))))",
    "complex constant chain with sqrt": "cos(arctan(log(acos(abs(sqrt(asin(59)))))))",
    "accepted complex chain": "asin(asin(cos(arctan(log(acos(abs(sqrt(asin(59)))))))))",
    "log of 60 factors": f"log({_product('10^300', 60)}+1)",
    "ln of a 40-factor product minus one": f"ln({_product('9^99', 40)}-1)",
    "e tower": "e^e^e^e^e",
    "pi tower of 4 times x": "x*pi^pi^pi^pi",
    "x^(1/log(2))": "x^(1/log(2))",
    "x^(ln(3)/ln(2))": "x^(ln(3)/ln(2))",
    "tan of a huge float": "tan(1e300)*x",
    "sin of huge times x": "sin(9999999999e300)+x",
    # -- found by the fuzzer (tests/core/test_fuzz_parser.py) --------------------------------
    "0.0/0.0 (ZeroDivisionError)": "0.0/0.0",
    "2(0.0/0.0/0.0)": "2(0.0/0.0/0.0)",
    "recursion in a complex constant": "exp(log10(acosh(acosh(-e))))",
    "recursion in a complex constant, longer": "|cosh(arctan(exp(log10(acosh(acosh(-e))))))|",
    "complex constant chain of 9": "acosh(acos(cosh(cos(exp(csc(atanh(sqrt(cot(4262)))))))))",
    "exp of a long product": f"asinh(exp({_product('2^1000', 30)}))",
    "x^(1/ln(2)) in a sum": "-(x^(1/ln(2)))+(x^(1/ln(2)))+(x^(1/ln(2)))",
}

#: ids of HOSTILE that are not usable functions, by the parser's own rules (an exponent above
#: 1000, a number of more than 300 digits, a complex value) or issue 14's (log base 0): the
#: user must be told so. Others (x^(1/ln(2)), atan(tan(1e300))) may be accepted or refused.
REFUSED = {"pi tower of 5", "2^pi tower", "sqrt of 90 factors (629 chars)",
           "sqrt of 14 factors (105 chars)", "log(x, 0)", "complex constant chain (29 chars)",
           "0.0/0.0 (ZeroDivisionError)"}

#: texts that must be refused (they are not functions gradviz can draw)
MUST_REFUSE = {
    "log(x, 0)": "log(x, 0)",  # log base 0: accepted and drawn as 0 when the issue was filed
    "log(x, 1)": "log(x, 1)",  # log base 1: division by log(1) = 0
}

#: the quadratic explanation of issue 14: f = x+x+…+x (200 terms), a wrong answer of 100 terms
SUM_F = "+".join(["x"] * 200)
SUM_ANSWER = "+".join(f"y^{k}" for k in range(2, 102))


#: the file the injection texts below would create if they ever ran
SENTINEL = Path("/tmp/gv_pwned")


#: (id, text): typed or linked, each must give st.error "Can't use …" and change nothing
CANT_USE = [
    ("os-system", "__import__('os').system('touch /tmp/gv_pwned')"),
    ("dunder-chain", "().__class__.__bases__[0].__subclasses__()"),
    ("dunder-attr", "x.__class__"),
    ("builtins", "__builtins__"),
    ("lambda", "lambda x: __import__('os').system('touch /tmp/gv_pwned')"),
    ("comprehension", "[x for x in range(10**9)]"),
    ("exec", "exec('open(\"/tmp/gv_pwned\", \"w\")')"),
    ("open", "open('/tmp/gv_pwned', 'w')"),
    ("globals", "globals()"),
    ("statement", "x;import os"),
    ("conditional", "x if y else 0"),
    ("comparison", "x==y"),
    ("attribute", "x.real"),
    ("power-tower", "9^9^9^9"),
    ("factorial", "factorial(10^6)"),
    ("big-power", "10^10^10"),
    ("huge-constant", "1e308*x*y"),
    ("long-literal", "1" * 400 + "*x"),
    ("nested-5000", "(" * 5000 + "x" + ")" * 5000),
    ("nested-41", "sin(" * 41 + "x" + ")" * 41),
    ("many-tokens", "x" + "+x" * 400),
    ("200k-chars", "x+" * 100_000),
    ("nul", "x\x00+y"),
    ("rtl-override", "\u202ex+y"),
    ("zero-width", "x\u200b+y"),
    ("fullwidth", "ｘ^2+y"),
    ("cyrillic", "х^2+y"),
    ("emoji", "😀 + x"),
    ("backticks", "`x` [link](http://evil.example)"),
    ("latex", "\\frac{x}{y}"),
    ("sympy-sum", "Sum(x, (x, 1, 10))"),
    ("underscore-number", "1_000"),
    ("constant-tower", "pi^pi^pi^pi^pi"),  # once ran forever in sympy's evalf
    ("tower-exponent", "2^pi^pi^pi^pi^pi"),
    ("overflow-constant", "exp(1000) + 0*x*y"),
    ("sqrt-big-product", "sqrt(" + "10^300*" * 89 + "10^300+1)"),
    ("sympy-attribute-error", "atan(tan(1e300))"),
    ("log-base-zero", "log(x, 0)"),
    ("divide-zero", "1/0"),
    ("zero-over-zero", "0/0"),
    ("sqrt-minus-one", "sqrt(-1)"),
    ("log-minus-one", "log(-1)"),
    ("empty", "   "),
]
#: accepted but undefined everywhere in the view: st.warning, no st.error, no exception
UNDEFINED_EVERYWHERE = [
    ("log-negative", "log(-1 - x^2 - y^2)"),
    ("sqrt-negative", "sqrt(-1 - x^2 - y^2)"),
    ("asin-out-of-range", "asin(2 + x^2 + y^2)"),
    ("overflow-everywhere", "exp(exp(x^2 + y^2 + 7))"),  # e^(e^7) > 1e308 at every point
]
