"""A synthetic full-size sector tree: VSS headquarters, 63 provincial offices, ~700 districts.

The headquarters units and the six provinces of the sample tree are kept as they are (real
district names); the other 57 provinces get real names and codes, their 2018 number of district
offices, their capital as the first district office and synthetic names for the others
("BHXH huyện số 7").
"""

from __future__ import annotations

import copy
import random
from typing import Any

# code, province office name, region, number of district offices (as of about 2018)
PROVINCES: list[tuple[str, str, str, int]] = [
    ("HNI", "BHXH thành phố Hà Nội", "north", 30),
    ("HPG", "BHXH thành phố Hải Phòng", "north", 14),
    ("QNH", "BHXH tỉnh Quảng Ninh", "north", 14),
    ("HDG", "BHXH tỉnh Hải Dương", "north", 12),
    ("HYN", "BHXH tỉnh Hưng Yên", "north", 10),
    ("TBH", "BHXH tỉnh Thái Bình", "north", 8),
    ("NDH", "BHXH tỉnh Nam Định", "north", 10),
    ("NBH", "BHXH tỉnh Ninh Bình", "north", 8),
    ("HNM", "BHXH tỉnh Hà Nam", "north", 6),
    ("VPC", "BHXH tỉnh Vĩnh Phúc", "north", 9),
    ("BNH", "BHXH tỉnh Bắc Ninh", "north", 8),
    ("BGG", "BHXH tỉnh Bắc Giang", "north", 10),
    ("PTO", "BHXH tỉnh Phú Thọ", "north", 13),
    ("TNN", "BHXH tỉnh Thái Nguyên", "north", 9),
    ("LSN", "BHXH tỉnh Lạng Sơn", "north", 11),
    ("CBG", "BHXH tỉnh Cao Bằng", "north", 13),
    ("BKN", "BHXH tỉnh Bắc Kạn", "north", 8),
    ("HGG", "BHXH tỉnh Hà Giang", "north", 11),
    ("TQG", "BHXH tỉnh Tuyên Quang", "north", 7),
    ("YBI", "BHXH tỉnh Yên Bái", "north", 9),
    ("LCI", "BHXH tỉnh Lào Cai", "north", 9),
    ("LCU", "BHXH tỉnh Lai Châu", "north", 8),
    ("DBN", "BHXH tỉnh Điện Biên", "north", 10),
    ("SLA", "BHXH tỉnh Sơn La", "north", 12),
    ("HBH", "BHXH tỉnh Hòa Bình", "north", 11),
    ("THA", "BHXH tỉnh Thanh Hóa", "central", 27),
    ("NAN", "BHXH tỉnh Nghệ An", "central", 21),
    ("HTH", "BHXH tỉnh Hà Tĩnh", "central", 13),
    ("QBH", "BHXH tỉnh Quảng Bình", "central", 8),
    ("QTI", "BHXH tỉnh Quảng Trị", "central", 9),
    ("TTH", "BHXH tỉnh Thừa Thiên Huế", "central", 9),
    ("DNG", "BHXH thành phố Đà Nẵng", "central", 7),
    ("QNM", "BHXH tỉnh Quảng Nam", "central", 18),
    ("QNI", "BHXH tỉnh Quảng Ngãi", "central", 14),
    ("BDH", "BHXH tỉnh Bình Định", "central", 11),
    ("PYN", "BHXH tỉnh Phú Yên", "central", 9),
    ("KHA", "BHXH tỉnh Khánh Hòa", "central", 8),
    ("NTN", "BHXH tỉnh Ninh Thuận", "central", 7),
    ("BTN", "BHXH tỉnh Bình Thuận", "south", 10),
    ("KTM", "BHXH tỉnh Kon Tum", "central", 10),
    ("GLI", "BHXH tỉnh Gia Lai", "central", 17),
    ("DLK", "BHXH tỉnh Đắk Lắk", "central", 15),
    ("DNO", "BHXH tỉnh Đắk Nông", "central", 8),
    ("LDG", "BHXH tỉnh Lâm Đồng", "south", 12),
    ("HCM", "BHXH Thành phố Hồ Chí Minh", "south", 24),
    ("BDG", "BHXH tỉnh Bình Dương", "south", 9),
    ("DNI", "BHXH tỉnh Đồng Nai", "south", 11),
    ("BRV", "BHXH tỉnh Bà Rịa – Vũng Tàu", "south", 8),
    ("BPC", "BHXH tỉnh Bình Phước", "south", 11),
    ("TNH", "BHXH tỉnh Tây Ninh", "south", 9),
    ("LAN", "BHXH tỉnh Long An", "south", 15),
    ("TGG", "BHXH tỉnh Tiền Giang", "south", 11),
    ("BTE", "BHXH tỉnh Bến Tre", "south", 9),
    ("TVH", "BHXH tỉnh Trà Vinh", "south", 9),
    ("VLG", "BHXH tỉnh Vĩnh Long", "south", 8),
    ("DTP", "BHXH tỉnh Đồng Tháp", "south", 12),
    ("AGG", "BHXH tỉnh An Giang", "south", 11),
    ("KGG", "BHXH tỉnh Kiên Giang", "south", 15),
    ("CTO", "BHXH thành phố Cần Thơ", "south", 9),
    ("HGI", "BHXH tỉnh Hậu Giang", "south", 8),
    ("STG", "BHXH tỉnh Sóc Trăng", "south", 11),
    ("BLU", "BHXH tỉnh Bạc Liêu", "south", 7),
    ("CMU", "BHXH tỉnh Cà Mau", "south", 9),
]
REGION = {code: region for code, _, region, _ in PROVINCES}

# emulation clusters of the sector (cluster 1 is the one in the sample tree)
CLUSTERS: list[list[str]] = [
    ["QNH", "HPG", "HDG", "HYN", "TBH", "NDH"],
    ["HNI", "HNM", "NBH", "VPC", "BNH", "BGG"],
    ["PTO", "TNN", "LSN", "CBG", "BKN", "HGG"],
    ["TQG", "YBI", "LCI", "LCU", "DBN", "SLA", "HBH"],
    ["THA", "NAN", "HTH", "QBH", "QTI", "TTH"],
    ["DNG", "QNM", "QNI", "BDH", "PYN", "KHA"],
    ["NTN", "BTN", "KTM", "GLI", "DLK", "DNO", "LDG"],
    ["HCM", "BDG", "DNI", "BRV", "BPC", "TNH"],
    ["LAN", "TGG", "BTE", "TVH", "VLG", "DTP"],
    ["AGG", "KGG", "CTO", "HGI", "STG", "BLU", "CMU"],
]

# the first district-level office of each synthetic province: its capital (2018 status) or, for
# a centrally-run city, its central urban district
CAPITALS: dict[str, str] = {
    "HNI": "quận Ba Đình", "NBH": "thành phố Ninh Bình", "HNM": "thành phố Phủ Lý",
    "VPC": "thành phố Vĩnh Yên", "BNH": "thành phố Bắc Ninh", "BGG": "thành phố Bắc Giang",
    "PTO": "thành phố Việt Trì", "TNN": "thành phố Thái Nguyên", "LSN": "thành phố Lạng Sơn",
    "CBG": "thành phố Cao Bằng", "BKN": "thành phố Bắc Kạn", "HGG": "thành phố Hà Giang",
    "TQG": "thành phố Tuyên Quang", "YBI": "thành phố Yên Bái", "LCI": "thành phố Lào Cai",
    "LCU": "thành phố Lai Châu", "DBN": "thành phố Điện Biên Phủ", "SLA": "thành phố Sơn La",
    "HBH": "thành phố Hòa Bình", "THA": "thành phố Thanh Hóa", "NAN": "thành phố Vinh",
    "HTH": "thành phố Hà Tĩnh", "QBH": "thành phố Đồng Hới", "QTI": "thành phố Đông Hà",
    "TTH": "thành phố Huế", "DNG": "quận Hải Châu", "QNM": "thành phố Tam Kỳ",
    "QNI": "thành phố Quảng Ngãi", "BDH": "thành phố Quy Nhơn", "PYN": "thành phố Tuy Hòa",
    "KHA": "thành phố Nha Trang", "NTN": "thành phố Phan Rang – Tháp Chàm",
    "BTN": "thành phố Phan Thiết", "KTM": "thành phố Kon Tum", "GLI": "thành phố Pleiku",
    "DLK": "thành phố Buôn Ma Thuột", "DNO": "thị xã Gia Nghĩa", "LDG": "thành phố Đà Lạt",
    "HCM": "Quận 1", "BDG": "thành phố Thủ Dầu Một", "DNI": "thành phố Biên Hòa",
    "BRV": "thành phố Vũng Tàu", "BPC": "thị xã Đồng Xoài", "TNH": "thành phố Tây Ninh",
    "LAN": "thành phố Tân An", "TGG": "thành phố Mỹ Tho", "BTE": "thành phố Bến Tre",
    "TVH": "thành phố Trà Vinh", "VLG": "thành phố Vĩnh Long", "DTP": "thành phố Cao Lãnh",
    "AGG": "thành phố Long Xuyên", "KGG": "thành phố Rạch Giá", "CTO": "quận Ninh Kiều",
    "HGI": "thành phố Vị Thanh", "STG": "thành phố Sóc Trăng", "BLU": "thành phố Bạc Liêu",
    "CMU": "thành phố Cà Mau",
}  # fmt: skip

PROVINCE_ROOMS: list[tuple[str, str]] = [
    ("VP", "Văn phòng"),
    ("PTCCB", "Phòng Tổ chức cán bộ"),
    ("PKHTC", "Phòng Kế hoạch – Tài chính"),
    ("PTHU", "Phòng Quản lý thu"),
    ("PKTTN", "Phòng Khai thác và thu nợ"),
    ("PCST", "Phòng Cấp sổ, thẻ"),
    ("PCD", "Phòng Chế độ BHXH"),
    ("PGD", "Phòng Giám định BHYT"),
    ("PKT", "Phòng Kiểm tra"),
    ("PCNTT", "Phòng Công nghệ thông tin"),
    ("PTN", "Phòng Tiếp nhận và quản lý hồ sơ"),
]
TEAMS = ["Tổ Thu – Sổ, thẻ", "Tổ Chế độ – Kế toán", "Tổ Tiếp nhận và trả kết quả TTHC"]


def _synthetic_province(code: str, name: str, districts: int, rng: random.Random) -> dict[str, Any]:
    children: list[dict[str, Any]] = [
        {"code": f"{code}-{rc}", "name": rn, "level": "province_room"} for rc, rn in PROVINCE_ROOMS
    ]
    for n in range(1, districts + 1):
        dcode = f"{code}-H{n:02d}"
        # the first offices are the provincial city and towns: larger, three teams
        teams = 3 if n <= 2 or rng.random() < 0.3 else 2
        dname = f"BHXH {CAPITALS[code]}" if n == 1 else f"BHXH huyện số {n}"
        children.append(
            {
                "code": dcode,
                "name": dname,
                "level": "district",
                "children": [
                    {"code": f"{dcode}-T{t + 1}", "name": TEAMS[t], "level": "team"}
                    for t in range(teams)
                ],
            }
        )
    return {"code": code, "name": name, "level": "province", "children": children}


def sector_tree(sample: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The full sector, built around the sample tree (which is not modified)."""
    tree = copy.deepcopy(sample)
    root = tree["units"][0]
    hq = [u for u in root["children"] if u["level"] != "province"]
    known = {u["code"]: u for u in root["children"] if u["level"] == "province"}
    provinces = []
    for code, name, _region, districts in PROVINCES:
        provinces.append(known.get(code) or _synthetic_province(code, name, districts, rng))
    root["children"] = hq + provinces
    tree["clusters"] = [
        {"key": f"C{i}", "name": f"Cụm thi đua số {i}", "members": list(members)}
        for i, members in enumerate(CLUSTERS, start=1)
    ]
    return tree
