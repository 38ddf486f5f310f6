"""The version, read by setuptools at build time and by the package at run time (asking
importlib.metadata instead costs ~16 ms of every command)."""

__version__ = "0.1.0"
