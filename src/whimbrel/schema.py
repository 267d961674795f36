"""The store's schema: DuckDB DDL by version number, applied in order by :class:`~whimbrel.store.Store`.

A store records the last version applied (``meta.schema_version``); opening it for writing applies
the ones after it. Released migrations are never edited: a change of schema is a new version.
"""

from __future__ import annotations

# (version, statements). Append only: never edit a released migration.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY, command VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP,
            read INTEGER, stored INTEGER, duplicates INTEGER, near_duplicates INTEGER,
            rejected INTEGER);
        CREATE TABLE articles (
            id VARCHAR PRIMARY KEY, content_hash VARCHAR NOT NULL UNIQUE, origin VARCHAR,
            format VARCHAR, title VARCHAR, url VARCHAR, published DATE, text VARCHAR NOT NULL,
            raw_text VARCHAR NOT NULL, cluster VARCHAR, minhash BLOB, run_id INTEGER,
            ingested_at TIMESTAMP);
        CREATE TABLE cleaning (
            article_id VARCHAR, seq INTEGER, kind VARCHAR, reason VARCHAR, before VARCHAR,
            after VARCHAR, PRIMARY KEY (article_id, seq));
        CREATE TABLE sentences (
            article_id VARCHAR, idx INTEGER, start_char INTEGER, end_char INTEGER, text VARCHAR,
            PRIMARY KEY (article_id, idx));
        CREATE TABLE rejections (run_id INTEGER, origin VARCHAR, reason VARCHAR);
        """,
    ),
    (
        2,
        """
        CREATE TABLE actor_mentions (
            article_id VARCHAR, sentence INTEGER, seq INTEGER, start_char INTEGER,
            end_char INTEGER, text VARCHAR, code VARCHAR, sector VARCHAR, name VARCHAR,
            person VARCHAR, title VARCHAR, office VARCHAR, kind VARCHAR, confidence DOUBLE,
            PRIMARY KEY (article_id, seq));
        CREATE TABLE events (
            article_id VARCHAR, seq INTEGER, sentence INTEGER, type VARCHAR, mode VARCHAR,
            contexts VARCHAR[], cameo VARCHAR, quad_class INTEGER, goldstein DOUBLE,
            source_code VARCHAR, source_sector VARCHAR, source_name VARCHAR,
            source_start INTEGER, source_end INTEGER, source_text VARCHAR,
            target_code VARCHAR, target_sector VARCHAR, target_name VARCHAR,
            target_start INTEGER, target_end INTEGER, target_text VARCHAR,
            trigger_start INTEGER, trigger_end INTEGER, trigger_text VARCHAR,
            negated BOOLEAN, hedged BOOLEAN, quoted BOOLEAN, speaker VARCHAR, date VARCHAR,
            location VARCHAR, location_country VARCHAR, lat DOUBLE, lon DOUBLE,
            confidence DOUBLE, rule VARCHAR, PRIMARY KEY (article_id, seq));
        """,
    ),
    (
        3,
        """
        CREATE TABLE user_actors (
            phrase VARCHAR, code VARCHAR, sector VARCHAR, name VARCHAR, start_date DATE,
            end_date DATE, source VARCHAR, imported_at TIMESTAMP,
            PRIMARY KEY (phrase, code, sector));
        """,
    ),
    (
        4,
        """
        CREATE TABLE user_verb_dictionaries (
            name VARCHAR PRIMARY KEY, digest VARCHAR, body VARCHAR, verbs INTEGER,
            patterns INTEGER, imported_at TIMESTAMP);
        """,
    ),
    (
        5,
        """
        ALTER TABLE events ADD COLUMN medium VARCHAR;
        CREATE TABLE claims (
            article_id VARCHAR, sentence INTEGER, seq INTEGER, kind VARCHAR, actor_a VARCHAR,
            actor_b VARCHAR, asserted BOOLEAN, hedged BOOLEAN, start_char INTEGER,
            end_char INTEGER, text VARCHAR, PRIMARY KEY (article_id, seq));
        """,
    ),
    (
        6,
        """
        CREATE TABLE lsh_bands (band SMALLINT, key BIGINT, article_id VARCHAR);
        """,
    ),
    (
        7,
        # a user actor may have several entries with one code and sector for different dates
        # ("[HOB < 950601]", "[HOBGOV 19950601 - 19990815]"): the key of version 3 kept only
        # the last one imported. An entry is now its phrase, code, sector and dates, kept unique
        # by the store (dates may be NULL, which a primary key cannot hold).
        """
        CREATE TABLE user_actors_v7 (
            phrase VARCHAR NOT NULL, code VARCHAR, sector VARCHAR, name VARCHAR,
            start_date DATE, end_date DATE, source VARCHAR, imported_at TIMESTAMP);
        INSERT INTO user_actors_v7 SELECT * FROM user_actors;
        DROP TABLE user_actors;
        ALTER TABLE user_actors_v7 RENAME TO user_actors;
        """,
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]
