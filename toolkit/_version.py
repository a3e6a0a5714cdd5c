"""Single source of the toolkit's version (read by hatchling and by saved files)."""

__version__ = "0.1.0"
