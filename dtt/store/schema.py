"""The database schema, as numbered migrations. `PRAGMA user_version` holds the last applied."""

from __future__ import annotations

# Low-cardinality text of a stored result kept as a small integer code (schema 11): the code
# of a name is its position here. These lists are part of the file format: names are only
# ever appended. A name not listed is stored as its text, and read back as it is.
KINDS = ("person", "collective")
STATUSES = ("ineligible", "recommended", "eligible", "deferred")
TRACKS = ("ldtt", "cstdcs", "cstdn", "exemplar", "ttldtt", "ttldxs", "exemplar_collective",
          "cstdtq", "co_thi_dua")


def decoded(column: str, names: tuple[str, ...]) -> str:
    """SQL: the name of the code in `column` (a name stored as text given back as it is)."""
    whens = " ".join(f"WHEN {i} THEN '{n}'" for i, n in enumerate(names))
    return f"CASE {column} {whens} ELSE {column} END"


def encoded(value: str, names: tuple[str, ...]) -> str:
    """SQL: the code of the name `value` (a name not listed: its text)."""
    whens = " ".join(f"WHEN '{n}' THEN {i}" for i, n in enumerate(names))
    return f"CASE {value} {whens} ELSE {value} END"


def _schema_11() -> str:
    """Migration 11 (see its comment in MIGRATIONS)."""
    kind, track, status = (decoded(f"r.{c}", n) for c, n in
                           (("kind", KINDS), ("track", TRACKS), ("status", STATUSES)))

    def codes(row: str) -> tuple[str, str, str]:
        return (encoded(f"{row}.kind", KINDS), encoded(f"{row}.track", TRACKS),
                encoded(f"{row}.status", STATUSES))

    new_kind, new_track, new_status = codes("NEW")
    old_track = encoded("OLD.track", TRACKS)
    # the quota's text, or that text without its closing brace (`open`), the position put
    # back at the cut of a shared text
    whole = ("CASE WHEN t.cut IS NULL OR r.quota_pos IS NULL THEN t.text ELSE "
             "substr(t.text, 1, t.cut) || r.quota_pos || substr(t.text, t.cut + 1) END")
    open_ = ("CASE WHEN t.cut IS NULL OR r.quota_pos IS NULL THEN "
             "substr(t.text, 1, length(t.text) - 1) ELSE substr(t.text, 1, t.cut) "
             "|| r.quota_pos || substr(t.text, t.cut + 1, length(t.text) - t.cut - 1) END")
    target = ("(SELECT r.id FROM run_ranges g JOIN result_rows r "
              "ON r.id BETWEEN g.first_id AND g.last_id WHERE g.evaluation_id = "
              f"OLD.evaluation_id AND r.subject = OLD.subject AND r.track = {old_track})")

    def text_of(value: str) -> str:
        return (f"INSERT INTO result_texts(text) SELECT {value} WHERE {value} IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM result_texts WHERE text = {value} "
                "AND cut IS NULL);")

    def unit_of(value: str) -> str:
        return f"(SELECT id FROM result_units WHERE code = {value})"

    def ref_of(value: str) -> str:
        return f"(SELECT MAX(id) FROM result_texts WHERE text = {value} AND cut IS NULL)"

    return f"""
    DROP TRIGGER results_insert;
    DROP TRIGGER results_update;
    DROP TRIGGER results_delete;
    DROP VIEW standings;
    DROP VIEW current_results;
    DROP VIEW result_check_details;
    DROP VIEW result_checks;
    DROP VIEW results;
    DROP VIEW result_rows_text;
    DROP VIEW check_lists_json;
    -- the runs' results as ranges of consecutive ids
    CREATE TABLE run_ranges (
        evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
        first_id      INTEGER NOT NULL,
        last_id       INTEGER NOT NULL,
        PRIMARY KEY (evaluation_id, first_id)
    ) WITHOUT ROWID;
    INSERT INTO run_ranges(evaluation_id, first_id, last_id)
        SELECT evaluation_id, MIN(result_id), MAX(result_id) FROM (
            SELECT evaluation_id, result_id, result_id - ROW_NUMBER() OVER (
                PARTITION BY evaluation_id ORDER BY result_id) AS island
            FROM run_results)
        GROUP BY evaluation_id, island;
    DROP TABLE run_results;
    -- texts written whole on a row (through the `results` view) kept in result_texts too
    ALTER TABLE result_texts ADD COLUMN cut INTEGER;
    CREATE INDEX result_texts_text ON result_texts(text, cut);
    INSERT INTO result_texts(text)
        SELECT quota FROM result_rows WHERE quota IS NOT NULL
        UNION SELECT score_terms FROM result_rows WHERE score_terms IS NOT NULL
        UNION SELECT facts FROM result_rows WHERE facts IS NOT NULL
        EXCEPT SELECT text FROM result_texts WHERE cut IS NULL;
    UPDATE result_rows SET
        quota_ref = (SELECT MIN(t.id) FROM result_texts t WHERE t.text = result_rows.quota
                     AND t.cut IS NULL), quota_tie = NULL, quota_ties = NULL
        WHERE quota IS NOT NULL;
    UPDATE result_rows SET
        terms_ref = (SELECT MIN(t.id) FROM result_texts t
                     WHERE t.text = result_rows.score_terms AND t.cut IS NULL)
        WHERE score_terms IS NOT NULL;
    UPDATE result_rows SET
        facts_ref = (SELECT MIN(t.id) FROM result_texts t WHERE t.text = result_rows.facts
                     AND t.cut IS NULL)
        WHERE facts IS NOT NULL;
    -- each score term once, a list of terms as the ids of its terms
    CREATE TABLE term_lists (
        id    INTEGER PRIMARY KEY,
        items TEXT NOT NULL
    );
    CREATE TEMP TABLE split_terms AS
        SELECT t.id AS ref, CAST(j.key AS INTEGER) AS pos, j.value AS term
        FROM result_texts t, json_each(dtt_term_texts(t.text)) j
        WHERE t.id IN (SELECT terms_ref FROM result_rows);
    CREATE INDEX temp.split_terms_ref ON split_terms(ref, pos);
    INSERT INTO result_texts(text)
        SELECT DISTINCT term FROM temp.split_terms
        EXCEPT SELECT text FROM result_texts WHERE cut IS NULL;
    INSERT INTO term_lists(id, items)
        SELECT t.id, '[' || COALESCE((SELECT group_concat(i.id, ',') FROM (
            SELECT (SELECT MIN(w.id) FROM result_texts w WHERE w.text = s.term
                    AND w.cut IS NULL) AS id
            FROM temp.split_terms s WHERE s.ref = t.id ORDER BY s.pos) i), '') || ']'
        FROM result_texts t
        WHERE t.id IN (SELECT terms_ref FROM result_rows) AND dtt_term_texts(t.text) IS NOT NULL;
    DROP TABLE temp.split_terms;
    -- a quota's position cut out of its text: the rest shared by the quota's group
    CREATE TEMP TABLE quota_cut AS
        SELECT id AS ref, CAST(json_extract(text, '$.position') AS TEXT) AS pos,
               instr(text, '"position": ') + 11 AS cut, text
        FROM result_texts
        WHERE id IN (SELECT quota_ref FROM result_rows) AND CASE WHEN json_valid(text)
              THEN json_type(text, '$.position') END = 'integer';
    DELETE FROM temp.quota_cut WHERE cut = 11
        OR substr(text, cut + 1, length(pos)) <> pos
        OR substr(text, cut + 1 + length(pos), 1) NOT IN (',', '}}');
    CREATE TEMP TABLE quota_template AS
        SELECT ref, pos, cut, substr(text, 1, cut) || substr(text, cut + 1 + length(pos))
               AS template FROM temp.quota_cut;
    INSERT INTO result_texts(text, cut)
        SELECT DISTINCT template, cut FROM temp.quota_template;
    CREATE TEMP TABLE quota_moved AS
        SELECT q.ref, q.pos, (SELECT MIN(t.id) FROM result_texts t WHERE t.text = q.template
                              AND t.cut = q.cut) AS id
        FROM temp.quota_template q;
    CREATE INDEX temp.quota_moved_ref ON quota_moved(ref);
    ALTER TABLE result_rows ADD COLUMN quota_pos INTEGER;
    UPDATE result_rows SET
        quota_pos = (SELECT CAST(m.pos AS INTEGER) FROM temp.quota_moved m
                     WHERE m.ref = result_rows.quota_ref),
        quota_ref = (SELECT m.id FROM temp.quota_moved m WHERE m.ref = result_rows.quota_ref)
        WHERE quota_ref IN (SELECT ref FROM temp.quota_moved);
    -- and out of the facts `<position> of quota …`
    CREATE TEMP TABLE facts_moved AS
        SELECT DISTINCT r.facts_ref AS ref, r.quota_pos AS pos,
               substr(t.text, length(r.quota_pos) + 1) AS template
        FROM result_rows r JOIN result_texts t ON t.id = r.facts_ref
        WHERE r.quota_pos IS NOT NULL AND t.cut IS NULL
          AND substr(t.text, 1, length(r.quota_pos) + 10) = r.quota_pos || ' of quota ';
    CREATE INDEX temp.facts_moved_ref ON facts_moved(ref, pos);
    INSERT INTO result_texts(text, cut)
        SELECT DISTINCT template, 0 FROM temp.facts_moved
        EXCEPT SELECT text, cut FROM result_texts WHERE cut = 0;
    UPDATE result_rows SET
        facts_ref = (SELECT MIN(t.id) FROM temp.facts_moved m JOIN result_texts t
                     ON t.text = m.template AND t.cut = 0
                     WHERE m.ref = result_rows.facts_ref AND m.pos = result_rows.quota_pos)
        WHERE quota_pos IS NOT NULL AND EXISTS (
            SELECT 1 FROM temp.facts_moved m WHERE m.ref = result_rows.facts_ref
            AND m.pos = result_rows.quota_pos);
    DROP TABLE temp.quota_cut;
    DROP TABLE temp.quota_template;
    DROP TABLE temp.quota_moved;
    DROP TABLE temp.facts_moved;
    -- a quota's tie notes as [subject, ± id of the reason's text, …]: + ranked above, - below
    UPDATE result_rows SET quota_ties = '[' || (
        SELECT group_concat(json_quote(json_extract(j.value, '$[1]')) || ',' || (CASE
            json_extract(j.value, '$[0]') WHEN 'above' THEN 1 ELSE -1 END
            * json_extract(j.value, '$[2]')), ',') FROM json_each(result_rows.quota_ties) j)
        || ']'
        WHERE quota_ties IS NOT NULL;
    -- the codes of the units and groups results name, each once
    CREATE TABLE result_units (
        id   INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE
    );
    INSERT INTO result_units(code)
        SELECT unit FROM result_rows WHERE unit IS NOT NULL
        UNION SELECT grp FROM result_rows WHERE grp IS NOT NULL;
    -- the rows again, their kind, track and status as codes, unit and group by id, without
    -- the texts and the digest
    CREATE TABLE result_rows_new (
        id          INTEGER PRIMARY KEY,
        year        INTEGER NOT NULL,
        subject     TEXT NOT NULL,
        kind        NOT NULL,
        track       NOT NULL,
        unit        INTEGER,
        grp         INTEGER,
        eligible    INTEGER NOT NULL,
        score       REAL,
        rank        INTEGER,
        status      NOT NULL,
        quota_ref   INTEGER,
        quota_pos   INTEGER,
        quota_tie   TEXT,
        quota_ties  TEXT,
        checks_list INTEGER NOT NULL,
        terms_list  INTEGER,
        terms_ref   INTEGER,
        facts_ref   INTEGER,
        current_run INTEGER
    );
    INSERT INTO result_rows_new(id, year, subject, kind, track, unit, grp, eligible, score,
                                rank, status, quota_ref, quota_pos, quota_tie, quota_ties,
                                checks_list, terms_list, terms_ref, facts_ref, current_run)
        SELECT r.id, r.year, r.subject, {codes("r")[0]}, {codes("r")[1]},
               (SELECT u.id FROM result_units u WHERE u.code = r.unit),
               (SELECT u.id FROM result_units u WHERE u.code = r.grp), r.eligible,
               r.score, r.rank, {codes("r")[2]}, r.quota_ref, r.quota_pos,
               r.quota_tie, r.quota_ties, r.checks_list,
               (SELECT l.id FROM term_lists l WHERE l.id = r.terms_ref),
               CASE WHEN r.terms_ref IN (SELECT id FROM term_lists) THEN NULL
                    ELSE r.terms_ref END,
               r.facts_ref, r.current_run
        FROM result_rows r;
    DROP TABLE result_rows;
    ALTER TABLE result_rows_new RENAME TO result_rows;
    CREATE INDEX result_rows_year ON result_rows(year, subject);
    -- the lists of checks without the index on their items (dtt finds them by content itself)
    CREATE TABLE check_lists_new (
        id    INTEGER PRIMARY KEY,
        items TEXT,
        raw   TEXT
    );
    INSERT INTO check_lists_new(id, items, raw) SELECT id, items, raw FROM check_lists;
    DROP TABLE check_lists;
    ALTER TABLE check_lists_new RENAME TO check_lists;
    DELETE FROM term_lists WHERE id NOT IN (SELECT terms_list FROM result_rows
                                            WHERE terms_list IS NOT NULL);
    DELETE FROM result_texts WHERE id NOT IN (
        SELECT quota_ref FROM result_rows WHERE quota_ref IS NOT NULL
        UNION SELECT terms_ref FROM result_rows WHERE terms_ref IS NOT NULL
        UNION SELECT facts_ref FROM result_rows WHERE facts_ref IS NOT NULL
        UNION SELECT abs(j.value) FROM result_rows r, json_each(r.quota_ties) j
              WHERE r.quota_ties IS NOT NULL AND j.type = 'integer'
        UNION SELECT j.value FROM term_lists l, json_each(l.items) j);
    DROP INDEX result_texts_text;
    CREATE VIEW check_lists_json AS
        SELECT l.id, COALESCE(l.raw, '[' || COALESCE((
            SELECT group_concat(CASE WHEN i.raw IS NOT NULL THEN i.raw ELSE
                '{{"id": ' || json_quote(h.check_id) || ', "label": ' || json_quote(h.label)
                || ', "source": ' || json_quote(h.source) || ', "passed": '
                || CASE WHEN i.passed THEN 'true' ELSE 'false' END || ', "detail": '
                || json_quote(i.detail) || ', "values": ' || i.values_read
                || COALESCE(', "lineage": ' || i.lineage, '') || '}}' END, ', ')
            FROM json_each(l.items) j JOIN check_items i ON i.id = j.value
            LEFT JOIN criteria_checks h ON h.id = i.head), '') || ']') AS checks
        FROM check_lists l;
    CREATE VIEW run_results AS
        SELECT g.evaluation_id, r.id AS result_id
        FROM run_ranges g JOIN result_rows r ON r.id BETWEEN g.first_id AND g.last_id;
    CREATE VIEW result_rows_text AS
        SELECT r.id, r.year, r.subject, {kind} AS kind, {track} AS track,
               (SELECT u.code FROM result_units u WHERE u.id = r.unit) AS unit,
               (SELECT u.code FROM result_units u WHERE u.id = r.grp) AS grp, r.eligible,
               r.score, r.rank, {status} AS status,
               (SELECT CASE
                   WHEN r.quota_tie IS NOT NULL THEN {open_} || ', "tie": ' || r.quota_tie
                        || '}}'
                   WHEN r.quota_ties IS NOT NULL THEN {open_}
                        || ', "tie": [' || (SELECT group_concat(json_quote('ranked '
                            || CASE WHEN json_extract(r.quota_ties, '$[' || (j.key + 1)
                                                      || ']') > 0
                                    THEN 'above ' ELSE 'below ' END || j.value
                            || ' (same score): tie broken by: ' || (SELECT w.text
                                FROM result_texts w WHERE w.id = abs(json_extract(
                                    r.quota_ties, '$[' || (j.key + 1) || ']')))), ', ')
                            FROM json_each(r.quota_ties) j WHERE j.key % 2 = 0) || ']}}'
                   ELSE {whole} END
                   FROM result_texts t WHERE t.id = r.quota_ref) AS quota,
               r.checks_list,
               CASE WHEN r.terms_list IS NOT NULL THEN (
                   SELECT '[' || COALESCE(group_concat(w.text, ', '), '') || ']'
                   FROM term_lists l CROSS JOIN json_each(l.items) j
                   CROSS JOIN result_texts w ON w.id = j.value WHERE l.id = r.terms_list)
                   ELSE (SELECT t.text FROM result_texts t WHERE t.id = r.terms_ref)
               END AS score_terms,
               (SELECT {whole} FROM result_texts t WHERE t.id = r.facts_ref) AS facts,
               r.current_run, NULL AS digest
        FROM result_rows r;
    CREATE VIEW results AS
        SELECT g.evaluation_id, r.year, r.subject, r.kind, r.track, r.unit, r.grp,
               r.eligible, r.score, r.rank, r.status, r.quota,
               (SELECT c.checks FROM check_lists_json c WHERE c.id = r.checks_list) AS checks,
               CASE WHEN r.current_run = g.evaluation_id THEN 1 ELSE 0 END AS current,
               r.score_terms, r.facts
        FROM run_ranges g JOIN result_rows_text r ON r.id BETWEEN g.first_id AND g.last_id;
    CREATE VIEW current_results AS
        SELECT r.current_run AS evaluation_id, r.year, r.subject, r.kind, r.track, r.unit,
               r.grp, r.eligible, r.score, r.rank, r.status, r.quota,
               (SELECT c.checks FROM check_lists_json c WHERE c.id = r.checks_list) AS checks,
               1 AS current, r.score_terms, r.facts
        FROM result_rows_text r WHERE r.current_run IS NOT NULL;
    CREATE VIEW result_checks AS
        SELECT r.evaluation_id, r.year, r.subject, r.track,
               json_extract(c.value, '$.id') AS check_id,
               json_extract(c.value, '$.passed') AS passed,
               json_extract(c.value, '$.detail') AS detail
        FROM results r, json_each(r.checks) c;
    CREATE VIEW result_check_details AS
        SELECT r.evaluation_id, r.year, r.subject, r.track, c.key AS position,
               json_extract(c.value, '$.id') AS check_id,
               json_extract(c.value, '$.label') AS label,
               json_extract(c.value, '$.source') AS source,
               json_extract(c.value, '$.passed') AS passed,
               json_extract(c.value, '$.detail') AS detail,
               json_extract(c.value, '$.values') AS "values",
               json_extract(c.value, '$.lineage') AS lineage
        FROM results r, json_each(r.checks) c;
    CREATE VIEW standings AS
        SELECT r.current_run AS evaluation_id, r.year, r.subject, r.kind, r.track, r.unit,
               r.grp, r.eligible, r.score, r.rank,
               COALESCE(d.outcome, r.status) AS status, r.status AS engine_status,
               r.quota,
               (SELECT c.checks FROM check_lists_json c WHERE c.id = r.checks_list) AS checks,
               r.score_terms, r.facts, d.id AS decision_id, r.checks_list
        FROM result_rows_text r
        LEFT JOIN latest_decisions d
               ON d.subject = r.subject AND d.track = r.track AND d.year = r.year
        WHERE r.current_run IS NOT NULL;
    -- `results` stays writable: a row written through it is a result of its own, its checks,
    -- quota, score terms and facts kept as the text given
    CREATE TRIGGER results_insert INSTEAD OF INSERT ON results BEGIN
        INSERT OR IGNORE INTO result_units(code) SELECT NEW.unit WHERE NEW.unit IS NOT NULL;
        INSERT OR IGNORE INTO result_units(code) SELECT NEW.grp WHERE NEW.grp IS NOT NULL;
        INSERT INTO check_lists(raw) VALUES (COALESCE(NEW.checks, '[]'));
        INSERT INTO result_rows(year, subject, kind, track, unit, grp, eligible, score, rank,
                                status, checks_list, current_run)
            VALUES (NEW.year, NEW.subject, {new_kind}, {new_track}, {unit_of("NEW.unit")},
                    {unit_of("NEW.grp")},
                    NEW.eligible, NEW.score, NEW.rank, {new_status}, last_insert_rowid(),
                    CASE WHEN COALESCE(NEW.current, 1) = 1 THEN NEW.evaluation_id END);
        INSERT INTO run_ranges(evaluation_id, first_id, last_id)
            VALUES (NEW.evaluation_id, last_insert_rowid(), last_insert_rowid());
        {text_of("NEW.quota")}
        {text_of("NEW.score_terms")}
        {text_of("NEW.facts")}
        UPDATE result_rows SET quota_ref = {ref_of("NEW.quota")},
               terms_ref = {ref_of("NEW.score_terms")}, facts_ref = {ref_of("NEW.facts")}
            WHERE id = (SELECT MAX(id) FROM result_rows);
    END;
    CREATE TRIGGER results_update INSTEAD OF UPDATE ON results BEGIN
        INSERT OR IGNORE INTO result_units(code) SELECT NEW.unit WHERE NEW.unit IS NOT NULL;
        INSERT OR IGNORE INTO result_units(code) SELECT NEW.grp WHERE NEW.grp IS NOT NULL;
        INSERT INTO check_lists(raw) SELECT NEW.checks WHERE NEW.checks IS NOT OLD.checks;
        {text_of("NEW.quota")}
        {text_of("NEW.score_terms")}
        {text_of("NEW.facts")}
        UPDATE result_rows SET year = NEW.year, subject = NEW.subject, kind = {new_kind},
               track = {new_track}, unit = {unit_of("NEW.unit")}, grp = {unit_of("NEW.grp")},
               eligible = NEW.eligible,
               score = NEW.score, rank = NEW.rank, status = {new_status},
               quota_ref = {ref_of("NEW.quota")}, quota_pos = NULL, quota_tie = NULL,
               quota_ties = NULL, terms_list = NULL, terms_ref = {ref_of("NEW.score_terms")},
               facts_ref = {ref_of("NEW.facts")},
               checks_list = CASE WHEN NEW.checks IS NOT OLD.checks
                                  THEN (SELECT MAX(id) FROM check_lists)
                                  ELSE checks_list END,
               current_run = CASE WHEN NEW.current = 1 THEN NEW.evaluation_id
                                  WHEN current_run = OLD.evaluation_id THEN NULL
                                  ELSE current_run END
        WHERE id = {target};
    END;
    CREATE TRIGGER results_delete INSTEAD OF DELETE ON results BEGIN
        INSERT INTO run_ranges(evaluation_id, first_id, last_id)
            SELECT g.evaluation_id, x.id + 1, g.last_id FROM run_ranges g, {target} x
            WHERE g.evaluation_id = OLD.evaluation_id
              AND x.id BETWEEN g.first_id AND g.last_id AND g.last_id > x.id;
        UPDATE run_ranges SET last_id = {target} - 1
            WHERE evaluation_id = OLD.evaluation_id
              AND {target} BETWEEN first_id AND last_id;
        DELETE FROM run_ranges WHERE evaluation_id = OLD.evaluation_id AND last_id < first_id;
        DELETE FROM result_rows WHERE subject = OLD.subject AND track = {old_track}
            AND year = OLD.year AND id NOT IN (
                SELECT r.id FROM run_ranges g JOIN result_rows r
                ON r.id BETWEEN g.first_id AND g.last_id WHERE r.subject = OLD.subject);
    END;
    """


MIGRATIONS: list[str] = [
    # 1: the whole model
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT
    );
    CREATE TABLE levels (
        key      TEXT PRIMARY KEY,
        name     TEXT NOT NULL,
        parent   TEXT REFERENCES levels(key),
        depth    INTEGER NOT NULL,
        position INTEGER NOT NULL
    );
    CREATE TABLE units (
        code        TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        level       TEXT NOT NULL REFERENCES levels(key),
        parent      TEXT REFERENCES units(code),
        position    INTEGER NOT NULL,
        name_folded TEXT NOT NULL
    );
    CREATE INDEX units_parent ON units(parent);
    CREATE INDEX units_level ON units(level);
    CREATE TABLE clusters (
        key  TEXT PRIMARY KEY,
        name TEXT NOT NULL
    );
    CREATE TABLE cluster_members (
        cluster TEXT NOT NULL REFERENCES clusters(key) ON DELETE CASCADE,
        unit    TEXT NOT NULL REFERENCES units(code),
        PRIMARY KEY (cluster, unit)
    );
    CREATE TABLE people (
        code        TEXT PRIMARY KEY,
        full_name   TEXT NOT NULL,
        unit        TEXT NOT NULL REFERENCES units(code),
        category    TEXT NOT NULL CHECK (category IN ('CBCCVC', 'NLD')),
        position    TEXT,
        heads       TEXT REFERENCES units(code),
        name_folded TEXT NOT NULL
    );
    CREATE INDEX people_unit ON people(unit);
    CREATE INDEX people_heads ON people(heads);
    -- one row per subject (person code or unit code) and year; metric values as a JSON object
    CREATE TABLE records (
        subject     TEXT NOT NULL,
        year        INTEGER NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('person', 'collective')),
        data        TEXT NOT NULL,
        source      TEXT,
        imported_at TEXT NOT NULL,
        PRIMARY KEY (subject, year)
    );
    CREATE INDEX records_year ON records(year);
    CREATE TABLE criteria_files (
        sha256    TEXT PRIMARY KEY,
        text      TEXT NOT NULL,
        loaded_at TEXT NOT NULL
    );
    CREATE TABLE registrations (
        subject       TEXT NOT NULL,
        track         TEXT NOT NULL,
        year          INTEGER NOT NULL,
        goal          TEXT,
        registered_at TEXT NOT NULL,
        withdrawn_at  TEXT,
        PRIMARY KEY (subject, track, year)
    );
    -- unit introduces subject for track in year; origin: discovered | manual | below
    CREATE TABLE nominations (
        year       INTEGER NOT NULL,
        track      TEXT NOT NULL,
        subject    TEXT NOT NULL,
        unit       TEXT NOT NULL REFERENCES units(code),
        origin     TEXT NOT NULL,
        reason     TEXT,
        withdrawn  INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        PRIMARY KEY (year, track, subject, unit)
    );
    CREATE INDEX nominations_unit ON nominations(unit, year);
    CREATE TABLE evaluations (
        id               INTEGER PRIMARY KEY,
        year             INTEGER NOT NULL,
        run_at           TEXT NOT NULL,
        criteria_version TEXT NOT NULL,
        criteria_sha256  TEXT NOT NULL,
        scope_unit       TEXT,
        scope_track      TEXT,
        os_user          TEXT,
        summary          TEXT
    );
    -- one row per evaluated subject and track; checks is a JSON list of {id, passed, detail, ...}
    -- current = 1 on the row of the latest run that covered this subject, track and year
    CREATE TABLE results (
        evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
        year          INTEGER NOT NULL,
        subject       TEXT NOT NULL,
        kind          TEXT NOT NULL,
        track         TEXT NOT NULL,
        unit          TEXT,
        grp           TEXT,
        eligible      INTEGER NOT NULL,
        score         REAL,
        rank          INTEGER,
        status        TEXT NOT NULL,
        quota         TEXT,
        checks        TEXT NOT NULL,
        current       INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (evaluation_id, subject, track)
    );
    CREATE INDEX results_current ON results(year, track, current);
    CREATE INDEX results_subject ON results(subject, year);
    CREATE VIEW current_results AS SELECT * FROM results WHERE current = 1;
    CREATE VIEW result_checks AS
        SELECT r.evaluation_id, r.year, r.subject, r.track,
               json_extract(c.value, '$.id') AS check_id,
               json_extract(c.value, '$.passed') AS passed,
               json_extract(c.value, '$.detail') AS detail
        FROM results r, json_each(r.checks) c;
    -- a council's secret-ballot result; outcome: recognised | rejected | escalated
    CREATE TABLE decisions (
        id            INTEGER PRIMARY KEY,
        year          INTEGER NOT NULL,
        track         TEXT NOT NULL,
        subject       TEXT NOT NULL,
        unit          TEXT NOT NULL REFERENCES units(code),
        members       INTEGER NOT NULL,
        votes_for     INTEGER NOT NULL,
        votes_against INTEGER NOT NULL,
        outcome       TEXT NOT NULL,
        escalated_to  TEXT REFERENCES units(code),
        detail        TEXT,
        decided_at    TEXT NOT NULL
    );
    CREATE INDEX decisions_subject ON decisions(subject, track, year);
    CREATE TABLE fostering (
        id         INTEGER PRIMARY KEY,
        subject    TEXT NOT NULL,
        year       INTEGER NOT NULL,
        goal       TEXT NOT NULL,
        support    TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE replications (
        id         INTEGER PRIMARY KEY,
        subject    TEXT NOT NULL,
        to_unit    TEXT NOT NULL REFERENCES units(code),
        year       INTEGER NOT NULL,
        form       TEXT NOT NULL,
        note       TEXT,
        created_at TEXT NOT NULL
    );
    -- append-only: triggers refuse UPDATE and DELETE
    CREATE TABLE audit (
        id      INTEGER PRIMARY KEY,
        at      TEXT NOT NULL,
        os_user TEXT,
        command TEXT,
        action  TEXT NOT NULL,
        subject TEXT,
        year    INTEGER,
        detail  TEXT
    );
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
    """,
    # 2: the score breakdown in its own column (it was inside `quota`), and the decisive fact
    # of each result in plain text, so reports need not parse the checks JSON
    """
    ALTER TABLE results ADD COLUMN score_terms TEXT;
    ALTER TABLE results ADD COLUMN facts TEXT;
    DROP VIEW current_results;
    CREATE VIEW current_results AS SELECT * FROM results WHERE current = 1;
    """,
    # 3: one answer per question for every reader (dtt, sqlite3, Datasette): the latest council
    # decision per candidate, the current results with that decision applied, and every subject
    # (person or unit) with its name
    """
    CREATE VIEW latest_decisions AS
        SELECT d.* FROM decisions d
        WHERE d.id = (SELECT MAX(x.id) FROM decisions x WHERE x.subject = d.subject
                      AND x.track = d.track AND x.year = d.year);
    CREATE VIEW standings AS
        SELECT r.evaluation_id, r.year, r.subject, r.kind, r.track, r.unit, r.grp,
               r.eligible, r.score, r.rank,
               COALESCE(d.outcome, r.status) AS status, r.status AS engine_status,
               r.quota, r.checks, r.score_terms, r.facts, d.id AS decision_id
        FROM results r
        LEFT JOIN latest_decisions d
               ON d.subject = r.subject AND d.track = r.track AND d.year = r.year
        WHERE r.current = 1;
    CREATE VIEW subjects AS
        SELECT p.code, 'person' AS kind, p.full_name AS name, p.unit, u.level
        FROM people p JOIN units u ON u.code = p.unit
        UNION ALL
        SELECT u.code, 'collective' AS kind, u.name, u.code AS unit, u.level FROM units u;
    CREATE INDEX decisions_latest ON decisions(subject, track, year, id);
    """,
    # 4: the sector through time. Each unit tree is kept with the date it came into force
    # (trees, tree_levels, tree_units, tree_clusters) and the units each unit succeeds
    # (unit_lineage); `units`, `levels` and `clusters` stay the current tree for readers,
    # `units` also keeps every closed unit (closed_on set) so that its records and decisions
    # stay readable. `roster` holds each person's unit, position and headed unit from a year
    # on; `people` stays the latest roster. An existing tree is in force from the beginning
    # ('0001-01-01') and an existing roster from the first year with records.
    """
    CREATE TABLE trees (
        id        INTEGER PRIMARY KEY,
        valid_from TEXT NOT NULL UNIQUE,
        source    TEXT,
        loaded_at TEXT NOT NULL
    );
    CREATE TABLE tree_levels (
        tree     INTEGER NOT NULL REFERENCES trees(id) ON DELETE CASCADE,
        key      TEXT NOT NULL,
        name     TEXT NOT NULL,
        parent   TEXT,
        depth    INTEGER NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (tree, key)
    );
    CREATE TABLE tree_units (
        tree     INTEGER NOT NULL REFERENCES trees(id) ON DELETE CASCADE,
        code     TEXT NOT NULL,
        name     TEXT NOT NULL,
        level    TEXT NOT NULL,
        parent   TEXT,
        position INTEGER NOT NULL,
        PRIMARY KEY (tree, code)
    );
    CREATE INDEX tree_units_code ON tree_units(code);
    CREATE TABLE tree_clusters (
        tree    INTEGER NOT NULL REFERENCES trees(id) ON DELETE CASCADE,
        cluster TEXT NOT NULL,
        name    TEXT NOT NULL,
        unit    TEXT NOT NULL,
        PRIMARY KEY (tree, cluster, unit)
    );
    -- `code` (a unit of tree `tree`) succeeds `predecessor`; ord 0 is the principal one
    CREATE TABLE unit_lineage (
        tree        INTEGER NOT NULL REFERENCES trees(id) ON DELETE CASCADE,
        code        TEXT NOT NULL,
        predecessor TEXT NOT NULL,
        ord         INTEGER NOT NULL,
        PRIMARY KEY (tree, code, predecessor)
    );
    CREATE INDEX unit_lineage_predecessor ON unit_lineage(predecessor);
    CREATE TABLE roster (
        person   TEXT NOT NULL REFERENCES people(code),
        year     INTEGER NOT NULL,
        unit     TEXT NOT NULL REFERENCES units(code),
        position TEXT,
        heads    TEXT REFERENCES units(code),
        PRIMARY KEY (person, year)
    );
    ALTER TABLE units ADD COLUMN closed_on TEXT;
    INSERT INTO trees(id, valid_from, source, loaded_at)
        SELECT 1, '0001-01-01', 'schema 4', strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')
        WHERE EXISTS (SELECT 1 FROM units);
    INSERT INTO tree_levels SELECT 1, key, name, parent, depth, position FROM levels
        WHERE EXISTS (SELECT 1 FROM trees WHERE id = 1);
    INSERT INTO tree_units SELECT 1, code, name, level, parent, position FROM units
        WHERE EXISTS (SELECT 1 FROM trees WHERE id = 1);
    INSERT INTO tree_clusters SELECT 1, c.key, c.name, m.unit
        FROM clusters c JOIN cluster_members m ON m.cluster = c.key
        WHERE EXISTS (SELECT 1 FROM trees WHERE id = 1);
    INSERT INTO roster SELECT code,
        COALESCE((SELECT MIN(year) FROM records), CAST(strftime('%Y', 'now') AS INTEGER)),
        unit, position, heads FROM people;
    CREATE VIEW current_units AS SELECT * FROM units WHERE closed_on IS NULL;
    """,
    # 5: a decision names the evaluation it rests on (backfilled from its detail), so pruning
    # never removes it; each audit row carries the hash of the one before it (backfilled in id
    # order by the SQL function dtt_audit_hash) and meta `audit_head` names the last one
    """
    ALTER TABLE decisions ADD COLUMN evaluation_id INTEGER REFERENCES evaluations(id);
    UPDATE decisions SET evaluation_id = json_extract(detail, '$.evaluation_id')
        WHERE json_valid(detail)
          AND json_extract(detail, '$.evaluation_id') IN (SELECT id FROM evaluations);
    CREATE INDEX decisions_evaluation ON decisions(evaluation_id);
    ALTER TABLE audit ADD COLUMN prev_hash TEXT;
    ALTER TABLE audit ADD COLUMN hash TEXT;
    DROP TRIGGER IF EXISTS audit_no_update;
    WITH RECURSIVE chain(id, prev, hash) AS (
        SELECT a.id, '', dtt_audit_hash('', a.id, a.at, a.os_user, a.command, a.action,
                                        a.subject, a.year, a.detail)
        FROM audit a WHERE a.id = (SELECT MIN(id) FROM audit)
        UNION ALL
        SELECT a.id, c.hash, dtt_audit_hash(c.hash, a.id, a.at, a.os_user, a.command, a.action,
                                            a.subject, a.year, a.detail)
        FROM chain c JOIN audit a ON a.id = (SELECT MIN(x.id) FROM audit x WHERE x.id > c.id)
    )
    UPDATE audit SET prev_hash = chain.prev, hash = chain.hash FROM chain
        WHERE chain.id = audit.id;
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
    INSERT INTO meta(key, value)
        SELECT 'audit_head', json_object('id', id, 'hash', hash) FROM audit
        WHERE id = (SELECT MAX(id) FROM audit)
        ON CONFLICT(key) DO UPDATE SET value = excluded.value;
    """,
    # 6: draft runs (a criteria file tried on a stored year) kept apart from the current
    # results: `kind` is 'current' or 'draft'; a draft's results are never current, and it
    # names its file and the installed criteria it was compared against
    """
    ALTER TABLE evaluations ADD COLUMN kind TEXT NOT NULL DEFAULT 'current'
        CHECK (kind IN ('current', 'draft'));
    ALTER TABLE evaluations ADD COLUMN criteria_file TEXT;
    ALTER TABLE evaluations ADD COLUMN base_version TEXT;
    ALTER TABLE evaluations ADD COLUMN base_sha256 TEXT;
    """,
    # 7: people's gender (nam / nu), date of birth and date of recruitment (ISO dates), optional
    # columns of the people import; the LĐTT time rule reads `recruited`, the 2024 tie-break
    # reads `gender`
    """
    ALTER TABLE people ADD COLUMN gender TEXT;
    ALTER TABLE people ADD COLUMN born TEXT;
    ALTER TABLE people ADD COLUMN recruited TEXT;
    """,
    # 8: award decisions as data (the number, date and issuer of the decision that confers a
    # title the council recognised), and a unit's place name for its documents' date line
    # (`place:` in the tree file; empty: from the province's name)
    """
    ALTER TABLE decisions ADD COLUMN decision_no TEXT;
    ALTER TABLE decisions ADD COLUMN decision_date TEXT;
    ALTER TABLE decisions ADD COLUMN decision_by TEXT;
    ALTER TABLE units ADD COLUMN place TEXT;
    """,
    # 9: results that do not repeat themselves. A check's constant part (id, label, source) is
    # kept once per criteria file (criteria_checks); each distinct outcome of a check (passed,
    # detail, the values read) once (check_items); each distinct list of checks once
    # (check_lists: the item ids in order; `raw` keeps a list stored before this schema
    # verbatim). A result is kept once while it stays the same (result_rows: `current_run` is
    # the run it is current for, NULL when superseded; `digest` a hash of what it says, to find it
    # unchanged); run_results lists every result of
    # every run. The views `results`, `current_results`, `result_checks` and `standings` give
    # the columns they gave before, with the checks as the same JSON text; `check_lists_json`
    # expands each list and `result_check_details` each check of each result.
    """
    CREATE TABLE criteria_checks (
        id       INTEGER PRIMARY KEY,
        sha256   TEXT NOT NULL,
        check_id TEXT NOT NULL,
        label    TEXT,
        source   TEXT,
        UNIQUE (sha256, check_id, label, source)
    );
    CREATE TABLE check_items (
        id          INTEGER PRIMARY KEY,
        head        INTEGER REFERENCES criteria_checks(id),
        passed      INTEGER,
        detail      TEXT,
        values_read TEXT,
        lineage     TEXT,
        raw         TEXT
    );
    CREATE INDEX check_items_head ON check_items(head);
    CREATE TABLE check_lists (
        id    INTEGER PRIMARY KEY,
        items TEXT UNIQUE,
        raw   TEXT
    );
    CREATE TABLE result_rows (
        id          INTEGER PRIMARY KEY,
        year        INTEGER NOT NULL,
        subject     TEXT NOT NULL,
        kind        TEXT NOT NULL,
        track       TEXT NOT NULL,
        unit        TEXT,
        grp         TEXT,
        eligible    INTEGER NOT NULL,
        score       REAL,
        rank        INTEGER,
        status      TEXT NOT NULL,
        quota       TEXT,
        checks_list INTEGER NOT NULL REFERENCES check_lists(id),
        score_terms TEXT,
        facts       TEXT,
        current_run INTEGER,
        digest      INTEGER
    );
    CREATE TABLE run_results (
        evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
        result_id     INTEGER NOT NULL REFERENCES result_rows(id),
        PRIMARY KEY (evaluation_id, result_id)
    ) WITHOUT ROWID;
    CREATE INDEX run_results_result ON run_results(result_id, evaluation_id);
    INSERT INTO check_lists(raw) SELECT DISTINCT checks FROM results;
    CREATE INDEX check_lists_raw ON check_lists(raw);
    INSERT INTO result_rows(id, year, subject, kind, track, unit, grp, eligible, score, rank,
                            status, quota, checks_list, score_terms, facts, current_run)
        SELECT r.rowid, r.year, r.subject, r.kind, r.track, r.unit, r.grp, r.eligible, r.score,
               r.rank, r.status, r.quota, l.id, r.score_terms, r.facts,
               CASE WHEN r.current = 1 THEN r.evaluation_id END
        FROM results r JOIN check_lists l ON l.raw = r.checks;
    INSERT INTO run_results(evaluation_id, result_id) SELECT evaluation_id, rowid FROM results;
    DROP INDEX check_lists_raw;
    DROP VIEW standings;
    DROP VIEW current_results;
    DROP VIEW result_checks;
    DROP TABLE results;
    CREATE INDEX result_rows_year ON result_rows(year, track);
    CREATE INDEX result_rows_subject ON result_rows(subject, year);
    CREATE VIEW check_lists_json AS
        SELECT l.id, COALESCE(l.raw, '[' || COALESCE((
            SELECT group_concat(CASE WHEN i.raw IS NOT NULL THEN i.raw ELSE
                '{"id": ' || json_quote(h.check_id) || ', "label": ' || json_quote(h.label)
                || ', "source": ' || json_quote(h.source) || ', "passed": '
                || CASE WHEN i.passed THEN 'true' ELSE 'false' END || ', "detail": '
                || json_quote(i.detail) || ', "values": ' || i.values_read
                || COALESCE(', "lineage": ' || i.lineage, '') || '}' END, ', ')
            FROM json_each(l.items) j JOIN check_items i ON i.id = j.value
            LEFT JOIN criteria_checks h ON h.id = i.head), '') || ']') AS checks
        FROM check_lists l;
    CREATE VIEW results AS
        SELECT m.evaluation_id, r.year, r.subject, r.kind, r.track, r.unit, r.grp, r.eligible,
               r.score, r.rank, r.status, r.quota,
               (SELECT c.checks FROM check_lists_json c WHERE c.id = r.checks_list) AS checks,
               CASE WHEN r.current_run = m.evaluation_id THEN 1 ELSE 0 END AS current,
               r.score_terms, r.facts
        FROM run_results m JOIN result_rows r ON r.id = m.result_id;
    CREATE VIEW current_results AS
        SELECT r.current_run AS evaluation_id, r.year, r.subject, r.kind, r.track, r.unit,
               r.grp, r.eligible, r.score, r.rank, r.status, r.quota,
               (SELECT c.checks FROM check_lists_json c WHERE c.id = r.checks_list) AS checks,
               1 AS current, r.score_terms, r.facts
        FROM result_rows r WHERE r.current_run IS NOT NULL;
    CREATE VIEW result_checks AS
        SELECT r.evaluation_id, r.year, r.subject, r.track,
               json_extract(c.value, '$.id') AS check_id,
               json_extract(c.value, '$.passed') AS passed,
               json_extract(c.value, '$.detail') AS detail
        FROM results r, json_each(r.checks) c;
    CREATE VIEW result_check_details AS
        SELECT r.evaluation_id, r.year, r.subject, r.track, c.key AS position,
               json_extract(c.value, '$.id') AS check_id,
               json_extract(c.value, '$.label') AS label,
               json_extract(c.value, '$.source') AS source,
               json_extract(c.value, '$.passed') AS passed,
               json_extract(c.value, '$.detail') AS detail,
               json_extract(c.value, '$.values') AS "values",
               json_extract(c.value, '$.lineage') AS lineage
        FROM results r, json_each(r.checks) c;
    CREATE VIEW standings AS
        SELECT r.current_run AS evaluation_id, r.year, r.subject, r.kind, r.track, r.unit,
               r.grp, r.eligible, r.score, r.rank,
               COALESCE(d.outcome, r.status) AS status, r.status AS engine_status,
               r.quota,
               (SELECT c.checks FROM check_lists_json c WHERE c.id = r.checks_list) AS checks,
               r.score_terms, r.facts, d.id AS decision_id, r.checks_list
        FROM result_rows r
        LEFT JOIN latest_decisions d
               ON d.subject = r.subject AND d.track = r.track AND d.year = r.year
        WHERE r.current_run IS NOT NULL;
    -- `results` stays writable for scripts that wrote the old table: a row written is a
    -- result of its own, its checks kept as the JSON text given
    CREATE TRIGGER results_insert INSTEAD OF INSERT ON results BEGIN
        INSERT INTO check_lists(raw) VALUES (COALESCE(NEW.checks, '[]'));
        INSERT INTO result_rows(year, subject, kind, track, unit, grp, eligible, score, rank,
                                status, quota, checks_list, score_terms, facts, current_run)
            VALUES (NEW.year, NEW.subject, NEW.kind, NEW.track, NEW.unit, NEW.grp,
                    NEW.eligible, NEW.score, NEW.rank, NEW.status, NEW.quota,
                    last_insert_rowid(), NEW.score_terms, NEW.facts,
                    CASE WHEN COALESCE(NEW.current, 1) = 1 THEN NEW.evaluation_id END);
        INSERT INTO run_results(evaluation_id, result_id)
            VALUES (NEW.evaluation_id, last_insert_rowid());
    END;
    CREATE TRIGGER results_update INSTEAD OF UPDATE ON results BEGIN
        INSERT INTO check_lists(raw) SELECT NEW.checks WHERE NEW.checks IS NOT OLD.checks;
        UPDATE result_rows SET year = NEW.year, subject = NEW.subject, kind = NEW.kind,
               track = NEW.track, unit = NEW.unit, grp = NEW.grp, eligible = NEW.eligible,
               score = NEW.score, rank = NEW.rank, status = NEW.status, quota = NEW.quota,
               score_terms = NEW.score_terms, facts = NEW.facts,
               checks_list = CASE WHEN NEW.checks IS NOT OLD.checks THEN last_insert_rowid()
                                  ELSE checks_list END,
               current_run = CASE WHEN NEW.current = 1 THEN NEW.evaluation_id
                                  WHEN current_run = OLD.evaluation_id THEN NULL
                                  ELSE current_run END
        WHERE id = (SELECT m.result_id FROM run_results m JOIN result_rows r
                    ON r.id = m.result_id WHERE m.evaluation_id = OLD.evaluation_id
                    AND r.subject = OLD.subject AND r.track = OLD.track);
    END;
    CREATE TRIGGER results_delete INSTEAD OF DELETE ON results BEGIN
        DELETE FROM run_results WHERE evaluation_id = OLD.evaluation_id AND result_id = (
            SELECT r.id FROM result_rows r JOIN run_results m ON m.result_id = r.id
            WHERE m.evaluation_id = OLD.evaluation_id AND r.subject = OLD.subject
            AND r.track = OLD.track);
        DELETE FROM result_rows WHERE subject = OLD.subject AND track = OLD.track
            AND year = OLD.year AND NOT EXISTS (SELECT 1 FROM run_results m
                                                WHERE m.result_id = result_rows.id);
    END;
    """,
    # 10: a result's quota, score terms and facts not repeated either. Each distinct text is
    # kept once (result_texts); result_rows refers to it (quota_ref, terms_ref, facts_ref), and
    # a quota's tie notes, which name the neighbours and so differ from row to row, stay on the
    # row (quota_tie: the quota is its text without the closing brace, then `, "tie": `, the
    # notes and the brace), each note `ranked above|below <subject> (same score): tie broken
    # by: <reason>` as [side, subject, id of the reason's text] in quota_ties. A row written
    # as text (`quota`, `score_terms`, `facts`, as scripts writing the `results` view do) is
    # read as written. The views give the same columns and the same JSON text as before.
    """
    CREATE TABLE result_texts (
        id   INTEGER PRIMARY KEY,
        text TEXT NOT NULL
    );
    ALTER TABLE result_rows ADD COLUMN quota_ref INTEGER REFERENCES result_texts(id);
    ALTER TABLE result_rows ADD COLUMN quota_tie TEXT;
    ALTER TABLE result_rows ADD COLUMN quota_ties TEXT;
    ALTER TABLE result_rows ADD COLUMN terms_ref INTEGER REFERENCES result_texts(id);
    ALTER TABLE result_rows ADD COLUMN facts_ref INTEGER REFERENCES result_texts(id);
    INSERT INTO result_texts(text)
        SELECT quota FROM result_rows WHERE quota IS NOT NULL
        UNION SELECT score_terms FROM result_rows WHERE score_terms IS NOT NULL
        UNION SELECT facts FROM result_rows WHERE facts IS NOT NULL;
    CREATE INDEX result_texts_text ON result_texts(text);
    UPDATE result_rows SET
        quota_ref = (SELECT t.id FROM result_texts t WHERE t.text = result_rows.quota),
        terms_ref = (SELECT t.id FROM result_texts t WHERE t.text = result_rows.score_terms),
        facts_ref = (SELECT t.id FROM result_texts t WHERE t.text = result_rows.facts),
        quota = NULL, score_terms = NULL, facts = NULL;
    DROP INDEX result_texts_text;
    CREATE VIEW result_rows_text AS
        SELECT r.id, r.year, r.subject, r.kind, r.track, r.unit, r.grp, r.eligible, r.score,
               r.rank, r.status,
               COALESCE(r.quota, (SELECT CASE
                   WHEN r.quota_tie IS NOT NULL THEN substr(t.text, 1, length(t.text) - 1)
                        || ', "tie": ' || r.quota_tie || '}'
                   WHEN r.quota_ties IS NOT NULL THEN substr(t.text, 1, length(t.text) - 1)
                        || ', "tie": [' || (SELECT group_concat(json_quote('ranked '
                            || json_extract(j.value, '$[0]') || ' '
                            || json_extract(j.value, '$[1]')
                            || ' (same score): tie broken by: ' || (SELECT w.text
                                FROM result_texts w
                                WHERE w.id = json_extract(j.value, '$[2]'))), ', ')
                            FROM json_each(r.quota_ties) j) || ']}'
                   ELSE t.text END
                   FROM result_texts t WHERE t.id = r.quota_ref)) AS quota,
               r.checks_list,
               COALESCE(r.score_terms, (SELECT t.text FROM result_texts t
                                        WHERE t.id = r.terms_ref)) AS score_terms,
               COALESCE(r.facts, (SELECT t.text FROM result_texts t
                                  WHERE t.id = r.facts_ref)) AS facts,
               r.current_run, r.digest
        FROM result_rows r;
    DROP VIEW standings;
    DROP VIEW current_results;
    DROP VIEW results;
    CREATE VIEW results AS
        SELECT m.evaluation_id, r.year, r.subject, r.kind, r.track, r.unit, r.grp, r.eligible,
               r.score, r.rank, r.status, r.quota,
               (SELECT c.checks FROM check_lists_json c WHERE c.id = r.checks_list) AS checks,
               CASE WHEN r.current_run = m.evaluation_id THEN 1 ELSE 0 END AS current,
               r.score_terms, r.facts
        FROM run_results m JOIN result_rows_text r ON r.id = m.result_id;
    CREATE VIEW current_results AS
        SELECT r.current_run AS evaluation_id, r.year, r.subject, r.kind, r.track, r.unit,
               r.grp, r.eligible, r.score, r.rank, r.status, r.quota,
               (SELECT c.checks FROM check_lists_json c WHERE c.id = r.checks_list) AS checks,
               1 AS current, r.score_terms, r.facts
        FROM result_rows_text r WHERE r.current_run IS NOT NULL;
    CREATE VIEW standings AS
        SELECT r.current_run AS evaluation_id, r.year, r.subject, r.kind, r.track, r.unit,
               r.grp, r.eligible, r.score, r.rank,
               COALESCE(d.outcome, r.status) AS status, r.status AS engine_status,
               r.quota,
               (SELECT c.checks FROM check_lists_json c WHERE c.id = r.checks_list) AS checks,
               r.score_terms, r.facts, d.id AS decision_id, r.checks_list
        FROM result_rows_text r
        LEFT JOIN latest_decisions d
               ON d.subject = r.subject AND d.track = r.track AND d.year = r.year
        WHERE r.current_run IS NOT NULL;
    -- the triggers of `results` went with the view: the same again, a row written or updated
    -- through it keeping its quota, score terms and facts as the text given
    CREATE TRIGGER results_insert INSTEAD OF INSERT ON results BEGIN
        INSERT INTO check_lists(raw) VALUES (COALESCE(NEW.checks, '[]'));
        INSERT INTO result_rows(year, subject, kind, track, unit, grp, eligible, score, rank,
                                status, quota, checks_list, score_terms, facts, current_run)
            VALUES (NEW.year, NEW.subject, NEW.kind, NEW.track, NEW.unit, NEW.grp,
                    NEW.eligible, NEW.score, NEW.rank, NEW.status, NEW.quota,
                    last_insert_rowid(), NEW.score_terms, NEW.facts,
                    CASE WHEN COALESCE(NEW.current, 1) = 1 THEN NEW.evaluation_id END);
        INSERT INTO run_results(evaluation_id, result_id)
            VALUES (NEW.evaluation_id, last_insert_rowid());
    END;
    CREATE TRIGGER results_update INSTEAD OF UPDATE ON results BEGIN
        INSERT INTO check_lists(raw) SELECT NEW.checks WHERE NEW.checks IS NOT OLD.checks;
        UPDATE result_rows SET year = NEW.year, subject = NEW.subject, kind = NEW.kind,
               track = NEW.track, unit = NEW.unit, grp = NEW.grp, eligible = NEW.eligible,
               score = NEW.score, rank = NEW.rank, status = NEW.status, quota = NEW.quota,
               score_terms = NEW.score_terms, facts = NEW.facts, quota_ref = NULL,
               quota_tie = NULL, quota_ties = NULL, terms_ref = NULL, facts_ref = NULL,
               checks_list = CASE WHEN NEW.checks IS NOT OLD.checks THEN last_insert_rowid()
                                  ELSE checks_list END,
               current_run = CASE WHEN NEW.current = 1 THEN NEW.evaluation_id
                                  WHEN current_run = OLD.evaluation_id THEN NULL
                                  ELSE current_run END
        WHERE id = (SELECT m.result_id FROM run_results m JOIN result_rows r
                    ON r.id = m.result_id WHERE m.evaluation_id = OLD.evaluation_id
                    AND r.subject = OLD.subject AND r.track = OLD.track);
    END;
    CREATE TRIGGER results_delete INSTEAD OF DELETE ON results BEGIN
        DELETE FROM run_results WHERE evaluation_id = OLD.evaluation_id AND result_id = (
            SELECT r.id FROM result_rows r JOIN run_results m ON m.result_id = r.id
            WHERE m.evaluation_id = OLD.evaluation_id AND r.subject = OLD.subject
            AND r.track = OLD.track);
        DELETE FROM result_rows WHERE subject = OLD.subject AND track = OLD.track
            AND year = OLD.year AND NOT EXISTS (SELECT 1 FROM run_results m
                                                WHERE m.result_id = result_rows.id);
    END;
    """,
    # 11: smaller results. The runs' results as ranges of consecutive result ids (run_ranges;
    # the view run_results gives the old table's rows); a result's kind, track and status as
    # small codes (KINDS, TRACKS, STATUSES), its texts (quota, score terms, facts) only in
    # result_texts, no digest (a result is found unchanged by comparing what it stores). The
    # quota's position is kept on the row (quota_pos) and cut out of its text (result_texts.cut:
    # where it goes back), so a group's quotas share one text, and so do the facts
    # `<position> of quota …`; each score term is kept once, a list of terms as the ids of its
    # terms (term_lists). One index on the rows, (year, subject); the lists of checks without
    # an index on their items. The views give the same columns and the same text as before.
    _schema_11(),
    # 12: the quota's position and limit as columns of `standings` (quota_position,
    # quota_limit), read from the row and its shared text without rebuilding the quota's JSON
    # and its tie notes: what a report prints of the quota, at a fraction of the cost
    """
    DROP VIEW standings;
    CREATE VIEW standings AS
        SELECT r.current_run AS evaluation_id, r.year, r.subject, r.kind, r.track, r.unit,
               r.grp, r.eligible, r.score, r.rank,
               COALESCE(d.outcome, r.status) AS status, r.status AS engine_status,
               r.quota,
               (SELECT c.checks FROM check_lists_json c WHERE c.id = r.checks_list) AS checks,
               r.score_terms, r.facts, d.id AS decision_id, r.checks_list,
               (SELECT CASE WHEN t.cut IS NULL OR q.quota_pos IS NULL
                            THEN json_extract(t.text, '$.position') ELSE q.quota_pos END
                FROM result_rows q JOIN result_texts t ON t.id = q.quota_ref
                WHERE q.id = r.id) AS quota_position,
               (SELECT CASE WHEN t.cut IS NULL OR q.quota_pos IS NULL
                            THEN json_extract(t.text, '$.limit')
                            ELSE json_extract(substr(t.text, 1, t.cut) || 'null'
                                              || substr(t.text, t.cut + 1), '$.limit') END
                FROM result_rows q JOIN result_texts t ON t.id = q.quota_ref
                WHERE q.id = r.id) AS quota_limit
        FROM result_rows_text r
        LEFT JOIN latest_decisions d
               ON d.subject = r.subject AND d.track = r.track AND d.year = r.year
        WHERE r.current_run IS NOT NULL;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
