"""A plain-Python one-off of dtt's default policy for one year of the 2017–2020 criteria, from
CSV files exported from a sector database: what an analyst would write by hand in an
afternoon, to measure `dtt evaluate` against (bench/bench_oneoff.py). Not part of dtt: it
imports nothing of dtt, and it neither explains nor stores anything.

    python bench/oneoff.py CSV_DIR OUT.csv [--year 2020]

CSV_DIR holds (written by bench/bench_oneoff.py's export):
  units.csv          code, name, level, parent, cluster — the unit tree in force on 31 Dec of
                     the year, in tree order (cluster: the unit's emulation cluster, if any)
  people.csv         code, full_name, unit, position, heads, gender, born, recruited — every
                     person with the unit, position and headed unit of the year's roster
  records.csv        subject, year, <one column per metric> — the records of the years the
                     rules look back on (Y-5 … Y); an empty cell is a value not recorded
  registrations.csv  subject, track, year — registrations not withdrawn
  decisions.csv      id, year, track, subject, outcome — council decisions

OUT.csv: subject, track, eligible (1/0), status (recommended | eligible | ineligible), rank,
score — one row per candidate of each track.

The policy (dtt/data/criteria.yaml, version 2017-2020; docs/criteria.md) is written out below
as code, track by track: the thresholds, weights and quotas are constants here, not read from
the criteria file. What it leaves out: units formed after the year taking their predecessor's
years (lineage; no unit of a 2017–2020 tree has one), nominations (candidates are the
discovered ones only), people of a closed unit following its successor, a council's outcome
shown as the status (decisions serve only as awards already given: the status is the
engine's, as `current_results` stores it), other criteria versions, and every explanation.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import re
import sys
import unicodedata
from pathlib import Path

YEAR = 2020
PERIOD_START = 2016  # the emulation period 2016–2020 (score terms over "the period")
BACK = 5  # the oldest year a rule reads: cstdtq's Y-5

GROUP_LEVELS = {"province", "hq_unit"}
CLUSTER_LEVELS = {"province"}

# enum metrics, lowest first
RATING = ["KHTNV", "HTNV", "HTTNV", "HTXSNV"]
PERSON_TITLE = ["LDTT", "CSTDCS", "CSTDN", "CSTDTQ"]
UNIT_TITLE = ["TTLDTT", "TTLDXS", "CO_NGANH", "CO_CP"]
INITIATIVE_LEVEL = ["unit", "sector", "national"]
DISCIPLINE = ["none", "khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc",
              "buoc_thoi_viec"]

INTS = {"initiatives", "months_worked", "maternity_months"}
NUMBERS = {"collection_plan", "si_plan", "vsi_plan", "arrears_rate", "tthc_on_time",
           "e_transactions"}
BOOLS = {"hcm_study", "charity", "reform", "under_review"}
# a value used when the record exists but the cell is empty
DEFAULTS = {"initiatives": 0, "discipline": "none", "charity": False, "under_review": False}

TRACKS = ["ldtt", "cstdcs", "cstdn", "cstdtq", "ttldtt", "ttldxs", "co_thi_dua", "exemplar",
          "exemplar_collective"]
PERSON_TRACKS = {"ldtt", "cstdcs", "cstdn", "cstdtq", "exemplar"}
TRACK_LEVELS = {
    "ttldtt": {"hq_unit", "hq_room", "province", "province_room", "district", "team"},
    "ttldxs": {"hq_unit", "hq_room", "province", "province_room", "district", "team"},
    "co_thi_dua": {"province", "hq_unit"},
    "exemplar_collective": {"hq_unit", "hq_room", "province", "district", "team"},
}


# --- reading the CSV files --------------------------------------------------------------------
def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def parse_value(key, text):
    if text == "":
        return None
    if key in INTS:
        return int(text)
    if key in NUMBERS:
        return float(text)
    if key in BOOLS:
        return text == "true"
    return text


class Data:
    def __init__(self, folder, year):
        folder = Path(folder)
        self.year = year
        self.units = {}  # code -> row (in tree order)
        self.children = {}
        for row in read_csv(folder / "units.csv"):
            row["parent"] = row["parent"] or None
            self.units[row["code"]] = row
        self.root = None
        for code, u in self.units.items():
            if u["parent"] is None or u["parent"] not in self.units:
                if self.root is None:
                    self.root = code
            else:
                self.children.setdefault(u["parent"], []).append(code)
        self.chains = {code: self.chain(code) for code in self.units}

        self.people = {}
        for row in read_csv(folder / "people.csv"):
            self.people[row["code"]] = row

        self.records = {}  # subject -> year -> {metric: value}
        with open(folder / "records.csv", newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            keys = header[2:]
            for row in reader:
                values = {}
                for key, text in zip(keys, row[2:], strict=True):
                    v = parse_value(key, text)
                    if v is not None:
                        values[key] = v
                self.records.setdefault(row[0], {})[int(row[1])] = values

        self.registered = set()
        for row in read_csv(folder / "registrations.csv"):
            self.registered.add((row["subject"], row["track"], int(row["year"])))

        latest = {}  # (track, subject, year) -> (id, outcome): the latest decision
        for row in read_csv(folder / "decisions.csv"):
            key = (row["track"], row["subject"], int(row["year"]))
            if key not in latest or int(row["id"]) > latest[key][0]:
                latest[key] = (int(row["id"]), row["outcome"])
        self.awards = {k for k, (_, outcome) in latest.items() if outcome == "recognised"}

    def chain(self, code):
        """code, its parent, grandparent … up to the root."""
        out = [code]
        parent = self.units[code]["parent"]
        while parent is not None and parent in self.units and parent not in out:
            out.append(parent)
            parent = self.units[parent]["parent"]
        return out

    def value(self, code, key, year):
        """The recorded value, the metric's default when the cell is empty, or None (not
        recorded, also when there is no record that year)."""
        rec = self.records.get(code, {}).get(year)
        if rec is None:
            return None
        v = rec.get(key)
        if v is None:
            return DEFAULTS.get(key)
        return v

    def has_record(self, code, year):
        return year in self.records.get(code, {})


# --- comparisons --------------------------------------------------------------------------------
def at_least(v, order, code):
    return v in order and order.index(v) >= order.index(code)


def rating_is(d, code, year, want):
    return d.value(code, "rating", year) == want


def number_cmp(v, op, want):
    if v is None or isinstance(v, str):
        return False
    if op == "gte":
        return v >= want
    if op == "lte":
        return v <= want
    return v > want


# --- members: the people of a unit's whole subtree with a record in the year ----------------
class Members:
    def __init__(self, d, year):
        self.d = d
        self.year = year
        self.memo = {}

    def counts(self, name, test):
        """unit -> (members passing `test`, members with a record)."""
        if name in self.memo:
            return self.memo[name]
        d = self.d
        counts = {}
        for code, person in d.people.items():
            if not d.has_record(code, self.year):
                continue
            ok = 1 if test(code) else 0
            for unit in d.chains.get(person["unit"], [person["unit"]]):
                c = counts.setdefault(unit, [0, 0])
                c[0] += ok
                c[1] += 1
        self.memo[name] = counts
        return counts

    def of(self, unit, name, test):
        return self.counts(name, test).get(unit, (0, 0))


def checks_for(d, year):
    """The criteria of each track: functions subject -> passed."""
    members = Members(d, year)

    def ldtt_member(code):
        return at_least(d.value(code, "title", year), PERSON_TITLE, "LDTT")

    def cstdcs_member(code):
        return at_least(d.value(code, "title", year), PERSON_TITLE, "CSTDCS")

    def disciplined(code):
        return at_least(d.value(code, "discipline", year), DISCIPLINE, "canh_cao")

    def rated(code):
        return at_least(d.value(code, "rating", year), RATING, "HTNV")

    def share(unit, name, test, op, want):
        matching, total = members.of(unit, name, test)
        if total == 0:
            return False
        s = 100.0 * matching / total
        return s > want if op == "gt" else s >= want

    def none_of(unit, name, test):
        matching, total = members.of(unit, name, test)
        return total > 0 and matching == 0

    def cstdn_award(code, y):
        return (("cstdn", code, y) in d.awards
                or at_least(d.value(code, "title", y), PERSON_TITLE, "CSTDN"))

    ldtt_memo = {}

    def ldtt(code):
        if code not in ldtt_memo:
            ldtt_memo[code] = (at_least(d.value(code, "rating", year), RATING, "HTTNV")
                               and service(code)
                               and d.value(code, "discipline", year) == "none")
        return ldtt_memo[code]

    def service(code):
        recruited = d.people[code]["recruited"]
        try:
            start = dt.date.fromisoformat(recruited) if recruited else None
        except ValueError:
            start = None
        if start is None:  # not recorded: the months worked in the year
            return number_cmp(d.value(code, "months_worked", year), "gte", 10)
        # whole months to the review on 31 December
        months = (year - start.year) * 12 + 12 - start.month
        return months >= 10

    def cstdcs(code):
        return ldtt(code) and number_cmp(d.value(code, "initiatives", year), "gte", 1)

    def cstdn(code):
        for y in range(year - 2, year + 1):
            if not at_least(d.value(code, "title", y), PERSON_TITLE, "CSTDCS"):
                return False
        # an earlier award (Y-2 or Y-1) used some of these years
        if cstdn_award(code, year - 2) or cstdn_award(code, year - 1):
            return False
        return any(number_cmp(d.value(code, "initiatives", y), "gte", 1)
                   and at_least(d.value(code, "initiative_level", y), INITIATIVE_LEVEL,
                                "sector")
                   for y in range(year - 2, year + 1))

    def cstdtq(code):
        years = range(year - 5, year + 1)
        if sum(1 for y in years if cstdn_award(code, y)) < 2:
            return False
        return any(number_cmp(d.value(code, "initiatives", y), "gte", 1)
                   and at_least(d.value(code, "initiative_level", y), INITIATIVE_LEVEL,
                                "national")
                   for y in years)

    def ttldtt(code):
        return (at_least(d.value(code, "rating", year), RATING, "HTTNV")
                and share(code, "ldtt+", ldtt_member, "gt", 50)
                and none_of(code, "disciplined", disciplined))

    ttldxs_memo = {}

    def ttldxs(code):
        if code not in ttldxs_memo:
            matching, total = members.of(code, "rated", rated)
            ttldxs_memo[code] = (
                rating_is(d, code, year, "HTXSNV")
                and total > 0 and matching == total
                and share(code, "ldtt+", ldtt_member, "gte", 70)
                and members.of(code, "cstdcs+", cstdcs_member)[0] >= 1
                and none_of(code, "disciplined", disciplined))
        return ttldxs_memo[code]

    def co_thi_dua(code):
        if not ttldxs(code):
            return False
        if d.units[code]["level"] == "province":
            return number_cmp(d.value(code, "collection_plan", year), "gte", 100)
        return True

    def exemplar(code):
        if not (rating_is(d, code, year, "HTXSNV") and rating_is(d, code, year - 1, "HTXSNV")):
            return False
        if not any(at_least(d.value(code, "title", y), PERSON_TITLE, "CSTDCS")
                   for y in range(year - 2, year + 1)):
            return False
        total = 0
        for y in (year - 1, year):
            total += d.value(code, "initiatives", y) or 0
        if total < 1:
            return False
        if d.value(code, "discipline", year) != "none":
            return False
        if d.value(code, "hcm_study", year) is not True:
            return False
        if d.value(code, "charity", year) is not True:
            return False
        heads = d.people[code]["heads"]
        if heads:  # a leader: the unit he or she heads rated HTXSNV
            return heads in d.units and rating_is(d, heads, year, "HTXSNV")
        return True

    def exemplar_collective(code):
        level = d.units[code]["level"]
        if not (rating_is(d, code, year, "HTXSNV") and rating_is(d, code, year - 1, "HTXSNV")):
            return False
        if not any(at_least(d.value(code, "title", y), UNIT_TITLE, "TTLDXS")
                   for y in (year - 1, year)):
            return False
        if not share(code, "ldtt+", ldtt_member, "gte", 70):
            return False
        if not none_of(code, "disciplined", disciplined):
            return False
        if d.value(code, "charity", year) is not True:
            return False
        if level in ("province", "district", "team"):
            if not number_cmp(d.value(code, "tthc_on_time", year), "gte", 95):
                return False
            if not number_cmp(d.value(code, "e_transactions", year), "gte", 80):
                return False
        if level in ("province", "district"):
            if not number_cmp(d.value(code, "collection_plan", year), "gte", 100):
                return False
            if not number_cmp(d.value(code, "arrears_rate", year), "lte", 3):
                return False
        return True

    eligible = {"ldtt": ldtt, "cstdcs": cstdcs, "cstdn": cstdn, "cstdtq": cstdtq,
                "ttldtt": ttldtt, "ttldxs": ttldxs, "co_thi_dua": co_thi_dua,
                "exemplar": exemplar, "exemplar_collective": exemplar_collective}
    return eligible, members, ldtt_member, cstdcs_member


# --- candidates ---------------------------------------------------------------------------------
def candidates(d, track, year):
    if track in PERSON_TRACKS:
        if track == "cstdtq":  # a CSTĐ cấp bộ award in the last six years
            return [c for c in d.people
                    if any(("cstdn", c, y) in d.awards
                           or at_least(d.value(c, "title", y), PERSON_TITLE, "CSTDN")
                           for y in range(year - 5, year + 1))]
        if track == "exemplar":
            return [c for c in d.people if (c, track, year) in d.registered
                    or rating_is(d, c, year, "HTXSNV")]
        return [c for c in d.people if d.has_record(c, year)]
    levels = TRACK_LEVELS[track]
    units = [c for c, u in d.units.items() if c != d.root and u["level"] in levels]
    if track == "co_thi_dua":
        return [c for c in units if rating_is(d, c, year, "HTXSNV")]
    if track == "exemplar_collective":
        return [c for c in units if (c, track, year) in d.registered
                or rating_is(d, c, year, "HTXSNV")]
    return [c for c in units if d.has_record(c, year)]


# --- scores -------------------------------------------------------------------------------------
def initiative_points(d, code, years, weights=None, otherwise=3):
    points = 0.0
    for y in years:
        v = d.value(code, "initiatives", y)
        if not v:
            continue
        level = d.value(code, "initiative_level", y)
        w = (weights or {}).get(level, otherwise) if level is not None else otherwise
        points += v * w
    return points


SCOPE = {"unit": 3, "sector": 6, "national": 10}
PERSON_TITLE_POINTS = {"LDTT": 1, "CSTDCS": 4, "CSTDN": 8, "CSTDTQ": 12}
UNIT_TITLE_POINTS = {"TTLDTT": 1, "TTLDXS": 4, "CO_NGANH": 8, "CO_CP": 12}


def score(d, track, code, year, members, ldtt_member, cstdcs_member):
    period = range(min(PERIOD_START, year), year + 1)
    terms = []
    if track != "co_thi_dua":
        terms.append(10 * sum(1 for y in period if rating_is(d, code, y, "HTXSNV")))

    def titles(years, points):
        return sum(points.get(d.value(code, "title", y), 0.0) for y in years
                   if d.value(code, "title", y) is not None)

    def margin(key, over=None, under=None, weight=1.0, cap=None):
        v = d.value(code, key, year)
        if v is None:
            return 0.0
        m = max(0.0, v - over) if over is not None else max(0.0, under - v)
        p = m * weight
        return cap if cap is not None and p > cap else p

    def member_share(weight):
        matching, total = members.of(code, "ldtt+", ldtt_member)
        return (100.0 * matching / total if total else 0.0) * weight

    if track == "ldtt":
        terms.append((d.value(code, "initiatives", year) or 0) * 2)
    elif track == "cstdcs":
        terms.append(initiative_points(d, code, [year], SCOPE))
        terms.append(titles([year - 2, year - 1], PERSON_TITLE_POINTS))
    elif track == "cstdn":
        terms.append(initiative_points(d, code, range(year - 2, year + 1), SCOPE))
    elif track == "cstdtq":
        terms.append(initiative_points(d, code, range(year - 5, year + 1), SCOPE))
    elif track == "ttldtt":
        terms.append(member_share(0.2))
    elif track == "ttldxs":
        terms.append(member_share(0.2))
        terms.append(members.of(code, "cstdcs+", cstdcs_member)[0] * 2)
    elif track in ("co_thi_dua", "exemplar_collective"):
        if track == "exemplar_collective":
            terms.append(titles(period, UNIT_TITLE_POINTS))
        terms.append(margin("collection_plan", over=100, cap=20))
        terms.append(margin("arrears_rate", under=3, weight=2, cap=10))
        terms.append(margin("tthc_on_time", over=95, cap=5))
        terms.append(margin("e_transactions", over=80, weight=0.5, cap=10))
        terms.append(member_share(0.1))
    elif track == "exemplar":
        terms.append(titles(period, PERSON_TITLE_POINTS))
        terms.append(initiative_points(d, code, period, SCOPE))
        terms.append(2 if d.value(code, "reform", year) is True else 0)
    # dtt rounds each term, then the total, to 2 decimals
    total = 0.0
    for t in terms:
        total += round(t, 2)
    return round(total, 2)


# --- groups and quotas --------------------------------------------------------------------------
def person_group(d, unit):
    for u in d.chains.get(unit, [unit]):
        if u in d.units and d.units[u]["level"] in GROUP_LEVELS:
            return u
    return d.root


def collective_group(d, code):
    u = d.units[code]
    if u["level"] in CLUSTER_LEVELS and u["cluster"]:
        return "cluster:" + u["cluster"]
    for a in d.chains[code][1:]:
        if d.units[a]["level"] in GROUP_LEVELS:
            return a
    return d.root


def cluster_near(d, code):
    for a in d.chains.get(code, [code]):
        if a in d.units and d.units[a]["cluster"]:
            return d.units[a]["cluster"]
    return None


def quota_for(track, level):
    """(kind, number or share, of, min, per) or None: no quota."""
    if track == "cstdcs":
        return ("share", 15, "eligible_ldtt", 0, "group")
    if track == "exemplar":
        return ("share", 5, "people", 1, "group")
    if track == "co_thi_dua":
        return ("fixed", 1, None, 0, "cluster" if level == "province" else "group")
    if track == "exemplar_collective":
        if level == "province":
            return ("fixed", 1, None, 0, "cluster")
        return ("share", 20, "level_units", 1, "group")
    return None


# --- Vietnamese name order (ties of score and rating) -------------------------------------------
ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
LETTER = {c: i for i, c in enumerate(ALPHABET)}
MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn make a letter
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_words = {}


def word_key(word):
    if word in _words:
        return _words[word]
    letters, tone = [], 0
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in TONES:
            tone = TONES[ch]
        elif ch in MARKS and letters:
            base = ALPHABET[letters[-1]] if letters[-1] < len(ALPHABET) else ""
            letters[-1] = LETTER.get(unicodedata.normalize("NFC", base + ch), letters[-1])
        elif ch == "đ":
            letters.append(LETTER["đ"])
        elif ch in LETTER:
            letters.append(LETTER[ch])
        elif unicodedata.combining(ch):
            continue
        else:
            letters.append(100 + ord(ch))
    key = _words[word] = (tuple(letters), tone, word)
    return key


def clean(text):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def text_key(text):
    return tuple(word_key(w) for w in clean(text).split(" "))


def person_name_key(name):
    """By given name (last word), then family name, then middle names."""
    words = clean(name).split(" ")
    if len(words) == 1:
        return (text_key(words[0]),)
    return (text_key(words[-1]), text_key(words[0]), text_key(" ".join(words[1:-1])))


# --- the run ------------------------------------------------------------------------------------
def evaluate(d, year):
    eligible_fn, members, ldtt_member, cstdcs_member = checks_for(d, year)
    people_by_group = {}
    for code, p in d.people.items():
        people_by_group.setdefault(person_group(d, p["unit"]), []).append(code)
    level_units = {}
    for code, u in d.units.items():
        if code != d.root:
            key = (collective_group(d, code), u["level"])
            level_units[key] = level_units.get(key, 0) + 1
    out = []
    for track in TRACKS:
        person = track in PERSON_TRACKS
        pools = {}
        for code in candidates(d, track, year):
            if person:
                pool = (person_group(d, d.people[code]["unit"]), None)
            else:
                level = d.units[code]["level"]
                group = collective_group(d, code)
                q = quota_for(track, level)
                if q and q[4] == "cluster" and not group.startswith("cluster:"):
                    near = cluster_near(d, code)
                    if near:
                        group = "cluster:" + near
                pool = (group, level)
            pools.setdefault(pool, []).append(code)
        for (group, level), codes in pools.items():
            ranked = []
            rows = {}
            for code in codes:
                ok = eligible_fn[track](code)
                rows[code] = [code, track, ok, "ineligible", None, None]
                if ok:
                    s = score(d, track, code, year, members, ldtt_member, cstdcs_member)
                    rows[code][5] = s
                    rating = d.value(code, "rating", year)
                    name = (person_name_key(d.people[code]["full_name"]) if person
                            else text_key(d.units[code]["name"]))
                    rank_of_rating = RATING.index(rating) if rating in RATING else -1
                    ranked.append(((-s, -rank_of_rating, name, code), code))
            ranked.sort()
            q = quota_for(track, level)
            limit = None
            if q is not None:
                kind, n, of, least, _per = q
                if kind == "fixed":
                    limit = n
                else:
                    if of == "people":
                        base = len(people_by_group.get(group, []))
                    elif of == "level_units":
                        base = level_units.get((group, level), 0)
                    else:  # the people of the group eligible for ldtt
                        base = sum(1 for c in people_by_group.get(group, [])
                                   if eligible_fn["ldtt"](c))
                    limit = max(least, math.floor(n * base / 100.0 + 1e-9))
            for position, (_, code) in enumerate(ranked, start=1):
                rows[code][4] = position
                rows[code][3] = "recommended" if limit is None or position <= limit \
                    else "eligible"
            out.extend(rows.values())
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("out")
    parser.add_argument("--year", type=int, default=YEAR)
    args = parser.parse_args()
    if not 2017 <= args.year <= 2020:
        sys.exit("this one-off applies the 2017–2020 criteria only")
    d = Data(args.folder, args.year)
    rows = evaluate(d, args.year)
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["subject", "track", "eligible", "status", "rank", "score"])
        for code, track, ok, status, rank, s in rows:
            w.writerow([code, track, 1 if ok else 0, status, "" if rank is None else rank,
                        "" if s is None else repr(s)])


if __name__ == "__main__":
    main()
