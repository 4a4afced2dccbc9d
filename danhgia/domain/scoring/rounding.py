"""Exact rounding of fractions to decimals, the one place where scoring leaves exact arithmetic.

No source states how scores are rounded (docs/regulations/frameworks.md §2.5 prints two decimals). Default:
2 places, half up (the way the forms are filled in by hand); both are parameters. Ratios and intermediate
sums stay exact `Fraction`s; only a reported score is rounded, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
)
from fractions import Fraction
from typing import Final

MODES: Final = frozenset(
    {ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_HALF_DOWN, ROUND_DOWN, ROUND_UP, ROUND_FLOOR, ROUND_CEILING}
)


@dataclass(frozen=True)
class Rounding:
    """How a score is rounded: decimal places and a `decimal` rounding mode (ROUND_HALF_UP by default)."""

    places: int = 2
    mode: str = ROUND_HALF_UP

    def __post_init__(self) -> None:
        if self.places < 0:
            raise ValueError(f"places must be ≥ 0, got {self.places}")
        if self.mode not in MODES:
            raise ValueError(f"unsupported rounding mode {self.mode!r}")

    def apply(self, value: Fraction) -> Decimal:
        """`value` rounded exactly (no binary floating point, no double rounding)."""
        return round_fraction(value, self.places, self.mode)


DEFAULT_ROUNDING: Final = Rounding()


def round_fraction(value: Fraction, places: int, mode: str) -> Decimal:
    """Round a fraction to `places` decimals with a `decimal` rounding mode, exactly."""
    scaled = value * 10**places
    floor, remainder = divmod(scaled.numerator, scaled.denominator)
    if remainder == 0:
        result = floor
    else:
        negative = scaled < 0
        toward_zero, away_from_zero = (floor + 1, floor) if negative else (floor, floor + 1)
        twice = 2 * remainder
        if mode == ROUND_FLOOR:
            result = floor
        elif mode == ROUND_CEILING:
            result = floor + 1
        elif mode == ROUND_DOWN:
            result = toward_zero
        elif mode == ROUND_UP:
            result = away_from_zero
        elif twice != scaled.denominator:  # the half modes, off the tie
            result = floor + 1 if twice > scaled.denominator else floor
        elif mode == ROUND_HALF_UP:
            result = away_from_zero
        elif mode == ROUND_HALF_DOWN:
            result = toward_zero
        else:  # ROUND_HALF_EVEN
            result = floor if floor % 2 == 0 else floor + 1
    return Decimal(result).scaleb(-places)


def percent(value: Fraction, rounding: Rounding = DEFAULT_ROUNDING) -> Decimal:
    """A ratio as a rounded percentage: 27/28 → 96.43."""
    return rounding.apply(value * 100)


def fraction_text(value: Fraction) -> str:
    """An exact value as stored beside a rounded score: "17999/200" (an integer as "90")."""
    return str(value)


def parse_fraction(text: str) -> Fraction:
    """The inverse of `fraction_text` (also reads a decimal such as "89.995"); ValueError when it is not one."""
    return Fraction(text.strip())
