"""Exact rational arrays for the population half of each rule type: int64 numerators over one
integer denominator per array, Python integers (dtype=object) when a denominator grows past BIG.
No float ever touches a point, so a population's items equal one applicant's to the hundredth."""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..numbers import to_decimal

I64 = np.int64
# Denominators above this switch an array to Python integers (dtype=object): slower, still exact.
# Shipped schemes stay far below it; a draft may carry a 28-digit decimal like 6.666...667.
BIG = 10 ** 12


def _wide(num: np.ndarray, den: int, factor: int = 1) -> np.ndarray:
    if (den > BIG or abs(factor) > BIG) and num.dtype != object:
        return num.astype(object)
    return num


@dataclass
class R:
    """A rational array: num / den, den a positive Python int shared by every element."""
    num: np.ndarray
    den: int

    def at(self, den: int) -> np.ndarray:
        """The numerators over `den`, a multiple of this denominator (no copy when it is it)."""
        if den == self.den:
            return self.num
        return _wide(self.num, den) * (den // self.den)


def frac(value) -> Fraction:
    return Fraction(to_decimal(value))


def const(value: Fraction, n: int) -> R:
    big = value.denominator > BIG or abs(value.numerator) > BIG
    return R(np.full(n, value.numerator, dtype=object if big else I64), value.denominator)


def zeros(n: int) -> R:
    return const(Fraction(0), n)


def add(a: R, b: R) -> R:
    L = math.lcm(a.den, b.den)
    return R(a.at(L) + b.at(L), L)


def mul(a: R, c: Fraction) -> R:
    if c.numerator == 1:  # 1 point a unit, or 1/U: only the denominator changes
        return R(a.num, a.den * c.denominator)
    den = a.den * c.denominator
    return R(_wide(a.num, den, c.numerator) * c.numerator, den)


def ints(x: np.ndarray) -> R:
    return R(x.astype(I64, copy=False), 1)


def minimum(a: R, b: R) -> R:
    L = math.lcm(a.den, b.den)
    return R(np.minimum(a.at(L), b.at(L)), L)


def maximum(a: R, b: R) -> R:
    L = math.lcm(a.den, b.den)
    return R(np.maximum(a.at(L), b.at(L)), L)


def _bound(a: R, c: Fraction, op) -> R:
    """a bounded by one constant, compared as a scalar (no array of the constant)."""
    L = math.lcm(a.den, c.denominator)
    num = a.at(L)
    bound = c.numerator * (L // c.denominator)
    if abs(bound) > BIG and num.dtype != object:
        num = num.astype(object)
    return R(op(num, bound), L)


def at_most(a: R, cap: Fraction) -> R:
    return _bound(a, cap, np.minimum)


def at_least(a: R, floor: Fraction) -> R:
    return _bound(a, floor, np.maximum)


def total(parts: list[R], n: int) -> R:
    """The sum of rational arrays (0 for none), without a zero array to start from."""
    if not parts:
        return zeros(n)
    out = parts[0]
    for p in parts[1:]:
        out = add(out, p)
    return out


def scaled(values: list[Fraction]) -> tuple[list[int], int]:
    """Numerators over one common denominator."""
    L = math.lcm(*(v.denominator for v in values)) if values else 1
    return [v.numerator * (L // v.denominator) for v in values], L


def round_half_up(a: R, places: int) -> np.ndarray:
    """Units of 10^-places, half up away from zero (Decimal ROUND_HALF_UP)."""
    x = a.num * 10 ** places
    if a.den == 1:  # whole numbers of the unit already: nothing to round
        return x
    mag = np.abs(x)  # in place from here: four passes over a new array, not four new arrays
    mag *= 2
    mag += a.den
    mag //= 2 * a.den
    np.negative(mag, out=mag, where=x < 0)
    return mag
