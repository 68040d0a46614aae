"""Library errors. The library raises these; only the CLI prints them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Problem:
    """One thing wrong with an input: where it is and what is wrong."""

    message: str
    file: str | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.row is not None:
                where += f":{self.row}"
            where += ": "
        elif self.row is not None:
            where = f"row {self.row}: "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"


class DttError(Exception):
    """Base of every error dtt reports. Exit status 1 unless a subclass says otherwise."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.problem = Problem(message, file, row, field)
        super().__init__(str(self.problem))

    @property
    def lines(self) -> list[str]:
        return [str(self.problem)]


class InputError(DttError):
    """Bad input from the user: a file, an option, a code. Exit status 2; nothing written."""

    exit_code = 2


class InputErrors(InputError):
    """Every problem found while validating one input, reported together."""

    def __init__(self, problems: list[Problem], *, more: int = 0) -> None:
        self.problems = problems
        self.more = more
        first = str(problems[0]) if problems else "invalid input"
        Exception.__init__(self, first)
        self.problem = problems[0] if problems else Problem("invalid input")

    @property
    def lines(self) -> list[str]:
        out = [str(p) for p in self.problems]
        if self.more:
            out.append(f"… and {self.more} more errors")
        return out


class Collector:
    """Gathers problems up to a cap, then raises them all at once."""

    def __init__(self, cap: int = 50) -> None:
        self.cap = cap
        self.problems: list[Problem] = []
        self.more = 0

    def add(self, message: str, *, file=None, row=None, field=None) -> None:
        if len(self.problems) < self.cap:
            self.problems.append(Problem(message, file, row, field))
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputErrors(self.problems, more=self.more)


class StoreError(DttError):
    """The database cannot be used (made by a newer dtt, locked, corrupt)."""
