"""Shared fixtures: every test gets its own database under tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dtt.cli import app

DATA = Path(__file__).parent / "data"


# modules that read the reports and documents in their default language (the one dtt speaks);
# the rest of the suite reads dtt's English texts (tests/test_lang.py checks the Vietnamese)
VIETNAMESE_MODULES = frozenset({
    "test_documents", "test_report_default", "test_report_formats", "test_report_period",
    "test_time_demo", "test_vietnamese_output", "test_records_show", "test_ties",
})


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                 request: pytest.FixtureRequest) -> Path:
    db = tmp_path / "test.db"
    monkeypatch.setenv("DTT_DB", str(db))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    module = getattr(request.module, "__name__", "").rsplit(".", 1)[-1]
    vietnamese = module in VIETNAMESE_MODULES or request.node.get_closest_marker("vi")
    monkeypatch.setenv("DTT_LANG", "vi" if vietnamese else "en")
    return db


@pytest.fixture
def db_path(_isolated_db: Path) -> Path:
    return _isolated_db


@pytest.fixture
def cli():
    """Run dtt in-process: cli("records", "import", path) -> Result (stdout/stderr apart)."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def db(tmp_path: Path):
    """The small reporting database (tests/test_report_support.py): 2020 results stored,
    P02's exemplar recognised by the HNI council. A test module may define its own `db`."""
    from test_report_support import decide, make_db, stored_results

    store = make_db(tmp_path)
    stored_results(store, 2020)
    decide(store, "P02", "exemplar", 2020, "HNI", 10, 9, "recognised")
    yield store
    store.close()
