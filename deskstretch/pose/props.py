"""The chair and the desk: their sizes, shared by the contact solver and the renderer.

Fractions of body height H, in the frame of the placed figure (the floor is ``y = 0``,
``x`` forward, ``z`` to the body's right). A chair seat is 0.26 H high (45 cm for a
person of 1.75 m), a desk top 0.42 H (73 cm). Pure constants: no Qt.
"""

from __future__ import annotations

from typing import Final

#: Height of the seat's top above the floor.
SEAT_HEIGHT: Final = 0.26
#: Depth of the seat, front to back (from the backrest forwards).
SEAT_DEPTH: Final = 0.23
#: Half the width of the chair (the seat is 0.26 H wide).
CHAIR_HALF_WIDTH: Final = 0.13
#: Thickness of the seat board.
SEAT_THICKNESS: Final = 0.025
#: How far the backrest stands behind the hip joints of a person sitting on the chair.
BACKREST_OFFSET: Final = 0.13
#: Height of the backrest's top rail above the seat.
BACKREST_HEIGHT: Final = 0.22
#: Thickness of the backrest.
BACKREST_THICKNESS: Final = 0.02
#: Thickness of the chair's legs.
CHAIR_LEG_THICKNESS: Final = 0.016

#: Height of the desk's top above the floor.
DESK_HEIGHT: Final = 0.42
#: Depth of the desk top, from the edge nearest the person to the far edge.
DESK_DEPTH: Final = 0.36
#: Half the width of the desk.
DESK_HALF_WIDTH: Final = 0.45
#: Thickness of the desk top.
DESK_THICKNESS: Final = 0.025
#: Thickness of the desk's legs.
DESK_LEG_THICKNESS: Final = 0.022
#: Where a hand on the desk is, behind the desk's near edge (the palm rests on the top).
DESK_HAND_INSET: Final = 0.05
#: Where the desk stands in front of a person who does not touch it (near edge from the hips).
DESK_FREE_DISTANCE: Final = 0.30
