"""Queries that load the sector for the in-memory model (dtt.sector.UnitTree, the engine's
Context): the tree, the roster, the records of a span of years, registrations and
nominations. One query per table; rows come back as plain tuples."""

from __future__ import annotations

from typing import Any

from dtt.store.db import Store


def levels(store: Store) -> list[str]:
    """The level keys, top level first."""
    return [r[0] for r in store.query("SELECT key FROM levels ORDER BY position")]


def units(store: Store) -> list[tuple[str, str, str, str | None, int]]:
    """Every unit as (code, name, level, parent, position), in tree order."""
    rows = store.query("SELECT code, name, level, parent, position FROM units "
                       "ORDER BY position, code")
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def cluster_members(store: Store) -> list[tuple[str, str]]:
    """Every (cluster, unit) membership, by cluster then unit."""
    rows = store.query("SELECT cluster, unit FROM cluster_members ORDER BY cluster, unit")
    return [(r[0], r[1]) for r in rows]


PersonTuple = tuple[str, str, str, str | None, str | None, str | None, str | None, str | None]


def people(store: Store) -> list[PersonTuple]:
    """Every person as (code, full name, unit, position, heads, gender, born, recruited), by
    code."""
    rows = store.query("SELECT code, full_name, unit, position, heads, gender, born, recruited "
                       "FROM people ORDER BY code")
    return [(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]) for r in rows]


def records(store: Store, first: int, last: int) -> list[tuple[str, int, str | None]]:
    """Every record of the years first..last as (subject, year, data as JSON text)."""
    return store.execute("SELECT subject, year, data FROM records WHERE year BETWEEN ? AND ?",
                         (first, last)).fetchall()


def registrations(store: Store) -> set[tuple[str, str, int]]:
    """(subject, track, year) of every registration not withdrawn."""
    rows = store.execute(
        "SELECT subject, track, year FROM registrations WHERE withdrawn_at IS NULL")
    return {(r[0], r[1], r[2]) for r in rows}


def nominations(store: Store, year: int) -> list[tuple[str, str, str, Any, str]]:
    """The nominations of `year` as (track, subject, unit, withdrawn, origin), oldest first."""
    rows = store.query("SELECT track, subject, unit, withdrawn, origin FROM nominations "
                       "WHERE year = ? ORDER BY created_at, unit", (year,))
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def awards(store: Store, first: int, last: int) -> set[tuple[str, str, int]]:
    """(track, subject, year) of every award of the years first..last: the latest council
    decision of that year and track recognised the subject."""
    rows = store.query("SELECT track, subject, year FROM latest_decisions "
                       "WHERE outcome = 'recognised' AND year BETWEEN ? AND ?", (first, last))
    return {(r[0], r[1], r[2]) for r in rows}
