"""`dtt template people|records|units`: Excel forms to fill and import."""

from __future__ import annotations

from pathlib import Path

import typer

from dtt.cli.common import handles_errors, info, store
from dtt.years import resolve_year

app = typer.Typer(help="Excel forms to fill and import: the right columns, drop-down lists and "
                  "ranges from the criteria in force, and a sheet that explains each column.",
                  no_args_is_help=True)


def register(root: typer.Typer) -> None:
    from dtt.cli.documents import template_check, template_document

    app.command("check")(template_check)
    app.command("document")(template_document)
    root.add_typer(app, name="template")


YearOption = typer.Option(None, "--year", "-y", help="The year the form is for; its drop-down "
                          "lists follow the criteria in force that year (default: the latest "
                          "year with records).", show_default=False)
OutOption = typer.Option(..., "--output", "-o", help="The .xlsx file to write.")


def _write(ctx: typer.Context, form: str, year: int | None, kind: str | None, output: Path
           ) -> None:
    s = store(ctx)
    from dtt.template import build_template  # openpyxl only when a form is written

    made = build_template(s, form, resolve_year(s, year), kind, output)
    info(f"{made['file']}: {form} form for {made['year']} (criteria {made['version']}), "
         f"{len(made['columns'])} columns: {', '.join(made['columns'])}")


@app.command("people")
@handles_errors
def people(ctx: typer.Context, year: int = YearOption, output: Path = OutOption) -> None:
    """The roster form: Mã, Họ và tên, Đơn vị, Đối tượng, Chức vụ, Đứng đầu đơn vị."""
    _write(ctx, "people", year, None, output)


@app.command("records")
@handles_errors
def records(
    ctx: typer.Context,
    year: int = YearOption,
    kind: str = typer.Option("person", "--kind", "-k", help="person (individuals' results) or "
                             "collective (units' results)."),
    output: Path = OutOption,
) -> None:
    """The year's results form: Năm, Mã, then one column per metric of the kind."""
    _write(ctx, "records", year, kind, output)


@app.command("units")
@handles_errors
def units(ctx: typer.Context, year: int = YearOption, output: Path = OutOption) -> None:
    """The units' results form (collectives): the records form of --kind collective, with the
    unit codes as a drop-down list."""
    _write(ctx, "units", year, "collective", output)
