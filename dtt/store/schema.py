"""The database schema, as numbered migrations. `PRAGMA user_version` holds the last applied."""

from __future__ import annotations

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
    # 4: people's gender (nam / nu), date of birth and date of recruitment (ISO dates), optional
    # columns of the people import; the LĐTT time rule reads `recruited`, the 2024 tie-break
    # reads `gender`
    """
    ALTER TABLE people ADD COLUMN gender TEXT;
    ALTER TABLE people ADD COLUMN born TEXT;
    ALTER TABLE people ADD COLUMN recruited TEXT;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
