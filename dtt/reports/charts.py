"""Small inline SVG charts (no script, no network): horizontal bars and a year-by-year line.

Every label is escaped; sizes are fixed so the page looks the same in every browser and in
print.
"""

from __future__ import annotations

from html import escape

from dtt.render.numbers import number

PALETTE = ("#1f5fa8", "#d9822b", "#2e8b57", "#a23b72", "#6b6b6b", "#c0392b")
FONT = 'font-family="Segoe UI, Arial, Noto Sans, sans-serif"'


def _num(value: float, lang: str = "vi") -> str:
    """A value on a chart: whole, or one decimal, in the language's form (1.673; 46,7)."""
    return number(round(float(value), 1) if not float(value).is_integer() else int(value),
                  lang, decimals=1)


def bar_chart(items: list[tuple[str, float]], title: str, *, unit: str = "",
              width: int = 560, max_value: float | None = None, empty: str = "—",
              lang: str = "vi") -> str:
    """Horizontal bars, one per (label, value), in the order given."""
    row, label_w, top = 18, 190, 30
    height = top + max(1, len(items)) * row + 12
    biggest = max_value or max((v for _, v in items), default=0) or 1
    span = width - label_w - 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" {FONT} font-size="12">',
             f"<title>{escape(title)}</title>",
             f'<text x="0" y="16" font-weight="600" font-size="13">{escape(title)}</text>']
    if not items:
        parts.append(f'<text x="0" y="{top + 12}" fill="#777">{escape(empty)}</text>')
    for i, (label, value) in enumerate(items):
        y = top + i * row
        w = max(0.0, span * value / biggest)
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end">'
                     f"<title>{escape(label)}</title>{escape(short)}</text>")
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row - 5}" '
                     f'fill="{PALETTE[0]}" rx="2"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 12}" fill="#333">'
                     f"{escape(_num(value, lang) + unit)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def line_chart(series: dict[str, list[tuple[int, float]]], title: str, *, width: int = 560,
               height: int = 260, empty: str = "—", lang: str = "vi") -> str:
    """One line per series over the years, with dots, values and a legend."""
    left, right, top, bottom = 40, 20, 30, 46
    years = sorted({x for points in series.values() for x, _ in points})
    biggest = max((y for points in series.values() for _, y in points), default=0) or 1
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" {FONT} font-size="12">',
             f"<title>{escape(title)}</title>",
             f'<text x="0" y="16" font-weight="600" font-size="13">{escape(title)}</text>']
    if not years:
        parts.append(f'<text x="0" y="{top + 20}" fill="#777">{escape(empty)}</text></svg>')
        return "".join(parts)

    inset = 28  # keep the first and last points off the axes

    def px(year: int) -> float:
        if len(years) == 1:
            return left + plot_w / 2
        return left + inset + (plot_w - 2 * inset) * years.index(year) / (len(years) - 1)

    def py(value: float) -> float:
        return top + plot_h - plot_h * value / biggest

    for k in range(5):  # grid lines and the value axis
        value = biggest * k / 4
        y = py(value)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     'stroke="#e3e3e3"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">'
                     f"{escape(_num(value, lang))}</text>")
    for year in years:
        parts.append(f'<text x="{px(year):.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                     f"{year}</text>")
    for i, (name, points) in enumerate(series.items()):
        colour = PALETTE[i % len(PALETTE)]
        ordered = sorted(points)
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in ordered)
        if len(ordered) > 1:
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                         'stroke-width="2"/>')
        for x, y in ordered:
            parts.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3.5" fill="{colour}">'
                         f"<title>{escape(name)} {x}: {escape(_num(y, lang))}</title></circle>")
            parts.append(f'<text x="{px(x):.1f}" y="{py(y) - 7:.1f}" text-anchor="middle" '
                         f'fill="{colour}" font-size="11">{escape(_num(y, lang))}</text>')
        lx = left + i * 200
        ly = height - 10
        parts.append(f'<rect x="{lx}" y="{ly - 9}" width="12" height="4" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 16}" y="{ly - 4}">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
