"""The HTML report in a real (headless) browser: a screenshot that is a real, non-blank PNG."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from test_report_support import decide, make_db, stored_results

BROWSER = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "",
                            shutil.which("chromium-browser") or "") if p and Path(p).exists()),
               None)
pytestmark = pytest.mark.skipif(BROWSER is None,
                                reason="no Chromium installed (apt-get install chromium)")


def png_rows(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA PNG into its raw scanlines (filter bytes kept)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8
            channels = {2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels + 1
    return width, height, [raw[i * stride:(i + 1) * stride] for i in range(height)]


def screenshot(html: Path, png: Path, profile: Path) -> None:
    subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--window-size=1280,2000",
         f"--screenshot={png}", html.resolve().as_uri()],
        check=False, capture_output=True, timeout=120)


def test_html_report_renders(cli, tmp_path: Path) -> None:
    store = make_db(tmp_path)
    stored_results(store, 2020)
    decide(store, "P02", "exemplar", 2020, "HNI", 10, 9, "recognised")
    store.close()
    html = tmp_path / "report.html"
    assert cli("report", "--unit", "province", "-o", html).exit_code == 0
    png = tmp_path / "report.png"
    screenshot(html, png, tmp_path / "profile")
    assert png.exists(), "the browser wrote no screenshot"
    data = png.read_bytes()
    assert len(data) > 20_000
    width, height, rows = png_rows(data)
    assert (width, height) == (1280, 2000)
    # not blank: many scanlines differ from a plain white line, and in many ways
    distinct = {zlib.crc32(row[1:]) for row in rows}
    assert len(distinct) > 200


def test_documents_render(cli, tmp_path: Path) -> None:
    store = make_db(tmp_path)
    stored_results(store, 2020)
    decide(store, "P02", "exemplar", 2020, "HNI", 10, 9, "recognised")
    store.close()
    html = tmp_path / "minutes.html"
    assert cli("report", "--document", "minutes", "--unit", "HNI", "-o", html).exit_code == 0
    png = tmp_path / "minutes.png"
    screenshot(html, png, tmp_path / "profile")
    assert png.exists() and len(png.read_bytes()) > 10_000
