"""Plane geometry of a registered page: the homography from ballot millimetres to image pixels."""
from __future__ import annotations

import math
from dataclasses import dataclass

Point = tuple[float, float]


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (8 unknowns: no linear-algebra library needed)."""
    n = len(b)
    m = [row[:] + [v] for row, v in zip(a, b)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        if abs(m[piv][col]) < 1e-12:
            raise ValueError("degenerate points")
        m[col], m[piv] = m[piv], m[col]
        for r in range(n):
            if r != col and m[r][col]:
                f = m[r][col] / m[col][col]
                m[r] = [x - f * y for x, y in zip(m[r], m[col])]
    return [m[i][n] / m[i][i] for i in range(n)]


@dataclass(frozen=True)
class Homography:
    """x' = (a x + b y + c) / (g x + h y + 1), y' = (d x + e y + f) / (g x + h y + 1)."""

    k: tuple[float, ...]

    @classmethod
    def from_points(cls, src: list[Point], dst: list[Point]) -> Homography:
        """The map taking four ``src`` points to four ``dst`` points."""
        rows, rhs = [], []
        for (x, y), (u, v) in zip(src, dst):
            rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
            rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
            rhs += [u, v]
        return cls(tuple(_solve(rows, rhs)))

    def __call__(self, x: float, y: float) -> Point:
        a, b, c, d, e, f, g, h = self.k
        w = g * x + h * y + 1
        return (a * x + b * y + c) / w, (d * x + e * y + f) / w

    def scaled(self, s: float) -> tuple[float, ...]:
        """Pillow's PERSPECTIVE data for an output drawn at ``s`` pixels per source unit."""
        a, b, c, d, e, f, g, h = self.k
        return (a / s, b / s, c, d / s, e / s, f, g / s, h / s)


def distance(p: Point, q: Point) -> float:
    return math.hypot(p[0] - q[0], p[1] - q[1])
