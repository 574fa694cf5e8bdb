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


def scaled(values: list[Fraction]) -> tuple[list[int], int]:
    """Numerators over one common denominator."""
    L = math.lcm(*(v.denominator for v in values)) if values else 1
    return [v.numerator * (L // v.denominator) for v in values], L


def round_half_up(a: R, places: int) -> np.ndarray:
    """Units of 10^-places, half up away from zero (Decimal ROUND_HALF_UP)."""
    x = a.num * 10 ** places
    if a.den == 1:  # whole numbers of the unit already: nothing to round
        return x
    mag = (np.abs(x) * 2 + a.den) // (2 * a.den)
    return np.where(x < 0, -mag, mag)
