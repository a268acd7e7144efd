"""``numpy.mean`` and ``numpy.std`` of a list of floats, bit for bit, without numpy.

numpy sums with its pairwise summation, not ``sum()``: the two differ in the last digit about
half the time, and the guide's statistics are numpy's. The order of additions, as numpy does it
for a contiguous float64 array:

* fewer than 8 values: added in order;
* 8 to 128: eight partial sums ``r[j] += a[i + j]`` over whole blocks of eight, combined as
  ``((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))``, then the rest added in order;
* more than 128: split at ``m = n // 2 - (n // 2) % 8`` and the halves' sums added.
"""

import math
from typing import List, Sequence


def pairwise_sum(values: Sequence[float], start: int = 0, count: int = -1) -> float:
    """numpy's ``add.reduce`` of ``values[start:start + count]``."""
    if count < 0:
        count = len(values) - start
    if count < 8:
        total = -0.0
        for index in range(start, start + count):
            total += values[index]
        return total if count else 0.0
    if count <= 128:
        r = [values[start + j] for j in range(8)]
        whole = count - count % 8
        for i in range(start + 8, start + whole, 8):
            for j in range(8):
                r[j] += values[i + j]
        total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        for index in range(start + whole, start + count):
            total += values[index]
        return total
    half = count // 2
    half -= half % 8
    return pairwise_sum(values, start, half) + pairwise_sum(values, start + half, count - half)


def mean(values: Sequence[float]) -> float:
    """``numpy.mean(values)``: NaN for no values."""
    floats: List[float] = [float(value) for value in values]
    return pairwise_sum(floats) / len(floats) if floats else math.nan


def std(values: Sequence[float]) -> float:
    """``numpy.std(values)`` (population): the mean of the squared deviations, each step numpy's."""
    floats: List[float] = [float(value) for value in values]
    if not floats:
        return math.nan
    centre = pairwise_sum(floats) / len(floats)
    squares = [(value - centre) * (value - centre) for value in floats]
    return math.sqrt(pairwise_sum(squares) / len(squares))
