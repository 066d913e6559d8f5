-- Canary objects for the hostile corpus (see hostile.sql's header). Run as the NON-superuser
-- role that owns them (and the public schema), so that the role could change every one of them
-- if the safety layers failed. CanaryDatabase.snapshot() reads them before and after a run.
CREATE TABLE canary (
    id      int PRIMARY KEY,
    payload text NOT NULL
);
INSERT INTO canary SELECT g, md5(g::text) FROM generate_series(1, 100) g;

CREATE TABLE canary_log (
    id   bigserial PRIMARY KEY,
    note text NOT NULL
);

CREATE TABLE canary_big (n int NOT NULL);
INSERT INTO canary_big SELECT generate_series(1, 3000);

CREATE SEQUENCE canary_seq;
SELECT setval('canary_seq', 42);

-- VOLATILE functions that write: only a volatility policy (or the READ ONLY transaction) stops them.
CREATE FUNCTION canary_write() RETURNS int LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    INSERT INTO canary_log (note) VALUES ('canary_write');
    RETURN 1;
END
$$;

-- Callable as c.canary_touch (attribute notation): a call without parentheses.
CREATE FUNCTION canary_touch(c canary) RETURNS int LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    INSERT INTO canary_log (note) VALUES ('canary_touch ' || c.id);
    RETURN c.id;
END
$$;

CREATE FUNCTION canary_rows() RETURNS SETOF canary LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    INSERT INTO canary_log (note) VALUES ('canary_rows');
    RETURN QUERY SELECT * FROM canary;
END
$$;

CREATE PROCEDURE canary_proc() LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO canary_log (note) VALUES ('canary_proc');
END
$$;

-- VOLATILE functions that look like reads but hide an effect in their body: pgmcp reads each
-- definition before letting a VOLATILE function of the database's own schemas run.
CREATE FUNCTION canary_sleepy() RETURNS int LANGUAGE sql AS 'SELECT 1 FROM pg_catalog.pg_sleep(30)';
CREATE FUNCTION canary_locker() RETURNS bool LANGUAGE sql AS 'SELECT pg_advisory_lock(4242) IS NULL';
CREATE FUNCTION canary_bump() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('canary_seq') $$;
CREATE FUNCTION canary_dynamic() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'INSERT INTO canary_log (note) VALUES (' || quote_literal('canary_dynamic') || ')';
    RETURN 1;
END
$$;
CREATE FUNCTION canary_definer() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS 'SELECT count(*) FROM canary';
CREATE FUNCTION canary_indirect() RETURNS int LANGUAGE sql AS 'SELECT canary_write() + 1';
-- The write is reached by attribute notation (c.canary_touch calls canary_touch(c)), with no parentheses.
CREATE FUNCTION canary_hidden_touch() RETURNS int LANGUAGE sql AS 'SELECT c.canary_touch FROM canary c LIMIT 1';
-- A plain read, VOLATILE only by default: it runs.
CREATE FUNCTION canary_count() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
    -- pg_sleep(30) and INSERT in a comment, and in a literal: neither runs.
    RETURN (SELECT count(*) FROM canary WHERE payload <> 'INSERT INTO canary_log');
END
$$;

ANALYZE canary;
ANALYZE canary_big;

-- Denied relations: HostileCorpusTest runs the denied-relation entries with public.canary_secret,
-- public.canary_secret_child and public.canary_secret_part on the denied table list and schema
-- canary_vault on the denied schema list. Every object below is another path to their rows.
CREATE TABLE canary_secret (id int PRIMARY KEY, code text NOT NULL);
INSERT INTO canary_secret SELECT g, 'canary-secret-' || g FROM generate_series(1, 20) g;
CREATE VIEW canary_secret_view AS SELECT code FROM canary_secret;
CREATE VIEW canary_secret_view_of_view AS SELECT * FROM canary_secret_view;
CREATE MATERIALIZED VIEW canary_secret_mat AS SELECT code FROM canary_secret;
CREATE TABLE canary_base (code text);
CREATE TABLE canary_secret_child () INHERITS (canary_base);
INSERT INTO canary_secret_child VALUES ('canary-secret-child');
CREATE TABLE canary_child_of_secret () INHERITS (canary_secret);
CREATE TABLE canary_measure (code text, at int) PARTITION BY RANGE (at);
CREATE TABLE canary_secret_part PARTITION OF canary_measure FOR VALUES FROM (0) TO (100);
INSERT INTO canary_measure VALUES ('canary-secret-part', 1);
CREATE STATISTICS canary_secret_stats (mcv) ON id, code FROM canary_secret;
CREATE FUNCTION canary_secret_rows() RETURNS SETOF canary_secret LANGUAGE sql STABLE AS 'SELECT * FROM canary_secret';
CREATE FUNCTION canary_secret_codes() RETURNS SETOF text LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT code FROM public.canary_secret;
END
$$;
-- A SQL-standard body: its source text is not in prosrc, its dependency is in pg_depend.
CREATE FUNCTION canary_secret_count() RETURNS bigint LANGUAGE sql STABLE
    RETURN (SELECT count(*) FROM canary_secret);
-- Schema canary_vault is created, owned by this role, by CanaryDatabase (creating it needs CREATE on the database).
CREATE TABLE canary_vault.gold (code text);
INSERT INTO canary_vault.gold VALUES ('canary-vault');
CREATE VIEW canary_vault_view AS SELECT code FROM canary_vault.gold;
ANALYZE canary_secret;
ANALYZE canary_secret_child;
ANALYZE canary_vault.gold;
