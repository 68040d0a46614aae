"""`records show SUBJECT`: one subject's records year by year, as a person reads them — the
metrics under their labels and enum values by name in Vietnamese (keys and codes in English) —
and, for the terminal, over as many tables as fit the width, the year repeated on each, long
headers and values wrapped: no column is dropped and no value cut."""

from __future__ import annotations

from typing import Any

from dtt.criteria.metrics import MetricSet
from dtt.messages import t
from dtt.render.explain import default_vocabulary, value_label
from dtt.render.jsonfmt import document_json
from dtt.render.model import Column, Document, Section
from dtt.render.pages import split_columns
from dtt.render.values import text_width

__all__ = ["records_document"]

# a metric's column is at most this wide on the terminal (its header and values wrap)
COLUMN_WIDTH = 18


def records_document(subject: str, rows: list[dict[str, Any]], metrics: MetricSet,
                     lang: str = "vi", table: bool = False, width: int = 100) -> Document:
    """The records of `subject` (rows of `records_of`) as a Document; `table` splits the
    columns over several sections that each fit `width` columns. Its JSON keeps the keys and
    codes, as before, for scripts."""
    present = {k for row in rows for k in row if not k.startswith("_")}
    declared: dict[str, Any] = {}
    kinds: dict[str, list[Any]] = {}
    for kind in ("person", "collective"):
        for key, metric in metrics.for_kind(kind).items():
            declared.setdefault(key, metric)
            kinds.setdefault(key, []).append(metric)
    keys = [k for k in declared if k in present]
    vocab = default_vocabulary() if lang == "en" else None
    shown_rows = []
    for row in rows:
        out: dict[str, Any] = {"year": row["year"]}
        for key in keys:
            value = row.get(key)
            metric = declared[key]
            if value is None or lang == "en":
                out[key] = value
            elif metric.type == "enum":  # a person's or a collective's value, by its label
                out[key] = next((m.label_of(value) for m in kinds[key]
                                 if value in m.value_labels), str(value))
            elif metric.type == "bool":
                out[key] = value_label(vocab or default_vocabulary(), key, value, lang)
            else:
                out[key] = value  # a number: the writers give it the language's form
        shown_rows.append(out)
    cols = [Column("year", t("report.year", lang), "right")]
    for key in keys:
        title = key if lang == "en" else declared[key].label
        longest = max((text_width(w) for w in title.split()), default=1)
        cols.append(Column(key, title, max_width=max(COLUMN_WIDTH, longest)))
    summary = t("records.years", lang, n=len(rows))
    section = Section(subject, cols, shown_rows, summary=summary)
    sections = split_columns(section, width, lang=lang) if table else [section]
    raw = Section(subject, [Column(k, k, "right" if k == "year" else "left")
                            for k in ["year", *keys]], rows, summary=f"{len(rows)} year(s)")
    return Document(t("records.title", lang, subject=subject), sections, lang=lang,
                    json=document_json(Document(f"Kết quả — {subject}", [raw])))
