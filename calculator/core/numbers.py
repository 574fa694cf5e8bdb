"""Decimal arithmetic with stated rounding: never float for points."""
from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal(0)
ROUNDING_MODES = {"half_up": ROUND_HALF_UP}


def to_decimal(value, what: str = "number") -> Decimal:
    """Exact conversion from YAML/JSON scalars: strings and ints are exact; floats go through
    their shortest repr (0.1 -> Decimal('0.1')), never through binary expansion."""
    if isinstance(value, bool):
        raise ValueError(f"{what}: a boolean is not a number")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (int, str)):
        try:
            d = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f"{what}: {value!r} is not a number") from None
    elif isinstance(value, float):
        d = Decimal(repr(value))
    else:
        raise ValueError(f"{what}: {value!r} is not a number")
    if not d.is_finite():
        raise ValueError(f"{what}: {value!r} is not a finite number")
    return d


def quantizer(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def round_points(value: Decimal, q: Decimal, mode: str = ROUND_HALF_UP) -> Decimal:
    return value.quantize(q, rounding=mode)


def ceil_to(value: Decimal, q: Decimal) -> Decimal:
    return value.quantize(q, rounding=ROUND_CEILING)


def fmt(value: Decimal, places: int = 2) -> str:
    """Points as the API shows them: a string with exactly `places` decimals ("105.42", "-0.29")."""
    s = f"{value.quantize(quantizer(places), rounding=ROUND_HALF_UP):f}"
    return "0." + "0" * places if s.lstrip("-") == "0." + "0" * places else s
