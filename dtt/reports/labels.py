"""Every heading, status and track name the reports show, in Vietnamese (default) or English."""

from __future__ import annotations

LANGS = ("vi", "en")

# council outcomes first, then the engine's verdicts, best first
STATUS_ORDER = ("recognised", "recommended", "eligible", "escalated", "rejected", "ineligible")

STATUS = {
    "vi": {
        "recognised": "Được công nhận",
        "recommended": "Đề nghị",
        "eligible": "Đủ điều kiện",
        "escalated": "Trình cấp trên",
        "rejected": "Không được công nhận",
        "ineligible": "Không đủ điều kiện",
    },
    "en": {s: s for s in STATUS_ORDER},
}

# short names for table cells; the long names come from the criteria file
TRACK_SHORT = {
    "vi": {
        "ldtt": "LĐTT", "cstdcs": "CSTĐCS", "cstdn": "CSTĐN", "ttldtt": "TTLĐTT",
        "ttldxs": "TTLĐXS", "exemplar": "ĐHTT cá nhân", "exemplar_collective": "ĐHTT tập thể",
    },
    "en": {},
}
TRACK_LONG_EN = {
    "ldtt": "Advanced worker", "cstdcs": "Grassroots emulation fighter",
    "cstdn": "Sector emulation fighter", "ttldtt": "Advanced labour collective",
    "ttldxs": "Excellent labour collective", "exemplar": "Advanced exemplar (person)",
    "exemplar_collective": "Advanced exemplar (collective)",
}
EXEMPLAR_TRACKS = ("exemplar", "exemplar_collective")

TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "rank": "Hạng", "name": "Họ tên / Tập thể", "unit": "Đơn vị", "track": "Danh hiệu",
        "score": "Điểm", "status": "Kết quả", "facts": "Căn cứ", "year": "Năm",
        "ranked_title": "Danh sách xếp hạng ứng viên thi đua – khen thưởng năm {year}",
        "criteria": "Bộ tiêu chí {version} (sha256 {sha})",
        "no_evaluation": "chưa có kết quả đánh giá",
        "quota_in": "thứ {pos}/{limit} trong chỉ tiêu",
        "quota_out": "ngoài chỉ tiêu: thứ {pos}, chỉ tiêu {limit}",
        "no_quota": "đạt mọi tiêu chí",
        "all_met": "đạt mọi tiêu chí",
        "votes": "Hội đồng {unit}: {yes}/{members} đồng ý",
        "escalated_to": "trình {unit}",
        "total": "Tổng", "rows": "dòng",
        "candidates": "ứng viên",
        "hidden_ineligible": "{n} không đạt (dùng --status all để xem)",
        "top_shown": "liệt kê {n} người/tập thể đứng đầu (--top)",
        "summary_head": "Tóm tắt", "charts": "Biểu đồ",
        "chart_province": "Điển hình tiên tiến được đề nghị / công nhận theo tỉnh",
        "chart_level": "Tỷ lệ được đề nghị / công nhận theo cấp",
        "chart_trend": "Điển hình tiên tiến qua các năm (theo kết quả đánh giá đã lưu)",
        "no_data": "Chưa có dữ liệu",
        "period_title": "Tổng hợp thi đua – khen thưởng giai đoạn {start}–{end}",
        "continuous": "Giữ danh hiệu liên tục cả giai đoạn {start}–{end}",
        "replication": "Nhân rộng điển hình, mô hình",
        "model": "Điển hình / mô hình", "origin": "Đơn vị của điển hình",
        "adopted_by": "Đơn vị áp dụng", "form": "Hình thức",
        "title_held": "Danh hiệu (thấp nhất trong giai đoạn)", "years": "Các năm",
        "exemplars_recommended": "ĐHTT đề nghị", "exemplars_recognised": "ĐHTT công nhận",
        "kind": "Loại", "person": "cá nhân", "collective": "tập thể",
        "coverage": "{models} điển hình được {units} đơn vị áp dụng ({share} số đơn vị)",
        "continuous_none": "Không có ai giữ danh hiệu liên tục cả giai đoạn",
    },
    "en": {
        "rank": "Rank", "name": "Name", "unit": "Unit", "track": "Track", "score": "Score",
        "status": "Status", "facts": "Why", "year": "Year",
        "ranked_title": "Ranked candidates for emulation titles and exemplars, {year}",
        "criteria": "Criteria {version} (sha256 {sha})",
        "no_evaluation": "no evaluation stored",
        "quota_in": "{pos}/{limit} of quota",
        "quota_out": "outside quota: {pos}th, quota {limit}",
        "no_quota": "all criteria met",
        "all_met": "all criteria met",
        "votes": "council {unit}: {yes}/{members} for",
        "escalated_to": "sent to {unit}",
        "total": "Total", "rows": "rows",
        "candidates": "candidates",
        "hidden_ineligible": "{n} ineligible (use --status all to see them)",
        "top_shown": "{n} listed (--top)",
        "summary_head": "Summary", "charts": "Charts",
        "chart_province": "Exemplars recommended / recognised per province",
        "chart_level": "Share recommended / recognised by level",
        "chart_trend": "Exemplars year by year (from stored evaluations)",
        "no_data": "No data yet",
        "period_title": "Emulation and commendation summary, period {start}–{end}",
        "continuous": "Held a title every year of {start}–{end}",
        "replication": "Replication of exemplars and models",
        "model": "Exemplar / model", "origin": "Exemplar's unit",
        "adopted_by": "Adopted by", "form": "Form",
        "title_held": "Title (lowest in the period)", "years": "Years",
        "exemplars_recommended": "Exemplars recommended",
        "exemplars_recognised": "Exemplars recognised",
        "kind": "Kind", "person": "person", "collective": "collective",
        "coverage": "{models} exemplars adopted by {units} units ({share} of units)",
        "continuous_none": "Nobody held a title every year of the period",
    },
}

TITLE_SHORT = {
    "LDTT": "LĐTT", "CSTDCS": "CSTĐCS", "CSTDN": "CSTĐN", "CSTDTQ": "CSTĐTQ",
    "TTLDTT": "TTLĐTT", "TTLDXS": "TTLĐXS", "CO_NGANH": "Cờ ngành", "CO_CP": "Cờ CP",
}
PERSON_TITLES = ("LDTT", "CSTDCS", "CSTDN", "CSTDTQ")
COLLECTIVE_TITLES = ("TTLDTT", "TTLDXS", "CO_NGANH", "CO_CP")


def check_lang(lang: str | None) -> str:
    from dtt.errors import InputError

    chosen = (lang or "vi").strip().lower()
    if chosen not in LANGS:
        raise InputError(f"unknown language '{lang}' (use vi or en)", field="--lang")
    return chosen


def t(lang: str, key: str, **values: object) -> str:
    """The heading `key` in `lang`, with {placeholders} filled."""
    text = TEXT.get(lang, TEXT["vi"]).get(key) or TEXT["vi"][key]
    return text.format(**values) if values else text


def status_label(lang: str, status: str) -> str:
    return STATUS.get(lang, STATUS["vi"]).get(status, status)


def track_short(lang: str, track: str) -> str:
    return TRACK_SHORT.get(lang, {}).get(track, track)


def track_long(lang: str, track: str, criteria_label: str | None = None) -> str:
    """The track's full name: the criteria file's label in Vietnamese, a fixed one in English."""
    if lang == "en":
        return TRACK_LONG_EN.get(track, criteria_label or track)
    return criteria_label or TRACK_SHORT["vi"].get(track, track)


def title_short(code: str | None) -> str:
    return TITLE_SHORT.get(code or "", code or "")
