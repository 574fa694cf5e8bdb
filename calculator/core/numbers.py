"""Decimal arithmetic with stated rounding: never float for points."""
from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, Inexact, InvalidOperation, getcontext
from fractions import Fraction

from .problems import NumberError, Problem

ZERO = Decimal(0)
ROUNDING_MODES = {"half_up": ROUND_HALF_UP}


def to_decimal(value, what: str = "number") -> Decimal:
    """Exact conversion from YAML/JSON scalars: strings and ints are exact; floats go through
    their shortest repr (0.1 -> Decimal('0.1')), never through binary expansion. A value that is
none of these raises NumberError (a ValueError) carrying its Problem."""
    if isinstance(value, bool):
        raise NumberError(what, Problem("boolean_not_number"))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (int, str)):
        try:
            d = Decimal(str(value).strip())
        except InvalidOperation:
            raise NumberError(what, Problem("not_a_number", {"value": repr(value)})) from None
    elif isinstance(value, float):
        d = Decimal(repr(value))
    else:
        raise NumberError(what, Problem("not_a_number", {"value": repr(value)}))
    if not d.is_finite():
        raise NumberError(what, Problem("not_finite", {"value": repr(value)}))
    return d


_QUANTA = {p: Decimal(1).scaleb(-p) for p in range(7)}
_ZEROS = {p: "0." + "0" * p if p else "0" for p in range(7)}


def quantizer(places: int) -> Decimal:
    return _QUANTA.get(places) or Decimal(1).scaleb(-places)


def ceil_to(value: Decimal, q: Decimal) -> Decimal:
    return value.quantize(q, rounding=ROUND_CEILING)


def fmt(value: Decimal, places: int = 2) -> str:
    """Points as the API shows them: a string with exactly `places` decimals ("105.42", "-0.29")."""
    s = f"{value.quantize(quantizer(places), rounding=ROUND_HALF_UP):f}"
    if s[0] == "-" and s[1:] == _ZEROS.get(places):  # no "-0.00"
        return s[1:]
    return s


def exact_div(num: Decimal, den: int):
    """num / den exactly: a Decimal when the quotient terminates, else a Fraction. A sum of
    non-terminating parts (five insurances at 0.3/12 each) must not lose a half-cent tie to
    28-digit rounding before the item is rounded (the batch engine is exact; this keeps both
    engines equal)."""
    ctx = getcontext()
    ctx.flags[Inexact] = False
    q = num / den
    if not ctx.flags[Inexact]:  # (a multiply-back check is fooled: it rounds too)
        return q
    return Fraction(num) / den


def as_exact(value):
    """Decimal or Fraction, as something both can be added to."""
    return Fraction(value) if isinstance(value, Decimal) else value


def round_item(value, quantum: Decimal) -> Decimal:
    """An item's points rounded half up (away from zero) to the quantum, exactly."""
    if isinstance(value, Fraction):
        places = -quantum.as_tuple().exponent
        scaled = value * 10 ** places
        mag = (abs(scaled.numerator) * 2 + scaled.denominator) // (2 * scaled.denominator)
        return Decimal(-mag if scaled < 0 else mag).scaleb(-places) + ZERO
    return value.quantize(quantum, rounding=ROUND_HALF_UP) + ZERO
