"""Decimal arithmetic with stated rounding: never float for points."""
from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, Inexact, InvalidOperation, getcontext
from fractions import Fraction
from math import gcd

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
_PLACES = {id(q): p for p, q in _QUANTA.items()}  # by identity: 0.010 == 0.01, yet 3 places
_ZEROS = {p: "0." + "0" * p if p else "0" for p in range(7)}


def quantizer(places: int) -> Decimal:
    return _QUANTA.get(places) or Decimal(1).scaleb(-places)


def ceil_to(value: Decimal, q: Decimal) -> Decimal:
    return value.quantize(q, rounding=ROUND_CEILING)


def fmt(value: Decimal, places: int = 2) -> str:
    """Points as the API shows them: a string with exactly `places` decimals ("105.42", "-0.29").
    Up to 6 places str() of the quantized value already writes plain digits (it turns to an
    exponent only below 1E-6), at half the cost of a format spec; the mode is passed
    positionally, which costs half of passing it by keyword (a result formats ~50 numbers)."""
    q = _QUANTA.get(places)
    s = str(value.quantize(q, ROUND_HALF_UP)) if q is not None else \
        f"{value.quantize(quantizer(places), ROUND_HALF_UP):f}"
    if s[0] == "-" and s[1:] == (_ZEROS.get(places) or "0." + "0" * places):  # no "-0.00"
        return s[1:]
    return s


PERCENT_PLACES = 1


def percent_value(share, places: int = PERCENT_PLACES) -> Decimal | None:
    """A share (0..1: Decimal, float or int) as a percentage, half up to `places` decimals; a
    float goes through its shortest repr, never its binary expansion."""
    if share is None:
        return None
    d = share if isinstance(share, Decimal) else Decimal(repr(share)) if isinstance(share, float) else Decimal(share)
    return (d * 100).quantize(quantizer(places), rounding=ROUND_HALF_UP)


def percent(share, places: int = PERCENT_PLACES) -> str | None:
    """The one percentage format of pages, API, console, CLI and simulation: 0.59651 -> '59.7'."""
    value = percent_value(share, places)
    return None if value is None else str(value)


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
    n, d = num.as_integer_ratio()
    return Fraction(n, d * den)  # one reduction, not a conversion then a division


def divider(den: int):
    """n -> n / den exactly, for integers n and a fixed positive den (a rule's common unit):
    a Decimal when the quotient terminates, else a Fraction, as exact_div gives. What decides
    termination (den's factors of 2 and 5) is worked out once, not per call."""
    twos_fives, rest, a, b = 1, den, 0, 0
    while rest % 2 == 0:
        rest, twos_fives, a = rest // 2, twos_fives * 2, a + 1
    while rest % 5 == 0:
        rest, twos_fives, b = rest // 5, twos_fives * 5, b + 1
    # n / den then has at most max(a, b) decimals: below `limit`, it fits 28 digits exactly
    limit = 10 ** max(getcontext().prec - max(a, b) - 1, 0)

    def divide(n: int):
        if not n:  # nothing counted, the usual case of a deduction
            return ZERO
        if -limit < n < limit and twos_fives % (den // gcd(n, den)) == 0:
            return Decimal(n) / den
        return Fraction(n, den)
    return divide


def terminating_quotient(num: Decimal, den: int, digits: int = 12) -> Decimal | None:
    """num / den as a Decimal of at most `digits` significant digits when it is exactly that,
    else None: a rule's rate per unit worked out once (3 points a year of months: 0.25 a
    month), so that scoring multiplies a count by it exactly instead of dividing each time."""
    q = exact_div(num, den)
    if isinstance(q, Decimal) and len(q.normalize().as_tuple().digits) <= digits:
        return q
    return None


def as_exact(value):
    """Decimal or Fraction, as something both can be added to."""
    return Fraction(value) if isinstance(value, Decimal) else value


def round_item(value, quantum: Decimal) -> Decimal:
    """An item's points rounded half up (away from zero) to the quantum, exactly (+ ZERO: no
    "-0.00"). The rounding is passed by position: a keyword doubles quantize's time."""
    if type(value) is Decimal:  # the usual case first
        return value.quantize(quantum, ROUND_HALF_UP) + ZERO
    if isinstance(value, Fraction):
        places = _PLACES.get(id(quantum))  # one of quantizer()'s own: its places known
        known = places is not None
        if not known:
            places = -quantum.as_tuple().exponent
        # half up on the integers: floor(|x| / d + 1/2), with no Fraction arithmetic
        x, d = value.numerator * 10 ** places, value.denominator
        mag = (abs(x) * 2 + d) // (2 * d)
        digits = Decimal(-mag if x < 0 else mag)
        # times 1E-places is the digits scaled (and an int has no negative zero to undo)
        return digits * quantum if known else digits.scaleb(-places) + ZERO
    return value.quantize(quantum, ROUND_HALF_UP) + ZERO
