"""`syraq gazetteer`: add (against a local HTTP server), load, learn, lookup, layers, remove, info."""

from __future__ import annotations

import functools
import http.server
import io
import json
import shutil
import socket
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from syraq.cli import main as cli_main
from syraq.geo.download import BASE_URL_ENV
from syraq.geo.index import INDEX_NAME

DUMP = Path(__file__).resolve().parents[1] / "data" / "geo" / "geonames_dump_sy.txt"


@pytest.fixture()
def home(tmp_path: Path, mini_index: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    (home / "gazetteer").mkdir(parents=True)
    shutil.copy(mini_index, home / "gazetteer" / INDEX_NAME)
    monkeypatch.setenv("SYRAQ_HOME", str(home))
    monkeypatch.delenv(BASE_URL_ENV, raising=False)
    if "gazetteer" not in cli_main.COMMANDS:
        monkeypatch.setattr(cli_main, "COMMANDS", (*cli_main.COMMANDS, "gazetteer"))
    return home


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    """A GeoNames-like dump folder on 127.0.0.1: SY.zip (our fixture), LY.zip (not a zip), no IQ.zip."""
    root = tmp_path / "dump"
    root.mkdir()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(DUMP, "SY.txt")
        zf.writestr("readme.txt", "GeoNames-format fixture written for syraq's tests")
    (root / "SY.zip").write_bytes(buf.getvalue())
    (root / "LY.zip").write_text("<html>maintenance</html>", encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli_main.main(["gazetteer", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_add_downloads_unzips_and_installs_a_layer(home: Path, server: str, capsys, monkeypatch) -> None:
    monkeypatch.setenv(BASE_URL_ENV, server)
    code, out, err = _run(capsys, "add", "sy")
    assert code == 0, err
    assert "geonames-sy: 4 places" in out
    assert (home / "gazetteer" / "layers" / "geonames-sy.sqlite").is_file()
    # the village is found by an alternate spelling, from the new layer, with its admin1 filled
    code, out, _ = _run(capsys, "lookup", "Kherbet Qastoun", "--json")
    rows = json.loads(out)
    assert rows[0]["id"] == "geonames:9900002" and rows[0]["layer"] == "geonames-sy"
    assert rows[0]["admin1"] == "Jabal al-Summaq Test" and rows[0]["feature"] == "P.PPL"
    assert 0.8 < rows[0]["match"] <= 1.0
    code, out, _ = _run(capsys, "layers", "--json")
    assert [layer["name"] for layer in json.loads(out)] == ["geonames-sy"]
    # no temporary files are left behind in the layers folder
    assert sorted(p.name for p in (home / "gazetteer" / "layers").iterdir()) == ["geonames-sy.sqlite"]


def test_add_base_url_flag_wins_and_missing_country_is_one_error_line(home: Path, server: str, capsys) -> None:
    code, _, err = _run(capsys, "add", "IQ", "--base-url", server.rstrip("/"))
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("error[E404]:") and "HTTP 404" in err and "IQ.zip" in err
    assert not (home / "gazetteer" / "layers").exists() or not list((home / "gazetteer" / "layers").iterdir())


def test_add_offline_is_one_clear_error(home: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv(BASE_URL_ENV, f"http://127.0.0.1:{_closed_port()}/export/dump/")
    code, out, err = _run(capsys, "add", "SY", "--timeout", "5")
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error[E404]: Cannot download http://127.0.0.1:")
    assert "Traceback" not in err and "gazetteer load FILE" in err


def test_add_refuses_non_zip_oversize_and_bad_codes(home: Path, server: str, capsys) -> None:
    code, _, err = _run(capsys, "add", "LY", "--base-url", server)
    assert code == 1 and err.startswith("error[E406]:")
    code, _, err = _run(capsys, "add", "SY", "--base-url", server, "--max-bytes", "100")
    assert code == 1 and err.startswith("error[E405]:")
    code, _, err = _run(capsys, "add", "ZZ", "--base-url", server)
    assert code == 1 and err.startswith("error[E407]:")


def test_load_learn_lookup_remove(home: Path, tmp_path: Path, capsys) -> None:
    code, out, err = _run(capsys, "load", str(DUMP), "--name", "summaq")
    assert code == 0, err
    assert "summaq: 4 places" in out
    csv_path = tmp_path / "events.csv"
    csv_path.write_text(
        "event_date,country,admin1,admin2,location,latitude,longitude,geo_precision\n"
        "03-Jan-18,Syria,Idleb,Jisr Ash-Shugur,Khirbat Qastun,35.7700,36.4200,1\n"
        "04-Jan-18,Syria,Idleb,Jisr Ash-Shugur,Khirbat Qastun,35.7700,36.4200,1\n",
        encoding="utf-8",
    )
    code, out, err = _run(capsys, "learn", str(csv_path), "--format", "acled", "--name", "acled-jan")
    assert code == 0, err
    code, out, _ = _run(capsys, "lookup", "Khirbat Qastun")
    assert "acled-jan" in out and "summaq" in out and "geonames:9900002" in out
    code, out, _ = _run(capsys, "lookup", "Nowhere at all")
    assert code == 0 and "no place named" in out
    code, out, _ = _run(capsys, "info", "--json")
    info = json.loads(out)
    assert info["current"] and {layer["name"] for layer in info["layers"]} == {"acled-jan", "summaq"}
    code, out, _ = _run(capsys, "info")
    assert "(current)" in out and "layers: 2" in out
    code, out, _ = _run(capsys, "remove", "summaq")
    assert code == 0 and "removed" in out
    code, _, err = _run(capsys, "remove", "summaq")
    assert code == 1 and err.startswith("error[E402]:") and "acled-jan" in err


def test_learn_and_load_errors_are_catalogued(home: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "notes.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    code, _, err = _run(capsys, "learn", str(bad), "--format", "ucdp")
    assert code == 1 and err.startswith("error[E403]:")
    code, _, err = _run(capsys, "load", str(bad))
    assert code == 1 and err.startswith("error[E401]:")


def test_build_forces_a_rebuild(home: Path, capsys) -> None:
    index = home / "gazetteer" / INDEX_NAME
    before = index.stat().st_mtime_ns
    code, out, err = _run(capsys, "build", "--countries", "lu")
    assert code == 0, err
    assert index.stat().st_mtime_ns != before and out.startswith(f"built {index}")
    code, out, _ = _run(capsys, "lookup", "Luxembourg", "--json")
    assert any(r["country"] == "LU" for r in json.loads(out))
