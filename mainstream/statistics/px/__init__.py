"""PC-Axis (PX) files as PX-Web writes them: read (``reader``) and write (``writer``) a :class:`Cube`."""

from .cube import MISSING, Category, Cube, Dimension
from .reader import PxError, px_read
from .writer import px_write

__all__ = ["MISSING", "Category", "Cube", "Dimension", "PxError", "px_read", "px_write"]
