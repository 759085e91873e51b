"""Issue 14's hostile texts, one list with one id scheme, for every test that submits them:
the core's sandboxed pipeline (tests/core/test_hostile_inputs.py) and the server heartbeat
(tests/app/test_heartbeat.py). Plain strings: importing this module runs nothing else.
"""

from __future__ import annotations


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
