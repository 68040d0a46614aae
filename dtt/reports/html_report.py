"""The HTML report: the ranked Document with, above its tables, a summary and inline SVG
charts (exemplars per province, share recommended by level, the year-by-year trend); the html
writer of `dtt.render` makes it one self-contained page.
"""

from __future__ import annotations

from html import escape

from dtt.render.model import Document
from dtt.reports import labels as L
from dtt.reports.charts import bar_chart, line_chart
from dtt.reports.data import status_counts_by_year
from dtt.reports.ranked import RankedReport, placement
from dtt.reports.ranked_out import ranked_document
from dtt.store import Store

GOOD = ("recommended", "recognised")
CSS = """
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0 8px; }
.card { border: 1px solid #d5dbe3; border-radius: 6px; padding: 8px 14px; min-width: 120px;
  background: #f7f9fc; }
.card b { display: block; font-size: 22px; font-variant-numeric: tabular-nums; }
.card span { color: #555; font-size: 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr));
  gap: 18px; margin: 10px 0 6px; }
.charts figure { margin: 0; border: 1px solid #e2e6ec; border-radius: 6px; padding: 10px;
  overflow-x: auto; background: #fff; }
p.note { color: #555; font-size: 12px; }
@media print { .charts { display: block; } .charts figure { break-inside: avoid;
  page-break-inside: avoid; margin-bottom: 10px; border: none; } }
"""


def exemplars_per_province(report: RankedReport) -> list[tuple[str, float]]:
    """Exemplars (person and collective) recommended or recognised, per province."""
    units = report.units
    counts = {code: 0 for code in units.of_level("province")}
    for r in report.results:
        if r["track"] in L.EXEMPLAR_TRACKS and r["status"] in GOOD:
            home = units.at_level(placement(r), "province")
            if home in counts:
                counts[home] += 1
    items = [(units.name(code), float(n)) for code, n in counts.items()]
    return sorted(items, key=lambda kv: -kv[1])


def share_by_level(report: RankedReport) -> list[tuple[str, float]]:
    """Per unit level, the share (%) of candidates recommended or recognised."""
    units = report.units
    seen: dict[str, list[int]] = {}
    for r in report.results:
        level = units.level(placement(r))
        if level is None:
            continue
        slot = seen.setdefault(level, [0, 0])
        slot[1] += 1
        if r["status"] in GOOD:
            slot[0] += 1
    items = []
    for level, name in units.levels.items():
        if level in seen:
            good, total = seen[level]
            label = name if report.lang == "vi" else level
            items.append((label, round(100.0 * good / total, 1)))
    return items


def trend(store: Store, lang: str) -> dict[str, list[tuple[int, float]]]:
    """Exemplars recommended or recognised per year, from every stored evaluation."""
    counts = status_counts_by_year(store)
    series: dict[str, list[tuple[int, float]]] = {}
    for track in L.EXEMPLAR_TRACKS:
        label = L.track_short(lang, track)
        points = [(year, float(sum(n for s, n in by_track.get(track, {}).items()
                                   if s in GOOD)))
                  for year, by_track in sorted(counts.items()) if track in by_track]
        if points:
            series[label] = points
    return series


def summary_cards(report: RankedReport) -> str:
    shown = [r for g in report.groups for r in g.results]
    counts: dict[str, int] = {}
    for r in shown:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    cards = [(L.t(report.lang, "candidates"), len(shown))]
    cards += [(L.status_label(report.lang, s), counts[s]) for s in L.STATUS_ORDER if s in counts]
    return '<div class="cards">' + "".join(
        f"<div class=card><b>{L.count(n, report.lang)}</b><span>{escape(label)}</span></div>"
        for label, n in cards) + "</div>"


def ranked_html_document(store: Store, report: RankedReport) -> Document:
    """The ranked Document with the summary cards and the charts above its tables, for the
    html writer."""
    lang = report.lang
    doc = ranked_document(report)
    no_data = L.t(lang, "no_data")
    provinces = exemplars_per_province(report)
    charts = [
        bar_chart(provinces, L.t(lang, "chart_province"), empty=no_data, lang=lang),
        bar_chart(share_by_level(report), L.t(lang, "chart_level"), unit="%",
                  max_value=100, empty=no_data, lang=lang),
        line_chart(trend(store, lang), L.t(lang, "chart_trend"), empty=no_data, lang=lang),
    ]
    doc.html_intro = "\n".join([
        f"<h2>{escape(L.t(lang, 'summary_head'))}</h2>",
        summary_cards(report),
        f"<h2>{escape(L.t(lang, 'charts'))}</h2>",
        '<div class="charts">' + "".join(f"<figure>{c}</figure>" for c in charts) + "</div>",
    ])
    doc.html_css = CSS
    return doc
