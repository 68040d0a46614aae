"""The facts of the sector and the default policies that the reports rely on, in one place.

Each constant says whether it is a FACT of the sector (fixed by the regulations or by how the
sector names things; change it only when they change) or a default POLICY (a choice the
reports make that could reasonably be made otherwise).
"""

from __future__ import annotations

# FACT: the record metric that holds the emulation title a subject earned in a year.
TITLE_METRIC = "title"

# FACT: the emulation titles of a person and of a collective, lowest first (Decree 91/2017:
# LĐTT < CSTĐCS < CSTĐ ngành < CSTĐ toàn quốc; TTLĐTT < TTLĐXS < Cờ ngành < Cờ Chính phủ).
PERSON_TITLES = ("LDTT", "CSTDCS", "CSTDN", "CSTDTQ")
COLLECTIVE_TITLES = ("TTLDTT", "TTLDXS", "CO_NGANH", "CO_CP")

# FACT: the tracks of the advanced exemplars (điển hình tiên tiến), a person's and a
# collective's, as the criteria file names them.
EXEMPLAR_TRACKS = ("exemplar", "exemplar_collective")

# FACT: what a council's decision can be (the statuses that only a decision gives).
COUNCIL_OUTCOMES = ("recognised", "rejected", "escalated")

# FACT: the status of a result whose subject is under disciplinary review, investigation or
# complaint: not considered yet, neither ranked nor rejected (NĐ 98/2023/NĐ-CP Điều 4 khoản 4,
# from 2024; the criteria's track key `defer:` says when).
DEFERRED = "deferred"

# FACT: what the engine can give a result, best first (a council's decision may then replace
# it with one of COUNCIL_OUTCOMES).
ENGINE_STATUSES = ("recommended", "eligible", DEFERRED, "ineligible")

# POLICY: the statuses that count as an exemplar "recommended" and "recognised" in the period
# summary.
EXEMPLAR_COUNTED = ("recommended", "recognised")

# POLICY: the lowest title that counts towards "held a title every year of the period", per
# kind of subject.
CONTINUOUS_FROM = {"person": "CSTDCS", "collective": "TTLDXS"}

# POLICY: the statuses a ranked report leaves out unless --status asks for them (each
# section's summary still counts them).
HIDDEN_BY_DEFAULT = frozenset({"ineligible"})

# POLICY: the statuses the proposal list (danh sách đề nghị) holds unless --status says
# otherwise.
PROPOSAL_STATUSES = ("recognised", "recommended", "escalated")

# FACT: how the sector's units are named — 'BHXH tỉnh Bắc Ninh', 'Bảo hiểm xã hội quận Ba
# Đình': the body, then the kind of administrative area, then the proper name (the part a
# list of units is sorted by).
UNIT_NAME_BODIES = ("bhxh", "bảo hiểm xã hội")
UNIT_NAME_AREAS = ("tỉnh", "thành phố", "quận", "huyện", "thị xã", "tp.", "tp")

# FACT: where the sector's headquarters (Vietnam Social Security) sit, as a document's place
# line writes it, per language.
HEADQUARTERS_PLACE = {"vi": "Hà Nội", "en": "Ha Noi"}

# POLICY: the record metrics an achievement summary shows year by year, for a person and for
# a collective.
SUMMARY_PERSON_METRICS = ("rating", TITLE_METRIC, "initiatives", "initiative_level",
                          "discipline")
SUMMARY_UNIT_METRICS = ("rating", TITLE_METRIC, "collection_plan", "arrears_rate",
                        "tthc_on_time", "e_transactions")
