"""Download GeoNames country dumps and install them as gazetteer layers.

GeoNames publishes one zip per country (``SY.zip`` holding ``SY.txt``: every village, hill and
wadi, with its alternate names in column 4) under a public download service. :func:`add_countries`
streams each zip with httpx under a byte cap and a timeout, checks it, unzips ``CC.txt`` under a
second cap (a zip bomb stops there), and compiles it as the layer ``geonames-cc`` with
:func:`~syraq.geo.layers.load_geonames_file`. The separate ``alternatenames/CC.zip`` files are not
fetched: the dump's own alternate-names column already holds every name, without languages,
which is all the name index uses.

The base URL is :data:`DEFAULT_BASE_URL` unless ``base_url`` or the environment variable
``SYRAQ_GEONAMES_URL`` says otherwise (a local mirror, or a test server).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError, NetworkError
from .layers import load_geonames_file

DEFAULT_BASE_URL = "https://download.geonames.org/export/dump/"
BASE_URL_ENV = "SYRAQ_GEONAMES_URL"
#: largest zip accepted (the US dump, the largest, is about 0.35 GB unzipped, 0.1 GB zipped)
DEFAULT_MAX_BYTES = 400 * 1024 * 1024
#: unzipped text may be this many times the cap on the zip
UNZIP_FACTOR = 5
DEFAULT_TIMEOUT = 60.0
_CC = re.compile(r"^[A-Z]{2}$")


def base_url(override: str | None = None) -> str:
    """The GeoNames download base URL: ``override``, else ``SYRAQ_GEONAMES_URL``, else the public service."""
    url = override or _setting() or DEFAULT_BASE_URL
    return url if url.endswith("/") else url + "/"


def _setting() -> str:
    """The ``geonames_url`` setting when syraq.config has it, else the environment variable."""
    from .. import config
    from ..errors import ConfigError

    try:
        return config.get("geonames_url")
    except ConfigError:
        return os.environ.get(BASE_URL_ENV, "")


def country_code(value: str) -> str:
    """Upper-cased ISO code, checked against GeoNames' country table (E407 otherwise)."""
    from .index import country_names

    code = value.strip().upper()
    if not _CC.match(code) or code not in country_names():
        raise InputError("E407", value=value)
    return code


def download(url: str, target: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Stream ``url`` into ``target`` (E404 on any network failure or HTTP error, E405 over ``max_bytes``)."""
    import httpx

    try:
        with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as response:
            if response.status_code != 200:
                raise NetworkError("E404", url=url, reason=f"the server answered HTTP {response.status_code}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise InputError("E405", url=url, cap=max_bytes, what=f"announced {declared} bytes")
            size = 0
            with target.open("wb") as out:
                for chunk in response.iter_bytes(1 << 16):
                    size += len(chunk)
                    if size > max_bytes:
                        raise InputError("E405", url=url, cap=max_bytes, what="while downloading")
                    out.write(chunk)
    except httpx.TimeoutException as exc:
        target.unlink(missing_ok=True)
        raise NetworkError("E404", url=url, reason=f"timed out after {timeout:g} s") from exc
    except httpx.HTTPError as exc:
        target.unlink(missing_ok=True)
        raise NetworkError("E404", url=url, reason=str(exc) or type(exc).__name__) from exc
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise NetworkError("E404", url=url, reason=exc.strerror or str(exc)) from exc
    except InputError:
        target.unlink(missing_ok=True)
        raise
    return target


def unzip_dump(archive: Path, code: str, folder: Path, *, url: str = "", max_bytes: int = DEFAULT_MAX_BYTES) -> Path:
    """Extract ``CC.txt`` from a GeoNames country zip into ``folder`` (E406 if it is not one, E405 if too big)."""
    url = url or str(archive)
    member = f"{code}.txt"
    cap = max_bytes * UNZIP_FACTOR
    try:
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
            if member not in names:
                raise InputError("E406", url=url, reason=f"no {member} in the zip (it holds {', '.join(names[:5])})")
            if zf.getinfo(member).file_size > cap:
                raise InputError("E405", url=url, cap=cap, what=f"{member} unzipped")
            target = folder / member
            written = 0
            with zf.open(member) as src, target.open("wb") as out:
                while chunk := src.read(1 << 16):
                    written += len(chunk)
                    if written > cap:
                        raise InputError("E405", url=url, cap=cap, what=f"{member} unzipped")
                    out.write(chunk)
    except zipfile.BadZipFile as exc:
        raise InputError("E406", url=url, reason=f"not a zip file: {exc}") from exc
    return target


def add_countries(
    codes: Iterable[str],
    *,
    base: str | None = None,
    home: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[Path]:
    """Download each country's GeoNames dump and install it as the layer ``geonames-<cc>``; returns the layers.

    All codes are checked before anything is fetched; a failure stops at that country (the
    layers already installed stay).
    """
    checked = list(dict.fromkeys(country_code(c) for c in codes))
    root = base_url(base)
    layers: list[Path] = []
    for code in checked:
        url = f"{root}{code}.zip"
        folder = Path(tempfile.mkdtemp(prefix=f"syraq-geonames-{code}-"))
        try:
            archive = download(url, folder / f"{code}.zip", max_bytes=max_bytes, timeout=timeout)
            text = unzip_dump(archive, code, folder, url=url, max_bytes=max_bytes)
            archive.unlink()
            layers.append(load_geonames_file(text, name=f"geonames-{code.lower()}", home=home))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return layers
