"""Set-up commands: init, demo, units, people, records."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.text import Text

from dtt import bootstrap
from dtt.cli.common import (
    FormatOption,
    OutputOption,
    emit,
    err_console,
    handles_errors,
    info,
    store,
)
from dtt.cli.lang import current, tr
from dtt.criteria.source import active_metrics
from dtt.errors import InputError
from dtt.limits import visible
from dtt.people import import_people_file, list_people
from dtt.records import import_records_file, records_of
from dtt.render import resolve_format
from dtt.render.model import Column, Document, Section
from dtt.store.db import backup, default_path
from dtt.tree import load_tree_file
from dtt.units import children_map, list_units, unit_history, units_in_year
from dtt.years import default_year, resolve_year

units_app = typer.Typer(help="The unit tree: load it from YAML, show it.", no_args_is_help=True)
people_app = typer.Typer(help="The roster: import people, list them.", no_args_is_help=True)
records_app = typer.Typer(help="Yearly results: import them, show a subject's years.",
                          no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("demo")(demo)
    app.command("backup")(backup_db)
    app.add_typer(units_app, name="units")
    app.add_typer(people_app, name="people")
    app.add_typer(records_app, name="records")


@handles_errors
def init(
    ctx: typer.Context,
    units: Path = typer.Option(None, "--units", help="Unit tree YAML (default: the bundled "
                               "sample tree)."),
    criteria: Path = typer.Option(None, "--criteria", help="Criteria YAML (default: the "
                                  "bundled criteria.yaml)."),
) -> None:
    """Create (or update) the database: the unit tree and the criteria."""
    s = store(ctx)
    summary = bootstrap.init_db(s, units, criteria)
    tree = {"file": f"tree from {units}", "default": "the bundled sample tree",
            "kept": "tree kept"}[summary["tree"]]
    rules = {"file": f"criteria from {criteria}", "default": "the bundled criteria",
             "kept": "criteria kept"}[summary["criteria"]]
    info(f"{s.path}: {summary['levels']} levels, {summary['units']} units, "
         f"{summary['clusters']} clusters ({tree}); {rules}")


@handles_errors
def demo(
    ctx: typer.Context,
    scale: str = typer.Option("sample", "--scale", help="sample (six provinces, a few "
                              "thousand people) or sector (the whole sector, ~25,000 people)."),
    seed: int = typer.Option(2861, "--seed", help="Random seed; the same seed gives the same "
                             "demo."),
    force: bool = typer.Option(False, "--force", help="Replace a database that holds data."),
) -> None:
    """Build a ready database from generated sample data (2016–2025 records)."""
    path = ctx.find_root().obj.db or default_path()
    if sys.stderr.isatty():
        from rich.progress import BarColumn, Progress, TaskID, TextColumn

        with Progress(TextColumn("{task.description}"), BarColumn(),
                      TextColumn("{task.completed}/{task.total}"),
                      console=err_console(), transient=True) as bar:
            tasks: dict[str, TaskID] = {}

            def report(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(step, total=total)
                bar.update(tasks[step], completed=done, total=total)

            counts = bootstrap.build_demo(Path(path), scale, seed=seed, force=force,
                                          progress=report)
    else:
        counts = bootstrap.build_demo(Path(path), scale, seed=seed, force=force)
    years = counts["years"]
    info(f"{path}: demo ({scale}) with {counts['units']} units, {counts['people']} people, "
         f"{counts['records']} records for {years[0]}–{years[-1]}, "
         f"{counts['registrations']} registrations")


@units_app.command("load")
@handles_errors
def units_load(ctx: typer.Context,
               file: Path = typer.Argument(..., help="Unit tree YAML."),
               valid_from: str = typer.Option(None, "--from", help="The date (YYYY-MM-DD) the "
                                              "tree comes into force (or `valid_from:` in the "
                                              "file); without one the latest tree is replaced.",
                                              show_default=False)) -> None:
    """Load a unit tree: a new tree in force from a date, or re-load the latest one (adds,
    renames and moves units)."""
    summary = load_tree_file(store(ctx), file, valid_from)
    info(f"{file}: {summary['units']} units in force from {summary['valid_from']} "
         f"({summary['added']} new, {summary['removed']} removed, {summary['closed']} closed), "
         f"{summary['clusters']} clusters")


@units_app.command("show")
@handles_errors
def units_show(
    ctx: typer.Context,
    tree: bool = typer.Option(False, "--tree", help="Show the tree (indented)."),
    level: str = typer.Option(None, "--level", help="Only units of this level."),
    year: int = typer.Option(None, "--year", help="The tree of this year (in force on 31 "
                             "December) and its roster; default: the latest tree, with the "
                             "people of the default year's roster (the latest year with "
                             "records, else the current year).", show_default=False),
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """List the units (or draw the tree), with the people of each as of a year's roster."""
    s = store(ctx)
    if year is None:
        as_of, why = default_year(s)
        everything = units_in_year(s, as_of, latest_tree=True)
        basis = f"the latest tree; people as of the roster of {as_of} ({why})"
    else:
        as_of = resolve_year(s, year)
        everything = units_in_year(s, as_of)
        basis = f"the tree of {as_of}; people as of the roster of {as_of}"
    if level and level not in {u["level"] for u in everything}:
        if year is None:
            list_units(s, level)  # the error names the levels
        where = "the latest tree" if year is None else f"the tree of {year}"
        raise InputError(f"unknown level '{level}' in {where}", field="--level")
    units = [u for u in everything if not level or u["level"] == level]
    if not units and not level:
        info("no units yet: run `dtt init` or `dtt units load FILE`")
    if tree and resolve_format(fmt, output) == "table" and output is None:
        kids = children_map(everything)
        roots = [u for u in units if u["parent"] is None or
                 (level and u["level"] == level)] if level else kids.get(None, [])
        from rich.tree import Tree as RichTree

        rich_tree = RichTree(Text(f"{tr('Units')} — {basis}", style="bold"))

        def add(node: RichTree, unit: dict) -> None:
            label = Text(visible(f"{unit['code']}  {unit['name']}  "))
            label.append(visible(tr(f"({unit['level']}, {unit['people']} people)")), style="dim")
            branch = node.add(label)
            if not level:
                for child in kids.get(unit["code"], []):
                    add(branch, child)

        for root in roots:
            add(rich_tree, root)
        from dtt.cli.common import out_console

        out_console().print(rich_tree)
        return
    by_code = {u["code"]: u for u in everything}
    rows = []
    for u in units:
        depth, cursor = 0, u["parent"]
        while cursor:
            depth += 1
            cursor = by_code[cursor]["parent"]
        rows.append({**u, "code": ("  " * depth if tree else "") + u["code"],
                     "clusters": u["clusters"] or ""})
    cols = [Column("code", "code"), Column("name", "name", max_width=50),
            Column("level", "level"), Column("parent", "parent"),
            Column("people", "people", "right"), Column("clusters", "clusters")]
    emit(Document("Units", [Section("Units", cols, rows,
                                     summary=f"{len(rows)} units — {basis}")]),
         resolve_format(fmt, output), output)


@units_app.command("history")
@handles_errors
def units_history(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="A unit code, current or closed."),
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """A unit through time: its trees (dates, name, level, parent), predecessors, successors."""
    h = unit_history(store(ctx), code)
    rows = [{"from": sp["from"].replace("0001-01-01", "—"), "until": sp["until"] or "",
             "name": sp["name"], "level": sp["level"], "parent": sp["parent"] or ""}
            for sp in h["spans"]]
    links = [{"on": p["on"], "link": tr("continues itself, absorbing" if p["kept_code"]
                                        else "succeeds"), "units": ", ".join(p["units"])}
             for p in h["predecessors"]]
    links += [{"on": n["on"], "link": tr("succeeded by (principal)" if n["principal"]
                                         else "succeeded by"), "units": n["unit"]}
              for n in h["successors"]]
    doc = Document(f"Unit {code} through time", [
        Section("Trees", [Column("from", "from"), Column("until", "until"),
                          Column("name", "name", max_width=40), Column("level", "level"),
                          Column("parent", "parent")], rows),
        Section("Lineage", [Column("on", "on"), Column("link", "link"),
                            Column("units", "units")], links,
                summary=None if links else "no predecessor or successor")],
        json=h)
    emit(doc, resolve_format(fmt, output), output)


@people_app.command("import")
@handles_errors
def people_import(ctx: typer.Context,
                  file: Path = typer.Argument(..., help="People .csv or .xlsx."),
                  year: int = typer.Option(None, "--year", help="The roster as of this year "
                                           "(default: the latest year with records, else the "
                                           "current year).", show_default=False)) -> None:
    """Import people (code, full_name, unit, category, position, heads; optionally gender,
    born, recruited); updates by code. A person's unit, position and heads hold from the year
    until a later roster changes them."""
    if year is not None:
        resolve_year(store(ctx), year)
    summary = import_people_file(store(ctx), file, year)
    for warning in summary["warnings"]:
        info(f"warning: {warning}")
    as_of = f"the roster as of {summary['year']}"
    if summary["year_basis"] != "given":
        as_of += f" ({summary['year_basis']}; give --year to set it)"
    info(f"{file}: {summary['rows']} people ({summary['added']} new, "
         f"{summary['updated']} updated), {as_of}")


@people_app.command("list")
@handles_errors
def people_list(
    ctx: typer.Context,
    unit: str = typer.Option(None, "--unit", help="Only people of this unit's subtree."),
    search: str = typer.Option(None, "--search", help="Accent-insensitive name or code search."),
    year: int = typer.Option(None, "--year", help="The roster as of this year, in that "
                             "year's tree (default: the latest year with records)."),
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """List people in Vietnamese name order (given name, family name, middle names): the
    roster of a year, ready to edit and import as a later year's (`people import --year`)."""
    rows, as_of = list_people(store(ctx), unit, search, year)
    cols = [Column("code", "code"), Column("full_name", "full_name"), Column("unit", "unit"),
            Column("category", "category"), Column("position", "position", max_width=24),
            Column("heads", "heads"), Column("gender", "gender"), Column("born", "born"),
            Column("recruited", "recruited")]
    chosen = resolve_format(fmt, output)
    # a workbook is written to be edited and imported again: no line under the table
    summary = None if chosen == "xlsx" else f"{len(rows)} people as of {as_of}"
    emit(Document("People", [Section("People", cols, rows, summary=summary)]), chosen, output)


@records_app.command("import")
@handles_errors
def records_import(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="Records .csv or .xlsx: year, subject, metrics…"),
    force: bool = typer.Option(False, "--force", help="Change records of a year the council "
                               "has decided (audited)."),
) -> None:
    """Import yearly records (wide form); a subject-year in the file replaces the stored one."""
    summary = import_records_file(store(ctx), file, force=force)
    for warning in summary["warnings"]:
        info(f"warning: {warning}")
    info(f"{file}: {summary['rows']} records for {summary['subjects']} subjects over "
         f"{summary['years']} year(s)")


@records_app.command("show")
@handles_errors
def records_show(
    ctx: typer.Context,
    subject: str = typer.Argument(..., help="A person or unit code."),
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """Show one subject's records, year by year."""
    from dtt.reports.records_view import records_document

    s = store(ctx)
    rows = records_of(s, subject)
    chosen = resolve_format(fmt, output)
    # a table on the terminal: the columns over as many tables as fit 100 columns
    emit(records_document(subject, rows, active_metrics(s), current(), table=chosen == "table"),
         chosen, output)


@handles_errors
def backup_db(
    ctx: typer.Context,
    target: Path = typer.Argument(..., help="The backup file to write (replaced if it exists)."),
) -> None:
    """Copy the whole database to a file, consistently, even while others are writing."""
    s = store(ctx)
    if target.resolve() == s.path.resolve():
        raise InputError("the backup must be another file than the database", field="TARGET")
    written = backup(s, target)
    info(f"{s.path} backed up to {written} ({written.stat().st_size:,} bytes)")
