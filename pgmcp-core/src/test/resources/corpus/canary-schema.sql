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

ANALYZE canary;
ANALYZE canary_big;
