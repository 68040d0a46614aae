"""Ratings that contradict the rating decree (NĐ 90/2020/NĐ-CP Điều 2, as amended by NĐ
48/2023/NĐ-CP): warnings for a records import, never errors — the record is the unit's own
decision, and the import keeps it; the officer is told where to look.

- disciplined in the year yet rated above KHTNV (a person disciplined in the year is rated
  "không hoàn thành nhiệm vụ");
- fewer than 6 months worked in the year yet rated (such a person is not rated), unless on
  maternity leave (the decree's exception)."""

from __future__ import annotations

from typing import Any

from dtt.criteria.metrics import MetricSet
from dtt.errors import Problem

RATING, DISCIPLINE, MONTHS, MATERNITY = "rating", "discipline", "months_worked", "maternity_months"
MIN_MONTHS = 6
SOURCE = "NĐ 90/2020/NĐ-CP Điều 2, sửa đổi NĐ 48/2023/NĐ-CP"


def rating_warnings(metrics: MetricSet, data: dict[str, Any], filename: str,
                    row: int | None) -> list[Problem]:
    """The warnings for one person's record (`data`: parsed values of one row)."""
    rating_metric = metrics.get("person", RATING)
    rating = data.get(RATING)
    if rating_metric is None or rating is None or rating_metric.type != "enum":
        return []
    out: list[Problem] = []
    lowest = rating_metric.values[0]
    discipline_metric = metrics.get("person", DISCIPLINE)
    discipline = data.get(DISCIPLINE)
    if (discipline_metric is not None and discipline_metric.type == "enum"
            and discipline is not None and discipline in discipline_metric.values
            and discipline_metric.values.index(discipline) > 0 and rating != lowest):
        out.append(Problem(f"rated {rating} though disciplined ({discipline}) in the year: "
                           f"a person disciplined in the year is rated {lowest} ({SOURCE})",
                           filename, row, RATING))
    months = data.get(MONTHS)
    maternity = data.get(MATERNITY) or 0
    if (metrics.get("person", MONTHS) is not None and isinstance(months, int | float)
            and months < MIN_MONTHS and not maternity):
        out.append(Problem(f"rated {rating} though only {months:g} months worked in the year: "
                           f"under {MIN_MONTHS} months a person is not rated, maternity leave "
                           f"excepted ({SOURCE})", filename, row, RATING))
    return out
