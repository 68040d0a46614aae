"""Staffing: the people of every unit, with their leaders, positions and latent strength."""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from typing import Any

from dtt.demo.names import full_name
from dtt.demo.sector import REGION

GROUP_LEVELS = ("province", "hq_unit")


@dataclass(slots=True)
class Unit:
    code: str
    name: str
    level: str
    parent: str | None
    group: str | None  # nearest province / hq_unit at or above the unit
    region: str
    children: list[str] = field(default_factory=list)
    people: list[int] = field(default_factory=list)  # indexes of the people placed directly here
    strength: float = 0.0


@dataclass(slots=True)
class Person:
    code: str
    full_name: str
    unit: str
    category: str  # CBCCVC | NLD
    position: str
    heads: str
    gender: str
    strength: float
    group: str | None
    recruited: str = ""  # ISO date; "" when the roster does not record it

    def as_row(self) -> dict[str, str]:
        return {
            "code": self.code,
            "full_name": self.full_name,
            "unit": self.unit,
            "category": self.category,
            "position": self.position,
            "heads": self.heads,
            "gender": "nữ" if self.gender == "F" else "nam",
            "recruited": self.recruited,
        }

    @property
    def first_year(self) -> int:
        """The first year the person works in the sector (records start then)."""
        return int(self.recruited[:4]) if self.recruited else 0


# the demo's years (records.YEARS): a few people are recruited in one of them
FIRST_YEAR, LAST_YEAR = 2016, 2025


def recruitment(code: str, lead: bool) -> str:
    """The date of recruitment of a person, drawn from the code alone (not the random stream,
    so every other value of the demo stays as it was): about 3% recruited in one of the demo's
    years (never a leader), about 3% with no date recorded (files made before the column
    existed: LĐTT then falls back on months worked), the rest between 1990 and 2015."""
    h = zlib.crc32(f"recruited:{code}".encode())
    pick, year_h, month, day = h % 100, (h >> 8) % 997, 1 + (h >> 16) % 12, 1 + (h >> 20) % 28
    if pick < 3:
        return ""
    if pick < 6 and not lead:
        year = FIRST_YEAR + year_h % (LAST_YEAR - FIRST_YEAR + 1)
    else:
        year = 1990 + year_h % (FIRST_YEAR - 1990)
    return f"{year:04d}-{month:02d}-{day:02d}"


# team and room sizes (head included), workers placed directly in a district office, per
# scale: (low, high), both inclusive
SIZES: dict[str, dict[str, tuple[int, int]]] = {
    "sample": {
        "team": (6, 15),
        "province_room": (6, 14),
        "hq_room": (5, 13),
        "district_nld": (2, 3),
    },
    "sector": {
        "team": (5, 12),
        "province_room": (5, 12),
        "hq_room": (5, 12),
        "district_nld": (1, 3),
    },
}

_NLD_JOBS = ["Lái xe", "Bảo vệ", "Nhân viên phục vụ", "Nhân viên tạp vụ"]


def flatten(tree: dict[str, Any]) -> list[Unit]:
    """The units of a tree in document order (parents before children)."""
    units: list[Unit] = []

    def walk(node: dict[str, Any], parent: Unit | None) -> None:
        level = node["level"]
        group = node["code"] if level in GROUP_LEVELS else (parent.group if parent else None)
        region = REGION.get(group or "", parent.region if parent else "north")
        parent_code = parent.code if parent else None
        unit = Unit(node["code"], node["name"], level, parent_code, group, region)
        units.append(unit)
        if parent is not None:
            parent.children.append(unit.code)
        for child in node.get("children") or []:
            walk(child, unit)

    for root in tree["units"]:
        walk(root, None)
    return units


def head_titles(unit: Unit) -> tuple[str, str]:
    """(head, deputy) position names for a unit."""
    name = unit.name
    if unit.level in ("province", "district"):
        return "Giám đốc", "Phó Giám đốc"
    if unit.level == "team":
        return "Tổ trưởng", "Tổ phó"
    if name.startswith("Văn phòng"):
        return "Chánh Văn phòng", "Phó Chánh Văn phòng"
    if unit.level in ("hq_room", "province_room"):
        return "Trưởng phòng", "Phó Trưởng phòng"
    for prefix, head in (
        ("Vụ", "Vụ trưởng"),
        ("Ban", "Trưởng ban"),
        ("Trung tâm", "Giám đốc"),
        ("Tạp chí", "Tổng Biên tập"),
        ("Báo", "Tổng Biên tập"),
        ("Trường", "Hiệu trưởng"),
        ("Viện", "Viện trưởng"),
    ):
        if name.startswith(prefix):
            return head, "Phó " + head
    return "Thủ trưởng đơn vị", "Phó Thủ trưởng đơn vị"


def _staff_positions(unit: Unit, parent_name: str) -> list[str]:
    """Positions an ordinary CBCCVC of this unit may hold (drawn uniformly)."""
    name = unit.name
    if unit.level == "team":
        if "Thu" in name:
            return ["Cán bộ thu", "Cán bộ thu", "Chuyên viên", "Cán bộ sổ, thẻ"]
        if "Kế toán" in name:
            return ["Kế toán viên", "Kế toán viên", "Chuyên viên", "Cán bộ chế độ"]
        return ["Chuyên viên", "Chuyên viên", "Cán sự", "Cán bộ một cửa"]
    if "Kế toán" in name or "Tài chính" in name:
        return ["Kế toán viên", "Kế toán viên chính", "Chuyên viên"]
    if "Giám định" in name:
        return ["Giám định viên", "Giám định viên", "Chuyên viên", "Bác sĩ"]
    if parent_name.startswith(("Báo", "Tạp chí")):
        return ["Phóng viên", "Biên tập viên", "Biên tập viên", "Chuyên viên"]
    if parent_name.startswith("Trường"):
        return ["Giảng viên", "Giảng viên chính", "Chuyên viên"]
    if parent_name.startswith("Viện"):
        return ["Nghiên cứu viên", "Nghiên cứu viên chính", "Chuyên viên"]
    if "Công nghệ thông tin" in name or "phần mềm" in name or "hạ tầng" in name:
        return ["Chuyên viên", "Kỹ sư công nghệ thông tin", "Kỹ sư công nghệ thông tin"]
    return ["Chuyên viên", "Chuyên viên", "Chuyên viên", "Chuyên viên chính"]


def staff(units: list[Unit], scale: str, rng: random.Random) -> list[Person]:
    """Place people in every unit below the root; every unit gets exactly one head."""
    sizes = SIZES[scale]
    by_code = {u.code: u for u in units}
    people: list[Person] = []

    def add(
        unit: Unit, position: str, *, head: bool = False, nld: bool = False, lead: bool = False
    ) -> None:
        male_share = 0.85 if nld else (0.6 if lead else 0.38)
        gender = "M" if rng.random() < male_share else "F"
        if head:  # a head's years follow the unit's more than anyone's
            strength = 0.7 * rng.gauss(0.0, 1.0) + 0.7 * unit.strength + 0.45
        else:
            strength = rng.gauss(0.0, 1.0) + (0.45 if lead else 0.0)
        code = f"NV{len(people) + 1:06d}"
        person = Person(
            code=code,
            full_name=full_name(rng, gender, unit.region),
            unit=unit.code,
            category="NLD" if nld else "CBCCVC",
            position=position,
            heads=unit.code if head else "",
            gender=gender,
            strength=strength,
            group=unit.group,
            recruited=recruitment(code, head or lead),
        )
        unit.people.append(len(people))
        people.append(person)

    for unit in units:
        unit.strength = rng.gauss(0.0, 1.0)
        if unit.parent is None:
            continue  # the sector itself: its leadership is not part of the sample
        head, deputy = head_titles(unit)
        parent_name = by_code[unit.parent].name
        add(unit, head, head=True, lead=True)
        if unit.level in ("hq_unit", "province"):
            for _ in range(rng.randint(2, 3)):
                add(unit, deputy, lead=True)
            continue
        if unit.level == "district":
            for _ in range(rng.randint(1, 2)):
                add(unit, deputy, lead=True)
            for job in _NLD_JOBS[: rng.randint(*sizes["district_nld"])]:
                add(unit, job, nld=True)
            continue
        low, high = sizes[unit.level]
        total = rng.randint(low, high)
        if unit.level != "team" and total >= 7:
            add(unit, deputy, lead=True)
            total -= 1
        positions = _staff_positions(unit, parent_name)
        if unit.name.startswith("Văn phòng") or unit.name == "Phòng Quản trị":
            for _ in range(rng.randint(2, 4)):
                add(unit, rng.choice(_NLD_JOBS), nld=True)
                total -= 1
        for _ in range(max(total - 1, 3)):
            if rng.random() < 0.03:
                add(unit, "Nhân viên", nld=True)
            else:
                add(unit, rng.choice(positions))
    return people
