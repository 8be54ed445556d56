"""Which stretches the next break shows: round-robin over the enabled ones.

The position is kept as the id of the next stretch (not an index) so that
reordering or disabling stretches in the preferences keeps the rotation sensible.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rotation:
    """The place in the rotation; ``next_id`` is None at the start."""

    next_id: str | None = None

    def _index(self, order: tuple[str, ...]) -> int:
        if self.next_id is not None and self.next_id in order:
            return order.index(self.next_id)
        return 0

    def peek(self, order: tuple[str, ...], count: int = 1) -> tuple[str, ...]:
        """The next ``count`` stretch ids in rotation (fewer if fewer are enabled).

        Args:
            order: The enabled stretch ids in rotation order.
            count: How many the break takes (1 for a short break).

        Returns:
            Distinct ids, wrapping around the end of ``order``.
        """
        if not order:
            return ()
        start = self._index(order)
        return tuple(order[(start + i) % len(order)] for i in range(min(max(count, 1), len(order))))

    def advanced(self, order: tuple[str, ...], count: int = 1) -> Rotation:
        """The rotation after a break that took ``count`` stretches."""
        if not order:
            return self
        taken = min(max(count, 1), len(order))
        return Rotation(order[(self._index(order) + taken) % len(order)])
