-- pgmcp hostile SQL corpus: statements an attacker (or a confused model) may send to execute_query.
--
-- FORMAT (shared with benign.sql, read by dev.pgmcp.testing.SqlCorpus):
--   * Everything before the first entry line is this header and is ignored.
--   * An entry starts with a line of the form
--         -- @entry <category> <expectation> [@tag ...]
--     and its statement is every following line up to the next "-- @entry" line or the end of
--     the file, verbatim (comments included: they are part of the attack), with leading and
--     trailing blank lines removed. Statements may span lines and may contain ';'.
--   * Section divider lines, starting with "-- ====", belong to no entry.
--   * <category> is one of the categories below; <expectation> is one of
--         rejected  the validator must refuse it: execute_query returns an error whose text starts
--                   with "Query rejected:", and nothing is sent to the database;
--         limited   it may pass the validator but a limit must stop it: the call ends, within the
--                   statement timeout plus a margin, as an error (statement timeout, out of
--                   memory, program limit, or a rejection) or as a result marked truncated;
--         harmless  it passes the validator and must run as the harmless statement the validator
--                   read: the call succeeds (HostileCorpusTest's role defaults to
--                   standard_conforming_strings = off; if PostgreSQL read the text otherwise, the
--                   hidden part would run and fail or change a canary);
--         accepted  (benign.sql only) the validator accepts it and it runs without error.
--   * Tags:
--         @needs-volatility  only the pg_proc volatility policy (VOLATILE functions rejected
--                            unless allowlisted, unknown functions rejected) catches this entry;
--                            the name denylist alone does not. Temporarily excluded from the
--                            "rejected" assertion (still counted and printed) until that policy lands.
--         @known-false-rejection <why>   (benign.sql) the validator refuses this valid query for
--                            the reason given (rest of the line); counted and printed, not failed.
--         @escapes           the statement text contains \uXXXX escapes (for invisible or
--                            confusable characters) that are decoded before use.
--
-- The statements target the canary database that HostileCorpusTest creates: tables canary
-- (100 rows), canary_log (empty), canary_big (3000 rows), sequence canary_seq, VOLATILE
-- plpgsql functions canary_write() and canary_touch(canary) and canary_rows() that insert into
-- canary_log, procedure canary_proc(), notification channel canary_channel and a bystander
-- session whose application_name is canary_bystander.
--
-- Categories:
--   stacked-statements, transaction-control, session-and-role, data-modifying-cte, select-into,
--   locking, explain-analyze-dml, copy, do-and-call, side-effecting-functions, obfuscation,
--   resource-exhaustion, denied-relation
--
-- The denied-relation entries run with public.canary_secret, public.canary_secret_child and
-- public.canary_secret_part on the denied table list and schema canary_vault on the denied schema
-- list: each reaches a denied relation's rows by another path (its name written another way, a
-- view, a materialized view, inheritance, partitions, planner statistics, a function).

-- ==== stacked statements ====
-- @entry stacked-statements rejected
SELECT 1; DROP TABLE canary
-- @entry stacked-statements rejected
COMMIT; DROP SCHEMA public CASCADE
-- @entry stacked-statements rejected
SELECT * FROM canary; DELETE FROM canary
-- @entry stacked-statements rejected
SELECT 1;DELETE FROM canary;
-- @entry stacked-statements rejected
SELECT 1 ; ; DELETE FROM canary
-- @entry stacked-statements rejected
SELECT 1;
UPDATE canary SET payload = 'pwned'
-- @entry stacked-statements rejected
SELECT 1; INSERT INTO canary VALUES (1000, 'pwned')
-- @entry stacked-statements rejected
SELECT 1; TRUNCATE canary
-- @entry stacked-statements rejected
SELECT 1; CREATE TABLE pwned (i int)
-- @entry stacked-statements rejected
SELECT 1; ALTER TABLE canary ADD COLUMN pwned int
-- @entry stacked-statements rejected
SELECT 1; ALTER ROLE CURRENT_USER SET search_path = pg_temp
-- @entry stacked-statements rejected
SELECT 1; ALTER DATABASE CURRENT SET statement_timeout = 0
-- @entry stacked-statements rejected
ROLLBACK; DELETE FROM canary
-- @entry stacked-statements rejected
END; BEGIN READ WRITE; DELETE FROM canary; COMMIT
-- @entry stacked-statements rejected
SELECT 1; SET default_transaction_read_only = off; DELETE FROM canary
-- @entry stacked-statements rejected
SELECT 1; SELECT 2
-- @entry stacked-statements rejected
SELECT 'a;b' AS x; DROP TABLE canary
-- @entry stacked-statements rejected
SELECT "we;ird" FROM (SELECT 1 AS "we;ird") s; DROP TABLE canary
-- @entry stacked-statements rejected
WITH w AS (SELECT 1) SELECT * FROM w; DELETE FROM canary
-- @entry stacked-statements rejected
EXPLAIN SELECT 1; DELETE FROM canary
-- @entry stacked-statements rejected
VALUES (1); DROP TABLE canary_log
-- @entry stacked-statements rejected
TABLE canary; TRUNCATE canary_log
-- @entry stacked-statements rejected
SELECT 1 -- trailing comment
; DROP TABLE canary
-- @entry stacked-statements rejected
SELECT 1 /* block */ ; /* block */ DROP TABLE canary
-- @entry stacked-statements rejected
SELECT 1;
-- the rest looks like a comment but is not
DROP TABLE canary
-- @entry stacked-statements rejected
SELECT 1; COPY canary TO PROGRAM 'id'
-- @entry stacked-statements rejected
SELECT 1; DO $$BEGIN DELETE FROM canary; END$$
-- @entry stacked-statements rejected
SELECT 1; CALL canary_proc()
-- @entry stacked-statements rejected
SELECT 1; GRANT ALL ON canary TO PUBLIC
-- @entry stacked-statements rejected
SELECT 1; COMMENT ON TABLE canary IS 'pwned'
-- @entry stacked-statements rejected
SELECT 1; VACUUM canary
-- @entry stacked-statements rejected
SELECT 1; CREATE OR REPLACE FUNCTION canary_write() RETURNS int LANGUAGE sql AS 'SELECT 0'
-- @entry stacked-statements rejected
SELECT 1; SELECT pg_sleep(30)
-- @entry stacked-statements rejected
SELECT 1; '
-- @entry stacked-statements rejected
SELECT 1;DELETE FROM canary WHERE id IN (SELECT id FROM canary LIMIT 1)

-- ==== transaction control ====
-- @entry transaction-control rejected
COMMIT
-- @entry transaction-control rejected
ROLLBACK
-- @entry transaction-control rejected
BEGIN
-- @entry transaction-control rejected
BEGIN READ WRITE
-- @entry transaction-control rejected
START TRANSACTION READ WRITE
-- @entry transaction-control rejected
END
-- @entry transaction-control rejected
ABORT
-- @entry transaction-control rejected
COMMIT AND CHAIN
-- @entry transaction-control rejected
SAVEPOINT s1
-- @entry transaction-control rejected
RELEASE SAVEPOINT s1
-- @entry transaction-control rejected
ROLLBACK TO SAVEPOINT s1
-- @entry transaction-control rejected
SET TRANSACTION READ WRITE
-- @entry transaction-control rejected
SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE
-- @entry transaction-control rejected
PREPARE TRANSACTION 'canary_px'
-- @entry transaction-control rejected
COMMIT PREPARED 'canary_px'
-- @entry transaction-control rejected
ROLLBACK PREPARED 'canary_px'
-- @entry transaction-control rejected
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE

-- ==== session and role changes ====
-- @entry session-and-role rejected
SELECT current_setting('data_directory')
-- @entry session-and-role rejected
SELECT setting FROM pg_catalog.pg_settings WHERE name IN ('hba_file', 'config_file')
-- @entry session-and-role rejected
SELECT name, setting FROM pg_show_all_settings() WHERE name = 'unix_socket_directories'
-- @entry session-and-role rejected
SELECT current_setting(E'ssl\137key\137file')
-- @entry session-and-role rejected
SET work_mem = '1MB'
-- @entry session-and-role rejected
SET search_path = pg_temp, public
-- @entry session-and-role rejected
SET SESSION statement_timeout = 0
-- @entry session-and-role rejected
SET LOCAL statement_timeout = 0
-- @entry session-and-role rejected
SET default_transaction_read_only TO off
-- @entry session-and-role rejected
SET transaction_read_only = off
-- @entry session-and-role rejected
SET TIME ZONE 'Pacific/Chatham'
-- @entry session-and-role rejected
SET application_name = 'canary_bystander'
-- @entry session-and-role rejected
RESET ALL
-- @entry session-and-role rejected
RESET statement_timeout
-- @entry session-and-role rejected
SET ROLE postgres
-- @entry session-and-role rejected
SET ROLE NONE
-- @entry session-and-role rejected
RESET ROLE
-- @entry session-and-role rejected
SET SESSION AUTHORIZATION postgres
-- @entry session-and-role rejected
SET SESSION AUTHORIZATION DEFAULT
-- @entry session-and-role rejected
DISCARD ALL
-- @entry session-and-role rejected
DISCARD PLANS
-- @entry session-and-role rejected
DISCARD TEMP
-- @entry session-and-role rejected
PREPARE canary_stmt AS DELETE FROM canary
-- @entry session-and-role rejected
PREPARE canary_q(int) AS SELECT $1
-- @entry session-and-role rejected
EXECUTE canary_stmt
-- @entry session-and-role rejected
DEALLOCATE ALL
-- @entry session-and-role rejected
LISTEN canary_channel
-- @entry session-and-role rejected
UNLISTEN *
-- @entry session-and-role rejected
NOTIFY canary_channel, 'pwned'
-- @entry session-and-role rejected
LOAD 'auto_explain'
-- @entry session-and-role rejected
DECLARE canary_cur CURSOR WITH HOLD FOR SELECT * FROM canary
-- @entry session-and-role rejected
SET CONSTRAINTS ALL DEFERRED
-- @entry session-and-role rejected
ALTER ROLE CURRENT_USER SET statement_timeout = 0
-- @entry session-and-role rejected
SHOW ALL; SET work_mem = '64kB'

-- ==== data-modifying CTEs ====
-- @entry data-modifying-cte rejected
WITH d AS (DELETE FROM canary RETURNING *) SELECT * FROM d
-- @entry data-modifying-cte rejected
WITH i AS (INSERT INTO canary VALUES (1001, 'pwned') RETURNING id) SELECT id FROM i
-- @entry data-modifying-cte rejected
WITH u AS (UPDATE canary SET payload = 'pwned' RETURNING id) SELECT count(*) FROM u
-- @entry data-modifying-cte rejected
WITH d AS (DELETE FROM canary_log) SELECT 1
-- @entry data-modifying-cte rejected
WITH a AS (SELECT 1), d AS (DELETE FROM canary WHERE id = 1 RETURNING id) SELECT * FROM a, d
-- @entry data-modifying-cte rejected
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3), d AS (DELETE FROM canary WHERE id IN (SELECT n FROM r) RETURNING id) SELECT * FROM d
-- @entry data-modifying-cte rejected
WITH m AS (MERGE INTO canary c USING (SELECT 1 AS id) s ON c.id = s.id WHEN MATCHED THEN DELETE RETURNING c.id) SELECT * FROM m
-- @entry data-modifying-cte rejected
WITH x AS (SELECT 1) DELETE FROM canary
-- @entry data-modifying-cte rejected
WITH x AS (SELECT id FROM canary) UPDATE canary SET payload = 'pwned' FROM x WHERE canary.id = x.id
-- @entry data-modifying-cte rejected
WITH x AS (SELECT 1 AS id) INSERT INTO canary_log(note) SELECT 'pwned' FROM x
-- @entry data-modifying-cte rejected
SELECT * FROM (WITH d AS (DELETE FROM canary RETURNING id) SELECT id FROM d) s
-- @entry data-modifying-cte rejected
SELECT (WITH d AS (DELETE FROM canary RETURNING id) SELECT count(*) FROM d)
-- @entry data-modifying-cte rejected
WITH "select" AS (DELETE FROM canary RETURNING id) SELECT * FROM "select"
-- @entry data-modifying-cte rejected
with d as (delete from canary returning *) select * from d
-- @entry data-modifying-cte rejected
WITH d AS (
  -- looks harmless
  DELETE /* really */ FROM canary
  RETURNING id
)
SELECT count(*) FROM d
-- @entry data-modifying-cte rejected
WITH d AS NOT MATERIALIZED (DELETE FROM canary RETURNING id) SELECT * FROM d
-- @entry data-modifying-cte rejected
WITH d AS (TRUNCATE canary) SELECT 1

-- ==== SELECT INTO ====
-- @entry select-into rejected
SELECT * INTO pwned FROM canary
-- @entry select-into rejected
SELECT * INTO TEMP pwned FROM canary
-- @entry select-into rejected
SELECT * INTO TEMPORARY TABLE pwned FROM canary
-- @entry select-into rejected
SELECT * INTO UNLOGGED pwned FROM canary
-- @entry select-into rejected
SELECT id, payload INTO TABLE pwned FROM canary WHERE id < 10
-- @entry select-into rejected
SELECT 1 AS x INTO pwned
-- @entry select-into rejected
WITH w AS (SELECT 1 AS x) SELECT x INTO pwned FROM w
-- @entry select-into rejected
SELECT * INTO pwned FROM canary UNION SELECT * FROM canary
-- @entry select-into rejected
select * into "pwned" from canary
-- @entry select-into rejected
CREATE TABLE pwned AS SELECT * FROM canary
-- @entry select-into rejected
CREATE TEMP TABLE pwned AS SELECT 1
-- @entry select-into rejected
CREATE MATERIALIZED VIEW pwned AS SELECT * FROM canary

-- ==== locking reads and LOCK ====
-- @entry locking rejected
SELECT * FROM canary FOR UPDATE
-- @entry locking rejected
SELECT * FROM canary FOR NO KEY UPDATE
-- @entry locking rejected
SELECT * FROM canary FOR SHARE
-- @entry locking rejected
SELECT * FROM canary FOR KEY SHARE
-- @entry locking rejected
SELECT * FROM canary FOR UPDATE NOWAIT
-- @entry locking rejected
SELECT * FROM canary FOR UPDATE SKIP LOCKED
-- @entry locking rejected
SELECT * FROM canary c JOIN canary_big b ON b.n = c.id FOR UPDATE OF c
-- @entry locking rejected
SELECT * FROM (SELECT * FROM canary FOR UPDATE) s
-- @entry locking rejected
WITH w AS (SELECT * FROM canary FOR UPDATE) SELECT * FROM w
-- @entry locking rejected
SELECT * FROM canary WHERE id IN (SELECT id FROM canary FOR SHARE)
-- @entry locking rejected
SELECT * FROM canary LIMIT 1 FOR UPDATE
-- @entry locking rejected
SELECT * FROM canary FOR SHARE OF canary NOWAIT
-- @entry locking rejected
LOCK TABLE canary IN ACCESS EXCLUSIVE MODE
-- @entry locking rejected
LOCK canary
-- @entry locking rejected
LOCK TABLE canary, canary_log IN SHARE MODE NOWAIT
-- @entry locking rejected
LOCK TABLE ONLY canary IN ROW EXCLUSIVE MODE

-- ==== EXPLAIN ANALYZE of DML ====
-- @entry explain-analyze-dml rejected
EXPLAIN ANALYZE DELETE FROM canary
-- @entry explain-analyze-dml rejected
EXPLAIN ANALYSE DELETE FROM canary
-- @entry explain-analyze-dml rejected
EXPLAIN (ANALYZE) UPDATE canary SET payload = 'pwned'
-- @entry explain-analyze-dml rejected
EXPLAIN (ANALYZE true, FORMAT JSON) INSERT INTO canary VALUES (1002, 'pwned')
-- @entry explain-analyze-dml rejected
EXPLAIN (FORMAT JSON, ANALYZE on) DELETE FROM canary
-- @entry explain-analyze-dml rejected
EXPLAIN (BUFFERS, ANALYZE 1) DELETE FROM canary
-- @entry explain-analyze-dml rejected
EXPLAIN ANALYZE VERBOSE DELETE FROM canary
-- @entry explain-analyze-dml rejected
EXPLAIN ANALYZE WITH d AS (DELETE FROM canary RETURNING id) SELECT * FROM d
-- @entry explain-analyze-dml rejected
EXPLAIN ANALYZE SELECT nextval('canary_seq')
-- @entry explain-analyze-dml rejected
EXPLAIN ANALYZE CREATE TABLE pwned AS SELECT * FROM canary
-- @entry explain-analyze-dml rejected
EXPLAIN ANALYZE MERGE INTO canary c USING (SELECT 1 AS id) s ON c.id = s.id WHEN MATCHED THEN DELETE
-- @entry explain-analyze-dml rejected
EXPLAIN ANALYZE SELECT canary_write()
-- @entry explain-analyze-dml rejected
explain analyze delete from canary
-- @entry explain-analyze-dml rejected
EXPLAIN /* plan only? */ ANALYZE DELETE FROM canary
-- @entry explain-analyze-dml rejected
EXPLAIN DELETE FROM canary
-- @entry explain-analyze-dml rejected
EXPLAIN UPDATE canary SET payload = 'x'
-- @entry explain-analyze-dml rejected
EXPLAIN (ANALYZE, COSTS off) EXECUTE canary_stmt

-- ==== COPY ====
-- @entry copy rejected
COPY canary TO PROGRAM 'id > /tmp/pgmcp_pwned'
-- @entry copy rejected
COPY (SELECT 1) TO PROGRAM 'touch /tmp/pgmcp_pwned'
-- @entry copy rejected
COPY canary FROM PROGRAM 'echo 1,pwned'
-- @entry copy rejected
COPY canary TO '/tmp/pgmcp_canary.csv'
-- @entry copy rejected
COPY canary FROM '/etc/passwd'
-- @entry copy rejected
COPY canary TO STDOUT
-- @entry copy rejected
COPY canary FROM STDIN
-- @entry copy rejected
COPY (SELECT * FROM canary) TO STDOUT WITH (FORMAT csv)
-- @entry copy rejected
copy canary to program 'id'
-- @entry copy rejected
/* just a comment */ COPY canary TO PROGRAM 'id'

-- ==== DO and CALL ====
-- @entry do-and-call rejected
DO $$BEGIN DELETE FROM canary; END$$
-- @entry do-and-call rejected
DO LANGUAGE plpgsql $$BEGIN PERFORM canary_write(); END$$
-- @entry do-and-call rejected
DO 'BEGIN EXECUTE ''DROP TABLE canary''; END'
-- @entry do-and-call rejected
DO $body$
BEGIN
  INSERT INTO canary_log(note) VALUES ('pwned');
END
$body$
-- @entry do-and-call rejected
CALL canary_proc()
-- @entry do-and-call rejected
CALL public.canary_proc()
-- @entry do-and-call rejected
call canary_proc()
-- @entry do-and-call rejected
-- a friendly comment
CALL canary_proc()

-- ==== side-effecting functions in every position ====
-- Each family of side-effecting function, in each position of a query.

-- ==== sequence, every position ----
-- @entry side-effecting-functions rejected
-- sequence in select list
SELECT nextval('canary_seq') AS v
-- @entry side-effecting-functions rejected
-- sequence in select list with FROM
SELECT id, setval('canary_seq', 1) AS v FROM canary
-- @entry side-effecting-functions rejected
-- sequence in FROM
SELECT * FROM pg_catalog.nextval('canary_seq'::regclass) AS f
-- @entry side-effecting-functions rejected
-- sequence in LATERAL
SELECT c.id, l.v FROM canary c CROSS JOIN LATERAL (SELECT nextval('canary_seq') AS v) l
-- @entry side-effecting-functions rejected
-- sequence in WHERE
SELECT id FROM canary WHERE (setval('canary_seq', 1)) IS NOT NULL
-- @entry side-effecting-functions rejected
-- sequence in JOIN ON
SELECT a.id FROM canary a JOIN canary b ON a.id = b.id AND (pg_catalog.nextval('canary_seq'::regclass)) IS NOT NULL
-- @entry side-effecting-functions rejected
-- sequence in ORDER BY
SELECT id FROM canary ORDER BY nextval('canary_seq')
-- @entry side-effecting-functions rejected
-- sequence in GROUP BY
SELECT count(*) FROM canary GROUP BY setval('canary_seq', 1)
-- @entry side-effecting-functions rejected
-- sequence in cast
SELECT CAST(pg_catalog.nextval('canary_seq'::regclass) AS text)
-- @entry side-effecting-functions rejected
-- sequence in :: cast
SELECT (nextval('canary_seq'))::text AS v FROM canary LIMIT 1
-- @entry side-effecting-functions rejected
-- sequence in CTE body
WITH w AS MATERIALIZED (SELECT setval('canary_seq', 1) AS v) SELECT * FROM w
-- @entry side-effecting-functions rejected
-- sequence in scalar subquery
SELECT (SELECT pg_catalog.nextval('canary_seq'::regclass)) AS v
-- @entry side-effecting-functions rejected
-- sequence in EXISTS subquery
SELECT 1 WHERE EXISTS (SELECT 1 FROM canary WHERE (nextval('canary_seq')) IS NULL)
-- @entry side-effecting-functions rejected
-- sequence in set operation
SELECT 'a' UNION ALL SELECT (setval('canary_seq', 1))::text

-- ==== advisory lock, every position ----
-- @entry side-effecting-functions rejected
-- advisory lock in select list
SELECT pg_advisory_lock(4242) AS v
-- @entry side-effecting-functions rejected
-- advisory lock in select list with FROM
SELECT id, pg_try_advisory_lock(4242) AS v FROM canary
-- @entry side-effecting-functions rejected
-- advisory lock in FROM
SELECT * FROM pg_advisory_lock_shared(4242) AS f
-- @entry side-effecting-functions rejected
-- advisory lock in LATERAL
SELECT c.id, l.v FROM canary c CROSS JOIN LATERAL (SELECT pg_advisory_xact_lock(4242) AS v) l
-- @entry side-effecting-functions rejected
-- advisory lock in WHERE
SELECT id FROM canary WHERE (pg_advisory_lock(4242)) IS NOT NULL
-- @entry side-effecting-functions rejected
-- advisory lock in JOIN ON
SELECT a.id FROM canary a JOIN canary b ON a.id = b.id AND (pg_try_advisory_lock(4242)) IS NOT NULL
-- @entry side-effecting-functions rejected
-- advisory lock in ORDER BY
SELECT id FROM canary ORDER BY pg_advisory_lock_shared(4242)
-- @entry side-effecting-functions rejected
-- advisory lock in GROUP BY
SELECT count(*) FROM canary GROUP BY pg_advisory_xact_lock(4242)
-- @entry side-effecting-functions rejected
-- advisory lock in cast
SELECT CAST(pg_advisory_lock(4242) AS text)
-- @entry side-effecting-functions rejected
-- advisory lock in :: cast
SELECT (pg_try_advisory_lock(4242))::text AS v FROM canary LIMIT 1
-- @entry side-effecting-functions rejected
-- advisory lock in CTE body
WITH w AS MATERIALIZED (SELECT pg_advisory_lock_shared(4242) AS v) SELECT * FROM w
-- @entry side-effecting-functions rejected
-- advisory lock in scalar subquery
SELECT (SELECT pg_advisory_xact_lock(4242)) AS v
-- @entry side-effecting-functions rejected
-- advisory lock in EXISTS subquery
SELECT 1 WHERE EXISTS (SELECT 1 FROM canary WHERE (pg_advisory_lock(4242)) IS NULL)
-- @entry side-effecting-functions rejected
-- advisory lock in set operation
SELECT 'a' UNION ALL SELECT (pg_try_advisory_lock(4242))::text

-- ==== notify, every position ----
-- @entry side-effecting-functions rejected
-- notify in select list
SELECT pg_notify('canary_channel', 'pwned') AS v
-- @entry side-effecting-functions rejected
-- notify in select list with FROM
SELECT id, pg_notify('canary_channel', 'pwned') AS v FROM canary
-- @entry side-effecting-functions rejected
-- notify in FROM
SELECT * FROM pg_notify('canary_channel', 'pwned') AS f
-- @entry side-effecting-functions rejected
-- notify in LATERAL
SELECT c.id, l.v FROM canary c CROSS JOIN LATERAL (SELECT pg_notify('canary_channel', 'pwned') AS v) l
-- @entry side-effecting-functions rejected
-- notify in WHERE
SELECT id FROM canary WHERE (pg_notify('canary_channel', 'pwned')) IS NOT NULL
-- @entry side-effecting-functions rejected
-- notify in JOIN ON
SELECT a.id FROM canary a JOIN canary b ON a.id = b.id AND (pg_notify('canary_channel', 'pwned')) IS NOT NULL
-- @entry side-effecting-functions rejected
-- notify in ORDER BY
SELECT id FROM canary ORDER BY pg_notify('canary_channel', 'pwned')
-- @entry side-effecting-functions rejected
-- notify in GROUP BY
SELECT count(*) FROM canary GROUP BY pg_notify('canary_channel', 'pwned')
-- @entry side-effecting-functions rejected
-- notify in cast
SELECT CAST(pg_notify('canary_channel', 'pwned') AS text)
-- @entry side-effecting-functions rejected
-- notify in :: cast
SELECT (pg_notify('canary_channel', 'pwned'))::text AS v FROM canary LIMIT 1
-- @entry side-effecting-functions rejected
-- notify in CTE body
WITH w AS MATERIALIZED (SELECT pg_notify('canary_channel', 'pwned') AS v) SELECT * FROM w
-- @entry side-effecting-functions rejected
-- notify in scalar subquery
SELECT (SELECT pg_notify('canary_channel', 'pwned')) AS v
-- @entry side-effecting-functions rejected
-- notify in EXISTS subquery
SELECT 1 WHERE EXISTS (SELECT 1 FROM canary WHERE (pg_notify('canary_channel', 'pwned')) IS NULL)
-- @entry side-effecting-functions rejected
-- notify in set operation
SELECT 'a' UNION ALL SELECT (pg_notify('canary_channel', 'pwned'))::text

-- ==== backend signalling, every position ----
-- @entry side-effecting-functions rejected
-- backend signalling in select list
SELECT pg_terminate_backend((SELECT max(pid) FROM pg_stat_activity WHERE application_name = 'canary_bystander')) AS v
-- @entry side-effecting-functions rejected
-- backend signalling in select list with FROM
SELECT id, pg_cancel_backend((SELECT max(pid) FROM pg_stat_activity WHERE application_name = 'canary_bystander')) AS v FROM canary
-- @entry side-effecting-functions rejected
-- backend signalling in FROM
SELECT * FROM pg_reload_conf() AS f
-- @entry side-effecting-functions rejected
-- backend signalling in LATERAL
SELECT c.id, l.v FROM canary c CROSS JOIN LATERAL (SELECT pg_terminate_backend((SELECT max(pid) FROM pg_stat_activity WHERE application_name = 'canary_bystander')) AS v) l
-- @entry side-effecting-functions rejected
-- backend signalling in WHERE
SELECT id FROM canary WHERE (pg_cancel_backend((SELECT max(pid) FROM pg_stat_activity WHERE application_name = 'canary_bystander'))) IS NOT NULL
-- @entry side-effecting-functions rejected
-- backend signalling in JOIN ON
SELECT a.id FROM canary a JOIN canary b ON a.id = b.id AND (pg_reload_conf()) IS NOT NULL
-- @entry side-effecting-functions rejected
-- backend signalling in ORDER BY
SELECT id FROM canary ORDER BY pg_terminate_backend((SELECT max(pid) FROM pg_stat_activity WHERE application_name = 'canary_bystander'))
-- @entry side-effecting-functions rejected
-- backend signalling in GROUP BY
SELECT count(*) FROM canary GROUP BY pg_cancel_backend((SELECT max(pid) FROM pg_stat_activity WHERE application_name = 'canary_bystander'))
-- @entry side-effecting-functions rejected
-- backend signalling in cast
SELECT CAST(pg_reload_conf() AS text)
-- @entry side-effecting-functions rejected
-- backend signalling in :: cast
SELECT (pg_terminate_backend((SELECT max(pid) FROM pg_stat_activity WHERE application_name = 'canary_bystander')))::text AS v FROM canary LIMIT 1
-- @entry side-effecting-functions rejected
-- backend signalling in CTE body
WITH w AS MATERIALIZED (SELECT pg_cancel_backend((SELECT max(pid) FROM pg_stat_activity WHERE application_name = 'canary_bystander')) AS v) SELECT * FROM w
-- @entry side-effecting-functions rejected
-- backend signalling in scalar subquery
SELECT (SELECT pg_reload_conf()) AS v
-- @entry side-effecting-functions rejected
-- backend signalling in EXISTS subquery
SELECT 1 WHERE EXISTS (SELECT 1 FROM canary WHERE (pg_terminate_backend((SELECT max(pid) FROM pg_stat_activity WHERE application_name = 'canary_bystander'))) IS NULL)
-- @entry side-effecting-functions rejected
-- backend signalling in set operation
SELECT 'a' UNION ALL SELECT (pg_cancel_backend((SELECT max(pid) FROM pg_stat_activity WHERE application_name = 'canary_bystander')))::text

-- ==== config, every position ----
-- @entry side-effecting-functions rejected
-- config in select list
SELECT set_config('work_mem', '1MB', false) AS v
-- @entry side-effecting-functions rejected
-- config in select list with FROM
SELECT id, set_config('search_path', 'pg_temp', false) AS v FROM canary
-- @entry side-effecting-functions rejected
-- config in FROM
SELECT * FROM set_config('work_mem', '1MB', false) AS f
-- @entry side-effecting-functions rejected
-- config in LATERAL
SELECT c.id, l.v FROM canary c CROSS JOIN LATERAL (SELECT set_config('search_path', 'pg_temp', false) AS v) l
-- @entry side-effecting-functions rejected
-- config in WHERE
SELECT id FROM canary WHERE (set_config('work_mem', '1MB', false)) IS NOT NULL
-- @entry side-effecting-functions rejected
-- config in JOIN ON
SELECT a.id FROM canary a JOIN canary b ON a.id = b.id AND (set_config('search_path', 'pg_temp', false)) IS NOT NULL
-- @entry side-effecting-functions rejected
-- config in ORDER BY
SELECT id FROM canary ORDER BY set_config('work_mem', '1MB', false)
-- @entry side-effecting-functions rejected
-- config in GROUP BY
SELECT count(*) FROM canary GROUP BY set_config('search_path', 'pg_temp', false)
-- @entry side-effecting-functions rejected
-- config in cast
SELECT CAST(set_config('work_mem', '1MB', false) AS text)
-- @entry side-effecting-functions rejected
-- config in :: cast
SELECT (set_config('search_path', 'pg_temp', false))::text AS v FROM canary LIMIT 1
-- @entry side-effecting-functions rejected
-- config in CTE body
WITH w AS MATERIALIZED (SELECT set_config('work_mem', '1MB', false) AS v) SELECT * FROM w
-- @entry side-effecting-functions rejected
-- config in scalar subquery
SELECT (SELECT set_config('search_path', 'pg_temp', false)) AS v
-- @entry side-effecting-functions rejected
-- config in EXISTS subquery
SELECT 1 WHERE EXISTS (SELECT 1 FROM canary WHERE (set_config('work_mem', '1MB', false)) IS NULL)
-- @entry side-effecting-functions rejected
-- config in set operation
SELECT 'a' UNION ALL SELECT (set_config('search_path', 'pg_temp', false))::text

-- ==== large object, every position ----
-- @entry side-effecting-functions rejected
-- large object in select list
SELECT lo_create(0) AS v
-- @entry side-effecting-functions rejected
-- large object in select list with FROM
SELECT id, lo_from_bytea(0, '\x41'::bytea) AS v FROM canary
-- @entry side-effecting-functions rejected
-- large object in FROM
SELECT * FROM lo_import('/etc/hostname') AS f
-- @entry side-effecting-functions rejected
-- large object in LATERAL
SELECT c.id, l.v FROM canary c CROSS JOIN LATERAL (SELECT lo_create(0) AS v) l
-- @entry side-effecting-functions rejected
-- large object in WHERE
SELECT id FROM canary WHERE (lo_from_bytea(0, '\x41'::bytea)) IS NOT NULL
-- @entry side-effecting-functions rejected
-- large object in JOIN ON
SELECT a.id FROM canary a JOIN canary b ON a.id = b.id AND (lo_import('/etc/hostname')) IS NOT NULL
-- @entry side-effecting-functions rejected
-- large object in ORDER BY
SELECT id FROM canary ORDER BY lo_create(0)
-- @entry side-effecting-functions rejected
-- large object in GROUP BY
SELECT count(*) FROM canary GROUP BY lo_from_bytea(0, '\x41'::bytea)
-- @entry side-effecting-functions rejected
-- large object in cast
SELECT CAST(lo_import('/etc/hostname') AS text)
-- @entry side-effecting-functions rejected
-- large object in :: cast
SELECT (lo_create(0))::text AS v FROM canary LIMIT 1
-- @entry side-effecting-functions rejected
-- large object in CTE body
WITH w AS MATERIALIZED (SELECT lo_from_bytea(0, '\x41'::bytea) AS v) SELECT * FROM w
-- @entry side-effecting-functions rejected
-- large object in scalar subquery
SELECT (SELECT lo_import('/etc/hostname')) AS v
-- @entry side-effecting-functions rejected
-- large object in EXISTS subquery
SELECT 1 WHERE EXISTS (SELECT 1 FROM canary WHERE (lo_create(0)) IS NULL)
-- @entry side-effecting-functions rejected
-- large object in set operation
SELECT 'a' UNION ALL SELECT (lo_from_bytea(0, '\x41'::bytea))::text

-- ==== server files, every position ----
-- @entry side-effecting-functions rejected
-- server files in select list
SELECT pg_read_file('/etc/passwd') AS v
-- @entry side-effecting-functions rejected
-- server files in select list with FROM
SELECT id, pg_ls_dir('.') AS v FROM canary
-- @entry side-effecting-functions rejected
-- server files in FROM
SELECT * FROM pg_stat_file('postgresql.conf') AS f
-- @entry side-effecting-functions rejected
-- server files in LATERAL
SELECT c.id, l.v FROM canary c CROSS JOIN LATERAL (SELECT pg_read_binary_file('/etc/hostname') AS v) l
-- @entry side-effecting-functions rejected
-- server files in WHERE
SELECT id FROM canary WHERE (pg_read_file('/etc/passwd')) IS NOT NULL
-- @entry side-effecting-functions rejected
-- server files in JOIN ON
SELECT a.id FROM canary a JOIN canary b ON a.id = b.id AND (pg_ls_dir('.')) IS NOT NULL
-- @entry side-effecting-functions rejected
-- server files in ORDER BY
SELECT id FROM canary ORDER BY pg_stat_file('postgresql.conf')
-- @entry side-effecting-functions rejected
-- server files in GROUP BY
SELECT count(*) FROM canary GROUP BY pg_read_binary_file('/etc/hostname')
-- @entry side-effecting-functions rejected
-- server files in cast
SELECT CAST(pg_read_file('/etc/passwd') AS text)
-- @entry side-effecting-functions rejected
-- server files in :: cast
SELECT (pg_ls_dir('.'))::text AS v FROM canary LIMIT 1
-- @entry side-effecting-functions rejected
-- server files in CTE body
WITH w AS MATERIALIZED (SELECT pg_stat_file('postgresql.conf') AS v) SELECT * FROM w
-- @entry side-effecting-functions rejected
-- server files in scalar subquery
SELECT (SELECT pg_read_binary_file('/etc/hostname')) AS v
-- @entry side-effecting-functions rejected
-- server files in EXISTS subquery
SELECT 1 WHERE EXISTS (SELECT 1 FROM canary WHERE (pg_read_file('/etc/passwd')) IS NULL)
-- @entry side-effecting-functions rejected
-- server files in set operation
SELECT 'a' UNION ALL SELECT (pg_ls_dir('.'))::text

-- ==== dblink, every position ----
-- @entry side-effecting-functions rejected
-- dblink in select list
SELECT dblink_exec('dbname=postgres', 'DROP TABLE canary') AS v
-- @entry side-effecting-functions rejected
-- dblink in select list with FROM
SELECT id, dblink_connect('c1', 'dbname=postgres') AS v FROM canary
-- @entry side-effecting-functions rejected
-- dblink in FROM
SELECT * FROM dblink_exec('dbname=postgres', 'DROP TABLE canary') AS f
-- @entry side-effecting-functions rejected
-- dblink in LATERAL
SELECT c.id, l.v FROM canary c CROSS JOIN LATERAL (SELECT dblink_connect('c1', 'dbname=postgres') AS v) l
-- @entry side-effecting-functions rejected
-- dblink in WHERE
SELECT id FROM canary WHERE (dblink_exec('dbname=postgres', 'DROP TABLE canary')) IS NOT NULL
-- @entry side-effecting-functions rejected
-- dblink in JOIN ON
SELECT a.id FROM canary a JOIN canary b ON a.id = b.id AND (dblink_connect('c1', 'dbname=postgres')) IS NOT NULL
-- @entry side-effecting-functions rejected
-- dblink in ORDER BY
SELECT id FROM canary ORDER BY dblink_exec('dbname=postgres', 'DROP TABLE canary')
-- @entry side-effecting-functions rejected
-- dblink in GROUP BY
SELECT count(*) FROM canary GROUP BY dblink_connect('c1', 'dbname=postgres')
-- @entry side-effecting-functions rejected
-- dblink in cast
SELECT CAST(dblink_exec('dbname=postgres', 'DROP TABLE canary') AS text)
-- @entry side-effecting-functions rejected
-- dblink in :: cast
SELECT (dblink_connect('c1', 'dbname=postgres'))::text AS v FROM canary LIMIT 1
-- @entry side-effecting-functions rejected
-- dblink in CTE body
WITH w AS MATERIALIZED (SELECT dblink_exec('dbname=postgres', 'DROP TABLE canary') AS v) SELECT * FROM w
-- @entry side-effecting-functions rejected
-- dblink in scalar subquery
SELECT (SELECT dblink_connect('c1', 'dbname=postgres')) AS v
-- @entry side-effecting-functions rejected
-- dblink in EXISTS subquery
SELECT 1 WHERE EXISTS (SELECT 1 FROM canary WHERE (dblink_exec('dbname=postgres', 'DROP TABLE canary')) IS NULL)
-- @entry side-effecting-functions rejected
-- dblink in set operation
SELECT 'a' UNION ALL SELECT (dblink_connect('c1', 'dbname=postgres'))::text

-- ==== xid assignment, every position ----
-- @entry side-effecting-functions rejected
-- xid assignment in select list
SELECT txid_current() AS v
-- @entry side-effecting-functions rejected
-- xid assignment in select list with FROM
SELECT id, pg_current_xact_id() AS v FROM canary
-- @entry side-effecting-functions rejected
-- xid assignment in FROM
SELECT * FROM txid_current() AS f
-- @entry side-effecting-functions rejected
-- xid assignment in LATERAL
SELECT c.id, l.v FROM canary c CROSS JOIN LATERAL (SELECT pg_current_xact_id() AS v) l
-- @entry side-effecting-functions rejected
-- xid assignment in WHERE
SELECT id FROM canary WHERE (txid_current()) IS NOT NULL
-- @entry side-effecting-functions rejected
-- xid assignment in JOIN ON
SELECT a.id FROM canary a JOIN canary b ON a.id = b.id AND (pg_current_xact_id()) IS NOT NULL
-- @entry side-effecting-functions rejected
-- xid assignment in ORDER BY
SELECT id FROM canary ORDER BY txid_current()
-- @entry side-effecting-functions rejected
-- xid assignment in GROUP BY
SELECT count(*) FROM canary GROUP BY pg_current_xact_id()
-- @entry side-effecting-functions rejected
-- xid assignment in cast
SELECT CAST(txid_current() AS text)
-- @entry side-effecting-functions rejected
-- xid assignment in :: cast
SELECT (pg_current_xact_id())::text AS v FROM canary LIMIT 1
-- @entry side-effecting-functions rejected
-- xid assignment in CTE body
WITH w AS MATERIALIZED (SELECT txid_current() AS v) SELECT * FROM w
-- @entry side-effecting-functions rejected
-- xid assignment in scalar subquery
SELECT (SELECT pg_current_xact_id()) AS v
-- @entry side-effecting-functions rejected
-- xid assignment in EXISTS subquery
SELECT 1 WHERE EXISTS (SELECT 1 FROM canary WHERE (txid_current()) IS NULL)
-- @entry side-effecting-functions rejected
-- xid assignment in set operation
SELECT 'a' UNION ALL SELECT (pg_current_xact_id())::text

-- ==== user volatile function, every position ----
-- @entry side-effecting-functions rejected @needs-volatility
-- user volatile function in select list
SELECT canary_write() AS v
-- @entry side-effecting-functions rejected @needs-volatility
-- user volatile function in select list with FROM
SELECT id, canary_write() AS v FROM canary
-- @entry side-effecting-functions rejected @needs-volatility
-- user volatile function in FROM
SELECT * FROM canary_write() AS f
-- @entry side-effecting-functions rejected @needs-volatility
-- user volatile function in LATERAL
SELECT c.id, l.v FROM canary c CROSS JOIN LATERAL (SELECT canary_write() AS v) l
-- @entry side-effecting-functions rejected @needs-volatility
-- user volatile function in WHERE
SELECT id FROM canary WHERE (canary_write()) IS NOT NULL
-- @entry side-effecting-functions rejected @needs-volatility
-- user volatile function in JOIN ON
SELECT a.id FROM canary a JOIN canary b ON a.id = b.id AND (canary_write()) IS NOT NULL
-- @entry side-effecting-functions rejected @needs-volatility
-- user volatile function in ORDER BY
SELECT id FROM canary ORDER BY canary_write()
-- @entry side-effecting-functions rejected @needs-volatility
-- user volatile function in GROUP BY
SELECT count(*) FROM canary GROUP BY canary_write()
-- @entry side-effecting-functions rejected @needs-volatility
-- user volatile function in cast
SELECT CAST(canary_write() AS text)
-- @entry side-effecting-functions rejected @needs-volatility
-- user volatile function in :: cast
SELECT (canary_write())::text AS v FROM canary LIMIT 1
-- @entry side-effecting-functions rejected @needs-volatility
-- user volatile function in CTE body
WITH w AS MATERIALIZED (SELECT canary_write() AS v) SELECT * FROM w
-- @entry side-effecting-functions rejected @needs-volatility
-- user volatile function in scalar subquery
SELECT (SELECT canary_write()) AS v
-- @entry side-effecting-functions rejected @needs-volatility
-- user volatile function in EXISTS subquery
SELECT 1 WHERE EXISTS (SELECT 1 FROM canary WHERE (canary_write()) IS NULL)
-- @entry side-effecting-functions rejected @needs-volatility
-- user volatile function in set operation
SELECT 'a' UNION ALL SELECT (canary_write())::text


-- ==== user volatile functions whose body hides an effect ----
-- @entry side-effecting-functions rejected @needs-volatility
-- sleeps (pg_sleep in the body)
SELECT canary_sleepy()
-- @entry side-effecting-functions rejected @needs-volatility
-- takes a session advisory lock in the body
SELECT canary_locker()
-- @entry side-effecting-functions rejected @needs-volatility
-- moves a sequence in the body
SELECT canary_bump()
-- @entry side-effecting-functions rejected @needs-volatility
-- writes through dynamic SQL
SELECT canary_dynamic()
-- @entry side-effecting-functions rejected @needs-volatility
-- runs with its owner's privileges
SELECT canary_definer()
-- @entry side-effecting-functions rejected @needs-volatility
-- calls a writing function
SELECT * FROM canary_indirect()
-- @entry side-effecting-functions rejected @needs-volatility
-- calls a writing function by attribute notation inside its body
SELECT canary_hidden_touch()
-- @entry side-effecting-functions harmless
-- only reads: VOLATILE by default, runs
SELECT canary_count()

-- ==== more side-effecting functions and positions ----
-- @entry side-effecting-functions rejected
SELECT id FROM canary GROUP BY id HAVING count(nextval('canary_seq')) > 0
-- @entry side-effecting-functions rejected
SELECT id, row_number() OVER (PARTITION BY pg_notify('canary_channel', 'w')) FROM canary
-- @entry side-effecting-functions rejected
VALUES (1), (nextval('canary_seq'))
-- @entry side-effecting-functions rejected
SELECT coalesce(NULL, lower(pg_read_file('/etc/passwd')))
-- @entry side-effecting-functions rejected
SELECT CASE WHEN id = 1 THEN set_config('work_mem', '1MB', false) END FROM canary
-- @entry side-effecting-functions rejected
SELECT count(*) FILTER (WHERE pg_try_advisory_lock(id)) FROM canary
-- @entry side-effecting-functions rejected
SELECT string_agg(payload, ',' ORDER BY nextval('canary_seq')) FROM canary
-- @entry side-effecting-functions rejected
SELECT * FROM ROWS FROM (pg_ls_dir('.'), generate_series(1, 3)) AS r(a, b)
-- @entry side-effecting-functions rejected
SELECT DISTINCT ON (pg_advisory_lock(id)) id FROM canary
-- @entry side-effecting-functions rejected
SELECT id FROM canary LIMIT (SELECT 1 WHERE pg_notify('canary_channel', 'l') IS NULL)
-- @entry side-effecting-functions rejected
SELECT ARRAY[lo_import('/etc/hostname')]
-- @entry side-effecting-functions rejected
SELECT dblink('dbname=postgres', 'SELECT 1')
-- @entry side-effecting-functions rejected
SELECT lo_export(lo_from_bytea(0, 'x'), '/tmp/pgmcp_lo')
-- @entry side-effecting-functions rejected
SELECT lo_unlink(oid) FROM pg_largeobject_metadata
-- @entry side-effecting-functions rejected
SELECT lo_put(lo_create(0), 0, 'x')
-- @entry side-effecting-functions rejected
SELECT query_to_xml('DELETE FROM canary RETURNING id', true, false, '')
-- @entry side-effecting-functions rejected
SELECT pg_advisory_xact_lock_shared(1), pg_try_advisory_xact_lock(2)
-- @entry side-effecting-functions rejected
SELECT pg_switch_wal()
-- @entry side-effecting-functions rejected
SELECT pg_create_restore_point('pwned')
-- @entry side-effecting-functions rejected
SELECT pg_logical_emit_message(true, 'p', 'pwned')
-- @entry side-effecting-functions rejected
SELECT pg_sleep_for('1 second') IS NULL
-- @entry side-effecting-functions rejected @needs-volatility
SELECT lo_creat(-1)
-- @entry side-effecting-functions rejected @needs-volatility
SELECT pg_log_backend_memory_contexts(pid) FROM pg_stat_activity WHERE application_name = 'canary_bystander'
-- @entry side-effecting-functions rejected @needs-volatility
SELECT * FROM canary_rows()
-- @entry side-effecting-functions rejected @needs-volatility
-- attribute notation: c.canary_touch is canary_touch(c), a call without parentheses
SELECT c.canary_touch FROM canary c
-- @entry side-effecting-functions rejected @needs-volatility
SELECT (c).canary_touch FROM canary c
-- @entry side-effecting-functions rejected @needs-volatility
SELECT canary_touch(c) FROM canary c WHERE c.id = 1
-- @entry side-effecting-functions rejected @needs-volatility
SELECT pg_stat_reset()
-- @entry side-effecting-functions rejected @needs-volatility
SELECT pg_advisory_unlock_all()

-- ==== obfuscation ====
-- @entry obfuscation rejected
/* leading block comment */ DELETE FROM canary
-- @entry obfuscation rejected
-- leading line comment
DELETE FROM canary
-- @entry obfuscation rejected
/* outer /* nested */ still a comment: SELECT 1 */ DELETE FROM canary
-- @entry obfuscation rejected
/* /* /* deeply */ nested */ comment */ DROP TABLE canary
-- @entry obfuscation rejected
SELECT 1 /* /* nested */ ; */ ; DROP TABLE canary
-- @entry obfuscation rejected
SELECT 1 /* unbalanced /* nested comment hides the rest */ ; DROP TABLE canary
-- @entry obfuscation rejected
SELECT '/*' ; DROP TABLE canary --*/'
-- @entry obfuscation rejected
SELECT '--' ; DROP TABLE canary
-- @entry obfuscation rejected
SELECT $$;$$; DROP TABLE canary
-- @entry obfuscation rejected
SELECT $a$ $b$ ; $a$; DROP TABLE canary
-- @entry obfuscation rejected
SELECT $q$ ' $q$ ; DELETE FROM canary; -- '
-- @entry obfuscation rejected
SELECT E'\';'; DROP TABLE canary
-- @entry obfuscation rejected
SELECT E'\\'; DROP TABLE canary; --'
-- @entry obfuscation rejected
SELECT 'a\'; DROP TABLE canary; --'
-- @entry obfuscation rejected
SELECT e'it\'s'; DELETE FROM canary
-- @entry obfuscation rejected
SELECT U&'\0027; DROP TABLE canary'; DROP TABLE canary
-- @entry obfuscation rejected
SELECT U&"\006Eextval"('canary_seq')
-- @entry obfuscation rejected
SELECT * FROM U&"canary" FOR UPDATE
-- @entry obfuscation rejected
SELECT U&'!0027' UESCAPE '!'; DELETE FROM canary
-- @entry obfuscation rejected
SELECT U&"pg_read_file"('/etc/passwd')
-- @entry obfuscation rejected
SELECT U&"pg\005Fread\005Ffile"('postgresql.conf')
-- @entry obfuscation rejected
SELECT U&"pg_catalog".U&"pg!005Fsleep" UESCAPE '!' (10)
-- @entry obfuscation rejected
SELECT U&"\+00006Eextval"('canary_seq')
-- @entry obfuscation rejected
SELECT id FROM U&"c\0061nary" WHERE id = 1 FOR UPDATE
-- @entry obfuscation rejected
SELECT U&"id" FROM canary;; DELETE FROM canary
-- @entry obfuscation rejected
SELECT 1;; DROP TABLE canary
-- @entry obfuscation rejected
SELECT ';' AS semi; DROP TABLE canary
-- @entry obfuscation rejected
SELECT 1 OPERATOR(pg_catalog.+) 1; DROP TABLE canary
-- @entry obfuscation rejected
SELECT 2 OPERATOR(pg_catalog./*) 3; */ +) 3; DELETE FROM canary
-- @entry obfuscation rejected
SELECT OPERATOR(pg_catalog.+) nextval('canary_seq')
-- @entry obfuscation rejected
SELECT 1 OPERATOR(pg_catalog.+) pg_sleep(10)::int
-- @entry obfuscation rejected
SELECT * FROM canary WHERE id OPERATOR(pg_catalog.=) 1 FOR UPDATE
-- @entry obfuscation rejected
WITH d AS (DELETE FROM canary RETURNING id) SELECT id OPERATOR(pg_catalog.+) 1 FROM d
-- @entry obfuscation rejected
SELECT id OPERATOR(pg_catalog.+) 1 INTO pwned FROM canary
-- @entry obfuscation rejected
SELECT 'it''s;' ; DROP TABLE canary
-- @entry obfuscation rejected
SELECT "a"";b" FROM (SELECT 1 AS "a"";b") s; DROP TABLE canary
-- @entry obfuscation rejected
DrOp TaBlE canary
-- @entry obfuscation rejected
dElEtE fRoM canary
-- @entry obfuscation rejected
SeLeCt NeXtVaL('canary_seq')
-- @entry obfuscation rejected
SELECT PG_CATALOG.NEXTVAL('canary_seq')
-- @entry obfuscation rejected
SELECT "nextval"('canary_seq')
-- @entry obfuscation rejected
SELECT "pg_catalog"."nextval"('canary_seq')
-- @entry obfuscation rejected
SELECT pg_catalog . nextval ('canary_seq')
-- @entry obfuscation rejected
SELECT nextval/**/('canary_seq')
-- @entry obfuscation rejected
SELECT nextval -- line comment between name and parenthesis
('canary_seq')
-- @entry obfuscation rejected
SELECT pg_catalog./* c */nextval('canary_seq')
-- @entry obfuscation rejected
SELECT
	nextval
(
'canary_seq'
)
-- @entry obfuscation rejected
SELECT * FROM canary FOR/**/UPDATE
-- @entry obfuscation rejected
SELECT * FROM canary FoR uPdAtE
-- @entry obfuscation rejected
SELECT * FROM canary FOR
NO	KEY   UPDATE
-- @entry obfuscation rejected
SELECT * FROM canary FOR -- comment
SHARE
-- @entry obfuscation rejected
SELECT * /* */ INTO /* */ pwned FROM canary
-- @entry obfuscation rejected
EXPLAIN (ANALYZE /* yes */ true) DELETE FROM canary
-- @entry obfuscation rejected
EXPLAIN/**/ANALYZE/**/DELETE FROM canary
-- @entry obfuscation rejected
WITH d AS (/* c */ DELETE FROM canary RETURNING id) SELECT * FROM d
-- @entry obfuscation rejected
WITH d AS (
DELETE
FROM canary RETURNING id) SELECT * FROM d
-- @entry obfuscation rejected
(DELETE FROM canary RETURNING id)
-- @entry obfuscation rejected
((SELECT 1)); DROP TABLE canary
-- @entry obfuscation rejected
DEL/**/ETE FROM canary
-- @entry obfuscation rejected
SELECT 1 WHERE 1 = 1 /* */ ; /* */ TRUNCATE canary
-- @entry obfuscation rejected @escapes
SELECT 1 --\u000d; DROP TABLE canary
-- @entry obfuscation rejected @escapes
SELECT 1;\u000bDROP TABLE canary
-- @entry obfuscation rejected @escapes
SELECT 1;\u000cDROP TABLE canary
-- @entry obfuscation rejected @escapes
\ufeffDELETE FROM canary
-- @entry obfuscation rejected @escapes
SELECT 1\uff1b DROP TABLE canary
-- @entry obfuscation rejected @escapes
SELECT\u00a0nextval('canary_seq')
-- @entry obfuscation rejected @escapes @needs-volatility
SELECT nextval\u200b('canary_seq')
-- @entry obfuscation rejected @escapes
SELECT 1;\u2028DROP TABLE canary
-- @entry obfuscation rejected @escapes
\u0000SELECT 1; DROP TABLE canary
-- @entry obfuscation rejected @escapes
SELECT 1 /* \u202e */ ; DELETE FROM canary
-- @entry obfuscation rejected
SELECT 'ßtraße'; DELETE FROM canary
-- @entry obfuscation rejected
SELECT 'café' AS "naïve;"; DROP TABLE canary
-- @entry obfuscation rejected
SELECT nextval('canary_seq'::text::regclass)
-- @entry obfuscation rejected
SELECT (pg_catalog.nextval)('canary_seq')
-- @entry obfuscation rejected
TABLE canary FOR UPDATE
-- @entry obfuscation rejected
VALUES (1) FOR UPDATE

-- ==== resource exhaustion ====
-- @entry resource-exhaustion rejected
SELECT pg_sleep(30)
-- @entry resource-exhaustion rejected
SELECT pg_sleep_for('1 hour')
-- @entry resource-exhaustion rejected
SELECT pg_sleep_until(now() + interval '1 hour')
-- @entry resource-exhaustion rejected
SELECT id FROM canary WHERE pg_sleep(1) IS NULL
-- @entry resource-exhaustion rejected
SELECT PG_CATALOG.PG_SLEEP(30)
-- @entry resource-exhaustion rejected
SELECT * FROM canary_big a CROSS JOIN LATERAL (SELECT pg_sleep(0.1)) s
-- @entry resource-exhaustion limited
SELECT count(*) FROM generate_series(1, 10000000000) g
-- @entry resource-exhaustion limited
SELECT * FROM generate_series(1, 10000000000) g
-- @entry resource-exhaustion limited
SELECT g, md5(g::text) FROM generate_series(1, 100000000) g ORDER BY 2
-- @entry resource-exhaustion limited
SELECT array_agg(g) FROM generate_series(1, 10000000000) g
-- @entry resource-exhaustion limited
SELECT string_agg(g::text, ',') FROM generate_series(1, 1000000000) g
-- @entry resource-exhaustion limited
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r
-- @entry resource-exhaustion limited
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r
-- @entry resource-exhaustion limited
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n FROM r) SELECT max(n) FROM r
-- @entry resource-exhaustion limited
WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT n + 1 FROM r) SELECT count(*) FROM r
-- @entry resource-exhaustion limited
WITH RECURSIVE r(a, b) AS (SELECT 1, 1 UNION ALL SELECT r.a + 1, c.id FROM r CROSS JOIN canary c) SELECT count(*) FROM r
-- @entry resource-exhaustion limited
SELECT count(*) FROM canary_big a, canary_big b, canary_big c
-- @entry resource-exhaustion limited
SELECT * FROM canary_big a CROSS JOIN canary_big b CROSS JOIN canary_big c ORDER BY random()
-- @entry resource-exhaustion limited
SELECT count(*) FROM pg_class a, pg_class b, pg_class c, pg_class d
-- @entry resource-exhaustion limited
SELECT count(*) FROM generate_series(1, 1000000) a JOIN generate_series(1, 1000000) b ON a % 7 = b % 7
-- @entry resource-exhaustion limited
SELECT a.n, b.n FROM canary_big a, canary_big b
-- @entry resource-exhaustion limited
SELECT repeat('x', 10000000)
-- @entry resource-exhaustion limited
SELECT repeat(md5(n::text), 10000) FROM canary_big
-- @entry resource-exhaustion limited
SELECT length(string_agg(repeat('x', 100000), '')) FROM generate_series(1, 100000)
-- @entry resource-exhaustion limited
SELECT sum(length(repeat(md5(g::text), 1000))) FROM generate_series(1, 100000000) g
-- @entry resource-exhaustion limited
SELECT to_jsonb(array_agg(a.n)) FROM canary_big a, canary_big b
-- @entry resource-exhaustion limited
SELECT count(*) FROM (SELECT DISTINCT md5(g::text) FROM generate_series(1, 100000000) g) s

-- ==== literals read differently when standard_conforming_strings is off ====
-- @entry obfuscation harmless
SELECT 'x\' AS a, ' , canary_write() , ' AS b --'
-- @entry obfuscation harmless
SELECT 'x\' AS a, ' , (SELECT count(*) FROM pg_authid) , ' AS b --'
-- @entry obfuscation harmless
SELECT 'x\' AS a, ' , pg_sleep(5) , ' AS b --'
-- @entry obfuscation harmless
SELECT 'x\' AS a, ' ; DELETE FROM canary; SELECT ' AS b --'

-- ==== denied relations ====
-- @entry denied-relation rejected
SELECT * FROM canary_secret
-- @entry denied-relation rejected
TABLE canary_secret
-- @entry denied-relation rejected
SELECT * FROM "public"."canary_secret"
-- @entry denied-relation rejected
SELECT * FROM PUBLIC.CANARY_SECRET
-- @entry denied-relation rejected
SELECT * FROM canary_secret TABLESAMPLE SYSTEM (100)
-- @entry denied-relation rejected
SELECT * FROM canary_secret TABLESAMPLE BERNOULLI (100) REPEATABLE (1)
-- @entry denied-relation rejected
SELECT row_to_json(s) FROM canary_secret s
-- @entry denied-relation rejected
SELECT (SELECT string_agg(code, ',') FROM canary_secret)
-- @entry denied-relation rejected
SELECT 1 WHERE EXISTS (SELECT 1 FROM canary_secret WHERE code LIKE 'canary-secret-1%')
-- @entry denied-relation rejected
WITH c AS (SELECT * FROM canary_secret) SELECT * FROM c
-- @entry denied-relation rejected
SELECT * FROM canary c, LATERAL (SELECT code FROM canary_secret s WHERE s.id = c.id) x
-- @entry denied-relation rejected
SELECT payload FROM canary UNION ALL SELECT code FROM canary_secret
-- @entry denied-relation rejected
EXPLAIN SELECT * FROM canary_secret
-- @entry denied-relation rejected
SELECT * FROM canary_secret_view
-- @entry denied-relation rejected
SELECT * FROM canary_secret_view_of_view
-- @entry denied-relation rejected
SELECT * FROM canary_secret_mat
-- @entry denied-relation rejected
SELECT * FROM canary_base
-- @entry denied-relation rejected
SELECT * FROM ONLY canary_base
-- @entry denied-relation rejected
SELECT * FROM canary_secret_child
-- @entry denied-relation rejected
SELECT * FROM canary_child_of_secret
-- @entry denied-relation rejected
SELECT * FROM canary_measure
-- @entry denied-relation rejected
SELECT * FROM canary_measure WHERE at = 1
-- @entry denied-relation rejected
SELECT * FROM canary_secret_part
-- @entry denied-relation rejected
SELECT most_common_vals::text, histogram_bounds::text FROM pg_stats WHERE tablename = 'canary_secret'
-- @entry denied-relation rejected
SELECT * FROM pg_catalog.pg_stats WHERE schemaname = 'canary_vault'
-- @entry denied-relation rejected
SELECT most_common_vals::text FROM pg_stats_ext WHERE tablename = 'canary_secret'
-- @entry denied-relation rejected
SELECT * FROM pg_stats_ext_exprs
-- @entry denied-relation rejected
SELECT stxdmcv::text FROM pg_statistic_ext_data
-- @entry denied-relation rejected
SELECT * FROM canary_secret_rows()
-- @entry denied-relation rejected
SELECT canary_secret_rows()
-- @entry denied-relation rejected
SELECT * FROM canary_secret_codes()
-- @entry denied-relation rejected
SELECT canary_secret_count()
-- @entry denied-relation rejected
SELECT * FROM canary_vault.gold
-- @entry denied-relation rejected
SELECT * FROM "canary_vault"."gold"
-- @entry denied-relation rejected
SELECT * FROM canary_vault_view
