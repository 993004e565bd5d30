"""A bar chart's value axis: linear from zero, or by decades when the figures span more than
LOG_THRESHOLD (a linear chart would hide the small bars). Numbers only; chart.py draws."""
from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Context, Decimal

LOG_THRESHOLD = Decimal(100)  # largest/smallest above this: a linear chart would hide the small bars


def spread(numbers: Sequence[Decimal]) -> Decimal | None:
    """Largest over smallest positive number; None when fewer than one positive number."""
    positive = [n for n in numbers if n > 0]
    return max(positive) / min(positive) if positive else None


def needs_log_scale(numbers: Sequence[Decimal]) -> bool:
    ratio = spread(numbers)
    return ratio is not None and ratio > LOG_THRESHOLD


class Scale:
    """Maps values to x between `left` and `right`, linearly from 0 or by decades."""

    def __init__(self, numbers: Sequence[Decimal], left: float, right: float, log: bool | None = None):
        """`log`: force the scale (False for parts of a whole); None: by the figures' spread."""
        self.left, self.right = left, right
        self.log = needs_log_scale(numbers) if log is None else log and any(n > 0 for n in numbers)
        top = max(numbers, default=Decimal(0))
        self.hi = top if top > 0 else Decimal(1)
        if self.log:
            smallest = min(n for n in numbers if n > 0)
            self.lo = Decimal(1).scaleb(smallest.adjusted())  # the decade at or below it
            if smallest < 2 * self.lo:  # else the smallest bar would be (nearly) invisible
                self.lo = self.lo.scaleb(-1)
            self.log_lo = _log10(self.lo)
            self.span = _log10(self.hi) - self.log_lo

    def fraction(self, value: Decimal) -> float:
        """Where `value` lies along the plot, from 0 (its left edge) to 1 (its right edge)."""
        if value <= 0:
            return 0.0
        if self.log:
            return (_log10(value) - self.log_lo) / self.span
        return float(value / self.hi)

    def x(self, value: Decimal) -> float:
        return self.left + (self.right - self.left) * self.fraction(value)

    def ticks(self) -> list[Decimal]:
        """Every gridline: each decade on a log scale (the scale note says each is ten times the
        one before), three to five round steps on a linear one. Labels may skip some (_grid)."""
        if self.log:
            ticks, tick = [], self.lo
            while tick <= self.hi:
                ticks.append(tick)
                tick = tick.scaleb(1)
            return ticks
        step = _nice_step(self.hi)
        return [step * i for i in range(int(self.hi / step) + 1)]


@functools.lru_cache(maxsize=4096)  # a chart asks for the same few values (and decades) again and again
def _log10(value: Decimal) -> float:
    return float(value.log10(Context(prec=28)))


def _nice_step(top: Decimal) -> Decimal:
    """A 1-2-2.5-5 step giving three to five gridlines up to `top`."""
    raw = top / 4
    base = Decimal(1).scaleb(raw.adjusted())
    return next(base * m for m in (1, 2, Decimal("2.5"), 5, 10) if base * m >= raw)
