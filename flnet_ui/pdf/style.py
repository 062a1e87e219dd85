"""The measures, colours and type sizes of the documents (mm, RGB, pt), shared by the layout and its tables."""
from __future__ import annotations

FONT = 'dejavu'  # the Latin cut of DejaVu Sans (font_subsets.py)

MARGIN = 20.0  # left and right (mm)
TOP = 22.0  # the body starts below the running header
BOTTOM = 20.0  # room for the footer
WIDTH = 210.0 - 2 * MARGIN

INK = (25, 25, 25)
MUTED = (90, 90, 90)
ACCENT = (20, 60, 110)
RULE = (170, 176, 186)
HEAD_FILL = (221, 229, 240)
ZEBRA = (245, 247, 250)

BODY = 10.0
BODY_LINE = 5.0
SMALL = 8.0
TABLE = 9.0
TABLE_LINE = 4.4
CELL_PADDING = (1.3, 1.8)  # vertical, horizontal (mm)
