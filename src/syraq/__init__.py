"""syraq: conflict reports to a sourced, mapped, dated record of events.

Importing syraq loads nothing heavy: models, gazetteers and databases are opened
by the functions that need them.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("syraq")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
