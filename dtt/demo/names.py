"""Plausible Vietnamese personal names with realistic family-name frequencies."""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

# Family names with approximate national shares (%). Hoàng/Huỳnh and Vũ/Võ are the same names
# spelled the northern and the southern way; `region` picks the spelling.
_FAMILY: list[tuple[str, float]] = [
    ("Nguyễn", 38.4),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 5.1),
    ("Phan", 4.5),
    ("Vũ", 3.9),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
    ("Đào", 0.9),
    ("Đinh", 0.9),
    ("Mai", 0.6),
    ("Trịnh", 0.6),
    ("Lương", 0.5),
    ("Hà", 0.5),
    ("Cao", 0.4),
    ("Tạ", 0.3),
    ("Lâm", 0.3),
    ("Chu", 0.3),
    ("Tô", 0.3),
    ("Phùng", 0.3),
    ("Vương", 0.2),
    ("Kiều", 0.2),
    ("Triệu", 0.2),
    ("Lưu", 0.2),
    ("Quách", 0.2),
    ("Thái", 0.2),
    ("Văn", 0.1),
]
_SOUTHERN = {"Hoàng": "Huỳnh", "Vũ": "Võ"}
# share of the southern spelling by region
_SOUTH_SHARE = {"north": 0.05, "central": 0.5, "south": 0.9}

# fmt: off
_MIDDLE_MALE: list[tuple[str, float]] = [
    ("Văn", 40), ("Hữu", 8), ("Đức", 9), ("Minh", 8), ("Quang", 6), ("Xuân", 4), ("Ngọc", 4),
    ("Thanh", 5), ("Công", 5), ("Đình", 5), ("Mạnh", 3), ("Trọng", 3), ("Tiến", 2), ("Anh", 2),
    ("Việt", 2), ("Hoàng", 2), ("Duy", 2), ("Quốc", 3), ("Thế", 2), ("Trung", 1),
]
_MIDDLE_FEMALE: list[tuple[str, float]] = [
    ("Thị", 48), ("Thu", 7), ("Thanh", 6), ("Ngọc", 6), ("Minh", 4), ("Phương", 3), ("Hồng", 4),
    ("Kim", 3), ("Thúy", 3), ("Bích", 2), ("Mai", 2), ("Hoài", 2), ("Diệu", 1), ("Khánh", 2),
    ("Lan", 1), ("Quỳnh", 2), ("Bảo", 1), ("Hải", 2), ("Thùy", 2),
]
_GIVEN_MALE = [
    "Anh", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khánh",
    "Kiên", "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng",
    "Thành", "Tiến", "Toàn", "Trung", "Tú", "Tuấn", "Việt", "Vinh", "Hưng", "Lâm", "Thịnh", "Tùng",
    "Hiệp", "Hậu", "Khoa", "Lợi", "Định", "Chiến", "Công", "Duy", "Giang", "Hòa", "Luân", "Mạnh",
    "Ngọc", "Nhân", "Phương", "Quyết", "Tâm", "Thái", "Thuận", "Trường", "Vũ", "Bảo", "Đông", "Lực",
]
_GIVEN_FEMALE = [
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Huệ", "Hương",
    "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh",
    "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thắm", "Thanh", "Thủy", "Trang", "Tuyết", "Vân",
    "Yến", "Hải", "Dịu", "Duyên", "Hòa", "Lệ", "Lý", "Minh", "My", "Nhàn", "Nhi", "Thơ", "Thu",
    "Thúy", "Trâm", "Uyên", "Vy", "Xuân", "Hậu", "Khánh", "Lụa", "Mến", "Ánh", "Bình", "Diệp",
]
# fmt: on


class _Weighted:
    """Draw from a weighted list with one uniform number (no per-draw recomputation)."""

    def __init__(self, items: list[tuple[str, float]]) -> None:
        self.values = [name for name, _ in items]
        self.cum = list(accumulate(weight for _, weight in items))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random) -> str:
        return self.values[bisect(self.cum, rng.random() * self.total)]


_FAMILY_W = _Weighted(_FAMILY)
_MIDDLE_W = {"M": _Weighted(_MIDDLE_MALE), "F": _Weighted(_MIDDLE_FEMALE)}
_GIVEN = {"M": _GIVEN_MALE, "F": _GIVEN_FEMALE}


def family_name(rng: random.Random, region: str = "north") -> str:
    name = _FAMILY_W.draw(rng)
    if name in _SOUTHERN and rng.random() < _SOUTH_SHARE.get(region, 0.5):
        name = _SOUTHERN[name]
    return name


def full_name(rng: random.Random, gender: str, region: str = "north") -> str:
    """A full name `Họ Đệm Tên` for gender "M" or "F"; region: north, central or south."""
    family = family_name(rng, region)
    middle = _MIDDLE_W[gender].draw(rng)
    given = rng.choice(_GIVEN[gender])
    while given == middle:
        given = rng.choice(_GIVEN[gender])
    # a few people carry a second middle name (Nguyễn Thị Thu Hà, Trần Văn Minh Đức)
    if rng.random() < 0.06:
        extra = _MIDDLE_W[gender].draw(rng)
        if extra not in (middle, given):
            return f"{family} {middle} {extra} {given}"
    return f"{family} {middle} {given}"
