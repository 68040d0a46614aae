"""One pytest item per rule case of every tests/cases/*.yaml file.

The format, and what the runner checks, is described in tests/case_runner.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from case_runner import MINI_TREE, Case, CaseFailure, build_case_db, read_case_file, run_case

from dtt.errors import InputError, InputErrors

__all__ = ["MINI_TREE", "build_case_db"]


def pytest_collect_file(parent: pytest.Collector, file_path: Path):
    if file_path.suffix == ".yaml" and file_path.parent.name == "cases":
        return CaseFile.from_parent(parent, path=file_path)
    return None


class CaseFile(pytest.File):
    def collect(self):
        for case in read_case_file(self.path):
            yield CaseItem.from_parent(self, name=case.name, case=case)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, InputErrors):
            return "rule case file cannot be read:\n" + "\n".join(excinfo.value.lines)
        if isinstance(excinfo.value, InputError):
            return f"rule case file cannot be read:\n{excinfo.value}"
        return super().repr_failure(excinfo)


class CaseItem(pytest.Item):
    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        tmp = self.config._tmp_path_factory.mktemp("case")  # type: ignore[attr-defined]
        run_case(self.case, tmp)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, CaseFailure):
            return f"rule case failed: {self.name}\n{excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, self.case.line - 1 if self.case.line else 0, f"case: {self.name}"
