"""Plural forms: the one reading of a ``Plural-Forms`` header.

gettext's rule, as ``msgfmt`` applies it: ``nplurals=N; plural=EXPRESSION;``
where EXPRESSION is a C expression on ``n`` evaluated in unsigned long
arithmetic.  The reader, the checks, the merge and the page lookups all use
this module, so a rule one of them accepts is never refused or replaced by
another.  Errors are ValueError with a sentence saying what is wrong; the
callers add the file and line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

__all__ = ["MAX_NPLURALS", "PLURAL_RANGE", "parse_plural_forms", "compile_plural",
           "plural_table"]

MAX_NPLURALS = 100
# The counts a rule is tried on before it is accepted (as msgfmt --check does
# for 0..1000): every form it gives must exist.
PLURAL_RANGE = range(1001)
_MAX_LENGTH = 1000

_NPLURALS = re.compile(r"nplurals\s*=\s*([0-9]+)")
_PLURAL = re.compile(r"plural\s*=([^;]*)")


def parse_plural_forms(value: str) -> tuple[int, str]:
    """``nplurals`` and the expression of a Plural-Forms header value."""
    count, formula = _NPLURALS.search(value), _PLURAL.search(value)
    if not count or not formula or not formula.group(1).strip():
        raise ValueError("Plural-Forms must give nplurals=NUMBER and plural=EXPRESSION")
    nplurals = int(count.group(1))
    if not 1 <= nplurals <= MAX_NPLURALS:
        raise ValueError(f"nplurals={count.group(1)} is not a sensible number of plural forms "
                         f"(1 to {MAX_NPLURALS})")
    return nplurals, formula.group(1).strip()


_TOKEN = re.compile(r"\s*(?:([0-9]+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_MASK = (1 << 64) - 1
_BINARY = {
    "||": (1, lambda a, b: int(bool(a or b))),
    "&&": (2, lambda a, b: int(bool(a and b))),
    "==": (3, lambda a, b: int(a == b)), "!=": (3, lambda a, b: int(a != b)),
    "<": (4, lambda a, b: int(a < b)), ">": (4, lambda a, b: int(a > b)),
    "<=": (4, lambda a, b: int(a <= b)), ">=": (4, lambda a, b: int(a >= b)),
    "+": (5, lambda a, b: (a + b) & _MASK), "-": (5, lambda a, b: (a - b) & _MASK),
    "*": (6, lambda a, b: (a * b) & _MASK), "/": (6, lambda a, b: a // b),
    "%": (6, lambda a, b: a % b),
}


@functools.lru_cache(maxsize=512)
def compile_plural(text: str) -> Callable[[int], int]:
    """A function n -> form index for a gettext plural expression (C syntax,
    unsigned 64-bit arithmetic).  ValueError if it cannot be read; the
    function raises ZeroDivisionError where the expression divides by zero."""
    if len(text) > _MAX_LENGTH:
        raise ValueError(f"the expression is longer than {_MAX_LENGTH} characters")
    try:
        return _compile(text)
    except RecursionError:
        raise ValueError("the expression is nested too deeply") from None


def _compile(text: str) -> Callable[[int], int]:
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match:
            raise ValueError(f"unexpected {text[pos:].strip()[:1]!r}")
        number, _, op = match.groups()
        tokens.append(int(number) if number is not None else op or "n")
        pos = match.end()
    tokens.append(None)
    index = 0

    def take() -> object:
        nonlocal index
        index += 1
        return tokens[index - 1]

    def ternary() -> Callable[[int], int]:
        cond = binary(1)
        if tokens[index] != "?":
            return cond
        take()
        yes = ternary()
        if take() != ":":
            raise ValueError("'?' without ':'")
        no = ternary()
        return lambda n: yes(n) if cond(n) else no(n)

    def binary(level: int) -> Callable[[int], int]:
        left = unary()
        while isinstance(tokens[index], str) and tokens[index] in _BINARY \
                and _BINARY[tokens[index]][0] >= level:
            prec, op = _BINARY[take()]
            right = binary(prec + 1)
            left = (lambda f, g, op: lambda n: op(f(n), g(n)))(left, right, op)
        return left

    def unary() -> Callable[[int], int]:
        token = take()
        if token == "!":
            inner = unary()
            return lambda n: int(not inner(n))
        if token == "(":
            inner = ternary()
            if take() != ")":
                raise ValueError("missing ')'")
            return inner
        if token == "n":
            return lambda n: n & _MASK
        if isinstance(token, int):
            return lambda n: token & _MASK
        raise ValueError("the expression is incomplete" if token is None
                         else f"unexpected {token!r}")

    expression = ternary()
    if tokens[index] is not None:
        raise ValueError(f"unexpected {tokens[index]!r}")
    return expression


@functools.lru_cache(maxsize=512)
def plural_table(value: str) -> tuple[int, str, tuple[int, ...]]:
    """``nplurals``, the expression, and the form it gives for each n in
    PLURAL_RANGE, for a Plural-Forms value.  ValueError saying what is wrong
    when the value cannot be read, divides by zero or gives a form that
    nplurals does not allow.  Cached: every file of a language repeats it."""
    nplurals, expression = parse_plural_forms(value)
    try:
        function = compile_plural(expression)
    except ValueError as exc:
        raise ValueError(f"the plural expression {expression!r} cannot be read: {exc}") from None
    forms = []
    for n in PLURAL_RANGE:
        try:
            form = function(n)
        except ZeroDivisionError:
            raise ValueError(f"the plural expression divides by zero for n={n}") from None
        if form >= nplurals:
            raise ValueError(f"the plural expression gives form {form} for n={n}, "
                             f"but nplurals={nplurals} allows only 0 to {nplurals - 1}")
        forms.append(form)
    return nplurals, expression, tuple(forms)
