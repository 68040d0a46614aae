"""`dtt criteria versions` and `dtt criteria show`: the dated criteria versions and the rules
in force in a year, each with its legal source."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from dtt.cli.common import FormatOption, OutputOption, emit, handles_errors, store
from dtt.cli.lang import tr
from dtt.criteria.model import Criteria, Quota, Track, Version
from dtt.criteria.source import active_criteria
from dtt.engine.describe import describe, describe_text
from dtt.render import resolve_format
from dtt.render.model import Column, Document, Section

if TYPE_CHECKING:
    from dtt.render.vocab import Vocabulary

C = Column

app = typer.Typer(help="The criteria in force: dated versions and their rules, with sources.",
                  no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="criteria")


@app.command("versions")
@handles_errors
def versions_cmd(
    ctx: typer.Context,
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """List the criteria versions: key, years in force, and the legal texts of each."""
    emit(versions_doc(active_criteria(store(ctx))), resolve_format(fmt, output), output)


@app.command("show")
@handles_errors
def show_cmd(
    ctx: typer.Context,
    year: int = typer.Option(None, "--year", "-y", help="The year whose rules to show "
                             "(default: the latest year with records).", show_default=False),
    track: str = typer.Option(None, "--track", "-t", help="Only this track.",
                              show_default=False),
    fmt: str = FormatOption,
    output: Path = OutputOption,
) -> None:
    """The rules in force in a year: each track's criteria (id, label, source, the rule),
    its quota and its council."""
    from dtt.errors import InputError
    from dtt.years import resolve_year

    crit = active_criteria(store(ctx))
    year = resolve_year(store(ctx), year)
    version = crit.version_for(year)
    if track is not None and track not in version.tracks:
        raise InputError(f"unknown track '{track}' in {year} (tracks: "
                         f"{', '.join(version.order)})", field="--track")
    from dtt.cli.lang import current

    lang = current()
    vocab = None
    if lang != "en":
        from dtt.reports.labels import store_vocabulary

        vocab = store_vocabulary(store(ctx))
    emit(show_doc(crit, version, year, track, lang, vocab), resolve_format(fmt, output), output)


def version_row(version: Version) -> dict[str, Any]:
    return {"version": version.key, "from": version.start, "to": version.end,
            "years": version.years, "extends": version.extends, "label": version.label}


def versions_doc(crit: Criteria) -> Document:
    rows = [version_row(v) for v in crit.versions]
    cols = [C("version", "version"), C("years", "years"), C("extends", "extends"),
            C("label", "texts", max_width=70)]
    return Document(f"Criteria versions — {crit.name}",
                    [Section("Versions", cols, rows, summary=f"{len(rows)} version(s)")],
                    json={"criteria": crit.name, "sha256": crit.sha256, "versions": rows})


def quota_text(quota: Quota | None) -> str:
    if quota is None:
        return tr("none: every eligible is recommended")
    if quota.kind == "by_level":
        parts = [f"{level}: {quota_text(q)}" for level, q in quota.by_level.items()]
        if quota.default is not None:
            parts.append(tr(f"others: {quota_text(quota.default)}"))
        return "; ".join(parts)
    if quota.kind == "fixed":
        return tr(f"{quota.fixed} per {quota.per}")
    base = tr(f"eligible of {quota.of_track}") if quota.of == "eligible_of" else quota.of
    return tr(f"{quota.share:g}% of {base} ({quota.rounding}, min {quota.min})")


def quota_words(quota: Quota | None, lang: str, vocab: Vocabulary) -> str:
    """A quota in `lang` with the names of its tracks, levels and rounding."""
    from dtt.messages import lookup, t
    from dtt.render.numbers import number

    if lang == "en":
        return quota_text(quota)
    if quota is None:
        return t("rule.quota_none", lang)
    if quota.kind == "by_level":
        parts = [f"{vocab.levels.get(level, level)}: {quota_words(q, lang, vocab)}"
                 for level, q in quota.by_level.items()]
        if quota.default is not None:
            parts.append(t("rule.quota_others", lang,
                           quota=quota_words(quota.default, lang, vocab)))
        return "; ".join(parts)
    if quota.kind == "fixed":
        per = lookup(f"rule.quota_per_{quota.per}", lang) or quota.per
        return t("rule.quota_fixed", lang, n=number(quota.fixed, lang), per=per)
    if quota.of == "eligible_of":
        track = quota.of_track or ""
        base = t("rule.quota_eligible_of", lang, track=lookup(f"track.short.{track}", lang)
                 or vocab.tracks.get(track) or track)
    else:
        base = lookup(f"rule.quota_of_{quota.of}", lang) or quota.of
    rounding = lookup(f"check.round_{quota.rounding}", lang) or quota.rounding
    return t("rule.quota_share", lang, share=number(quota.share, lang) + "%", base=base,
             rounding=rounding, min=number(quota.min, lang))


def track_rows(track: Track) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for c in track.criteria:
        rows.append({"track": track.key, "id": c.id, "label": c.label, "source": c.source,
                     "rule": describe(c.rule)})
    quota = track.quota
    rows.append({"track": track.key, "id": f"{track.key}.quota",
                 "label": (quota.label if quota else "") or "Số được đề nghị",
                 "source": (quota.source if quota else "") or track.source,
                 "rule": quota_text(quota)})
    council = track.council
    op = "≥" if council.needs_op == "gte" else ">"
    rows.append({"track": track.key, "id": f"{track.key}.council",
                 "label": council.needs_label or "Hội đồng", "source": council.source,
                 "rule": tr(f"votes for {op} {council.needs_share:g}% of {council.needs_of}; "
                            f"quorum {council.quorum_share:g}%")})
    return rows


def show_doc(crit: Criteria, version: Version, year: int, only: str | None,
             lang: str = "en", vocab: Vocabulary | None = None) -> Document:
    """The rules in force in `year`; in Vietnamese (`vocab` given) the table and CSV write
    each rule with the metrics' and values' names, the JSON keeps `describe`'s text."""
    sections = []
    tracks = []
    for key in version.order:
        if only is not None and key != only:
            continue
        track = version.tracks[key]
        rows = track_rows(track)
        cols = [C("id", "id"), C("label", "label", max_width=40),
                C("source", "source", max_width=36), C("rule", "rule", max_width=44)]
        shown = rows if vocab is None else [
            {**r, "rule": quota_words(track.quota, lang, vocab)
             if r["id"] == f"{key}.quota" else describe_text(r["rule"], vocab, lang)}
            for r in rows]
        sections.append(Section(f"{key} — {track.label} ({track.source})", cols, shown,
                                key=key))
        tracks.append({"track": key, "label": track.label, "subject": track.subject,
                       "source": track.source, "levels": track.levels, "rules": rows})
    ties = [{"id": f"tie_break.{i}", "label": t.label, "source": t.source,
             "rule": tr(f"gender {t.gender} first (collectives: ≥ {t.share:g}% of their people)"
                        if t.kind == "gender" else f"better {t.key} in the year first")}
            for i, t in enumerate(version.tie_break, start=1)]
    if only is None:
        cols = [C("id", "id"), C("label", "label", max_width=40),
                C("source", "source", max_width=36), C("rule", "rule", max_width=44)]
        sections.append(Section("Equal scores (tie_break), then Vietnamese name order, then code",
                                cols, ties, key="tie_break"))
    title = f"Criteria of {year} — version {version.key} ({version.label})"
    return Document(title, sections,
                    json={"year": year, "version": version_row(version),
                          "sha256": crit.sha256, "tracks": tracks, "tie_break": ties})
