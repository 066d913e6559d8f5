-- pgmcp benign SQL corpus: real analytical queries that execute_query must accept and run.
--
-- FORMAT: the same as hostile.sql (see its header; read by dev.pgmcp.testing.SqlCorpus):
--   -- @entry <category> accepted [@known-false-rejection <why>] [@escapes]
-- followed by the statement (any number of lines) up to the next "-- @entry" line.
-- Every entry here must be accepted by the validator AND run without error on the data:
-- Northwind (schema public) plus the "lab" schema of benign-schema.sql (jsonb, arrays, ranges,
-- an enum, odd identifiers, IMMUTABLE/STABLE SQL functions, a view).
-- An entry tagged @known-false-rejection is a valid query the validator still refuses; the
-- rest of that line says why. BenignCorpusTest counts and prints those, and fails on any other.
--
-- Categories: joins, window-functions, filter, grouping-sets, distinct-on, lateral,
--   recursive-cte, json, arrays, ranges, regex, casts, generate-series, tricky-literals,
--   comments, explain, analytics (plain aggregates, subqueries, set operations, CTEs, dates)

-- ==== joins of every kind ====
-- @entry joins accepted
SELECT o.order_id, c.company_name, o.order_date
FROM orders o
JOIN customers c ON c.customer_id = o.customer_id
ORDER BY o.order_date DESC
LIMIT 20
-- @entry joins accepted
SELECT c.customer_id, count(o.order_id) AS orders
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.customer_id
GROUP BY c.customer_id
HAVING count(o.order_id) = 0
-- @entry joins accepted
SELECT e.first_name, e.last_name, t.territory_description
FROM employees e
RIGHT OUTER JOIN employee_territories et ON et.employee_id = e.employee_id
RIGHT JOIN territories t ON t.territory_id = et.territory_id
ORDER BY t.territory_description
-- @entry joins accepted
SELECT coalesce(c.country, s.country) AS country, count(DISTINCT c.customer_id) AS customers,
       count(DISTINCT s.supplier_id) AS suppliers
FROM customers c
FULL OUTER JOIN suppliers s ON s.country = c.country
GROUP BY 1
ORDER BY 1
-- @entry joins accepted
SELECT s.company_name AS shipper, r.region_description
FROM shippers s
CROSS JOIN region r
ORDER BY 1, 2
-- @entry joins accepted
SELECT p.product_name, c.category_name
FROM products p
NATURAL JOIN categories c
WHERE p.discontinued = 0
-- @entry joins accepted
SELECT order_id, product_id, quantity, customer_id
FROM order_details
JOIN orders USING (order_id)
WHERE quantity > 100
-- @entry joins accepted
SELECT e.first_name || ' ' || e.last_name AS employee,
       m.first_name || ' ' || m.last_name AS manager
FROM employees e
LEFT JOIN employees m ON m.employee_id = e.reports_to
-- @entry joins accepted
SELECT c.company_name
FROM customers c
WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND o.ship_country <> c.country)
-- @entry joins accepted
SELECT p.product_name
FROM products p
WHERE NOT EXISTS (SELECT 1 FROM order_details d WHERE d.product_id = p.product_id AND d.discount > 0)
-- @entry joins accepted
SELECT c.category_name, s.company_name, count(*) AS products
FROM products p
INNER JOIN categories c ON c.category_id = p.category_id
INNER JOIN suppliers s ON s.supplier_id = p.supplier_id
GROUP BY c.category_name, s.company_name
ORDER BY products DESC, 1, 2
-- @entry joins accepted
SELECT o.order_id, sh.company_name, o.freight
FROM orders o
JOIN shippers sh ON sh.shipper_id = o.ship_via AND o.freight > 500
-- @entry joins accepted
SELECT a.customer_id, b.customer_id
FROM customers a
JOIN customers b ON a.city = b.city AND a.customer_id < b.customer_id
-- @entry joins accepted
SELECT t.region_id, count(*)
FROM territories t
LEFT JOIN region r USING (region_id)
GROUP BY t.region_id
-- @entry joins accepted
SELECT c.company_name, ev.kind, ev.created_at
FROM lab.events ev
JOIN customers c ON c.customer_id = ev.customer_id
WHERE ev.kind = 'purchase'
ORDER BY ev.created_at
LIMIT 10
-- @entry joins accepted
SELECT p.product_name, pb.band
FROM products p
JOIN lab.price_bands pb ON pb.prices @> p.unit_price::numeric
ORDER BY p.unit_price DESC
-- @entry joins accepted
SELECT o.order_id
FROM orders o
WHERE o.customer_id IN (SELECT customer_id FROM customers WHERE country = 'Germany')
  AND o.employee_id = ANY (SELECT employee_id FROM employees WHERE city = 'London')
-- @entry joins accepted
SELECT c.customer_id
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.customer_id
LEFT JOIN order_details d ON d.order_id = o.order_id
LEFT JOIN products p ON p.product_id = d.product_id
LEFT JOIN categories cat ON cat.category_id = p.category_id
WHERE cat.category_name = 'Seafood'
GROUP BY c.customer_id
-- @entry joins accepted
SELECT *
FROM (SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id) a
JOIN (SELECT customer_id, max(order_date) AS last_order FROM orders GROUP BY customer_id) b USING (customer_id)
ORDER BY n DESC

-- ==== window functions ====
-- @entry window-functions accepted
SELECT order_id, customer_id, freight,
       row_number() OVER (PARTITION BY customer_id ORDER BY freight DESC) AS rn
FROM orders
-- @entry window-functions accepted
SELECT product_name, unit_price,
       rank() OVER (ORDER BY unit_price DESC) AS price_rank,
       dense_rank() OVER (ORDER BY unit_price DESC) AS dense,
       percent_rank() OVER (ORDER BY unit_price) AS pct
FROM products
-- @entry window-functions accepted
SELECT order_date, count(*) AS orders,
       sum(count(*)) OVER (ORDER BY order_date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS rolling_7
FROM orders
GROUP BY order_date
ORDER BY order_date
-- @entry window-functions accepted
SELECT customer_id, order_date,
       lag(order_date) OVER w AS previous_order,
       order_date - lag(order_date) OVER w AS days_between,
       lead(order_date, 1) OVER w AS next_order
FROM orders
WINDOW w AS (PARTITION BY customer_id ORDER BY order_date)
-- @entry window-functions accepted
SELECT category_id, product_name, unit_price,
       first_value(product_name) OVER (PARTITION BY category_id ORDER BY unit_price DESC) AS priciest,
       last_value(product_name) OVER (PARTITION BY category_id ORDER BY unit_price DESC
                                      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS cheapest,
       nth_value(product_name, 2) OVER (PARTITION BY category_id ORDER BY unit_price DESC) AS second
FROM products
-- @entry window-functions accepted
SELECT employee_id, ntile(4) OVER (ORDER BY hire_date) AS quartile, cume_dist() OVER (ORDER BY hire_date)
FROM employees
-- @entry window-functions accepted
SELECT order_id, freight,
       avg(freight) OVER (ORDER BY order_date RANGE BETWEEN INTERVAL '7 days' PRECEDING AND CURRENT ROW) AS avg_week
FROM orders
-- @entry window-functions accepted
SELECT order_id, freight,
       sum(freight) OVER (ORDER BY order_id GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) AS neighbours
FROM orders
-- @entry window-functions accepted
SELECT *
FROM (SELECT customer_id, order_id, freight,
             row_number() OVER (PARTITION BY customer_id ORDER BY freight DESC) AS rn
      FROM orders) ranked
WHERE rn <= 3
-- @entry window-functions accepted
SELECT date_trunc('month', order_date) AS month,
       sum(freight) AS freight,
       sum(freight) / sum(sum(freight)) OVER () AS share
FROM orders
GROUP BY 1
ORDER BY 1
-- @entry window-functions accepted
SELECT customer_id, count(*) FILTER (WHERE freight > 50) OVER (PARTITION BY customer_id) AS heavy
FROM orders
-- @entry window-functions accepted
SELECT id, amount, sum(amount) OVER (PARTITION BY kind ORDER BY created_at) AS running
FROM lab.events

-- ==== FILTER ====
-- @entry filter accepted
SELECT count(*) AS all_orders,
       count(*) FILTER (WHERE shipped_date IS NULL) AS unshipped,
       count(*) FILTER (WHERE shipped_date > required_date) AS late
FROM orders
-- @entry filter accepted
SELECT ship_country,
       sum(freight) FILTER (WHERE ship_via = 1) AS speedy,
       sum(freight) FILTER (WHERE ship_via = 2) AS united,
       sum(freight) FILTER (WHERE ship_via = 3) AS federal
FROM orders
GROUP BY ship_country
-- @entry filter accepted
SELECT category_id,
       avg(unit_price) FILTER (WHERE discontinued = 1) AS discontinued_avg,
       array_agg(product_name ORDER BY product_name) FILTER (WHERE units_in_stock = 0) AS out_of_stock
FROM products
GROUP BY category_id
-- @entry filter accepted
SELECT kind, count(*) FILTER (WHERE payload ? 'coupon') AS with_coupon
FROM lab.events
GROUP BY kind
-- @entry filter accepted
SELECT extract(year FROM order_date) AS year,
       count(DISTINCT customer_id) FILTER (WHERE freight > 100) AS big_spenders
FROM orders
GROUP BY 1

-- ==== GROUPING SETS, ROLLUP, CUBE ====
-- @entry grouping-sets accepted
SELECT ship_country, ship_city, count(*)
FROM orders
GROUP BY GROUPING SETS ((ship_country, ship_city), (ship_country), ())
-- @entry grouping-sets accepted
SELECT c.category_name, p.discontinued, sum(p.units_in_stock)
FROM products p JOIN categories c USING (category_id)
GROUP BY ROLLUP (c.category_name, p.discontinued)
ORDER BY 1, 2
-- @entry grouping-sets accepted
SELECT ship_via, extract(year FROM order_date) AS year, count(*), grouping(ship_via, extract(year FROM order_date)) AS g
FROM orders
GROUP BY CUBE (ship_via, extract(year FROM order_date))
-- @entry grouping-sets accepted
SELECT employee_id, customer_id, count(*)
FROM orders
GROUP BY employee_id, ROLLUP (customer_id)
-- @entry grouping-sets accepted
SELECT kind, mood, count(*)
FROM lab.events
GROUP BY GROUPING SETS (kind, mood)
-- @entry grouping-sets accepted
SELECT CASE WHEN grouping(country) = 1 THEN 'ALL' ELSE country END AS country, count(*)
FROM customers
GROUP BY ROLLUP (country)

-- ==== DISTINCT ON ====
-- @entry distinct-on accepted
SELECT DISTINCT ON (customer_id) customer_id, order_id, order_date
FROM orders
ORDER BY customer_id, order_date DESC
-- @entry distinct-on accepted
SELECT DISTINCT ON (category_id) category_id, product_name, unit_price
FROM products
ORDER BY category_id, unit_price DESC
-- @entry distinct-on accepted
SELECT DISTINCT ON (o.ship_country, o.ship_via) o.ship_country, o.ship_via, o.freight
FROM orders o
ORDER BY o.ship_country, o.ship_via, o.freight DESC
-- @entry distinct-on accepted
SELECT DISTINCT ON (customer_id) customer_id, kind, created_at
FROM lab.events
ORDER BY customer_id, created_at
-- @entry distinct-on accepted
SELECT DISTINCT country FROM customers ORDER BY country

-- ==== LATERAL ====
-- @entry lateral accepted
SELECT c.customer_id, recent.order_id, recent.order_date
FROM customers c
CROSS JOIN LATERAL (
    SELECT o.order_id, o.order_date
    FROM orders o
    WHERE o.customer_id = c.customer_id
    ORDER BY o.order_date DESC
    LIMIT 3
) recent
-- @entry lateral accepted
SELECT c.category_name, top.product_name
FROM categories c
LEFT JOIN LATERAL (
    SELECT product_name FROM products p WHERE p.category_id = c.category_id ORDER BY unit_price DESC LIMIT 1
) top ON true
-- @entry lateral accepted
SELECT e.id, t.tag
FROM lab.events e, LATERAL unnest(e.tags) AS t(tag)
WHERE e.id < 20
-- @entry lateral accepted
SELECT e.id, item.value
FROM lab.events e
CROSS JOIN LATERAL jsonb_array_elements(e.payload -> 'items') AS item
WHERE e.id <= 10
-- @entry lateral accepted
SELECT c.customer_id, o.order_id
FROM customers c, LATERAL lab.orders_of(c.customer_id) o
WHERE c.country = 'Mexico'
-- @entry lateral accepted
SELECT p.product_name, stats.total_qty
FROM products p,
     LATERAL (SELECT sum(quantity) AS total_qty FROM order_details d WHERE d.product_id = p.product_id) stats
ORDER BY stats.total_qty DESC NULLS LAST
-- @entry lateral accepted
SELECT g.n, sq.sq
FROM generate_series(1, 5) AS g(n)
CROSS JOIN LATERAL (SELECT g.n * g.n AS sq) sq

-- ==== recursive read-only CTEs ====
-- @entry recursive-cte accepted
WITH RECURSIVE chain AS (
    SELECT employee_id, reports_to, first_name, 1 AS depth
    FROM employees
    WHERE reports_to IS NULL
  UNION ALL
    SELECT e.employee_id, e.reports_to, e.first_name, c.depth + 1
    FROM employees e
    JOIN chain c ON e.reports_to = c.employee_id
)
SELECT * FROM chain ORDER BY depth, employee_id
-- @entry recursive-cte accepted
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
SELECT sum(i) FROM n
-- @entry recursive-cte accepted
WITH RECURSIVE fib(a, b, k) AS (
    SELECT 0::numeric, 1::numeric, 1
  UNION ALL
    SELECT b, a + b, k + 1 FROM fib WHERE k < 50
)
SELECT k, a FROM fib
-- @entry recursive-cte accepted
WITH RECURSIVE path(employee_id, trail) AS (
    SELECT employee_id, ARRAY[employee_id] FROM employees WHERE reports_to IS NULL
  UNION ALL
    SELECT e.employee_id, p.trail || e.employee_id
    FROM employees e JOIN path p ON e.reports_to = p.employee_id
)
SELECT employee_id, array_to_string(trail, ' > ') FROM path
-- @entry recursive-cte accepted
WITH RECURSIVE months(m) AS (
    SELECT date '1996-07-01'
  UNION ALL
    SELECT (m + interval '1 month')::date FROM months WHERE m < date '1998-05-01'
)
SELECT m, (SELECT count(*) FROM orders o WHERE date_trunc('month', o.order_date) = m) AS orders
FROM months
-- @entry recursive-cte accepted
WITH RECURSIVE sub(employee_id) AS (
    SELECT 2::smallint
  UNION
    SELECT e.employee_id FROM employees e JOIN sub s ON e.reports_to = s.employee_id
)
SELECT count(*) FROM sub
-- @entry recursive-cte accepted
WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n * 2 FROM t WHERE n < 1000)
SELECT array_agg(n) FROM t

-- ==== JSON / JSONB ====
-- @entry json accepted
SELECT id, payload ->> 'page' AS page, payload -> 'meta' ->> 'score' AS score
FROM lab.events
LIMIT 10
-- @entry json accepted
SELECT id FROM lab.events WHERE payload @> '{"device": "mobile"}'
-- @entry json accepted
SELECT count(*) FROM lab.events WHERE payload ? 'coupon'
-- @entry json accepted
SELECT count(*) FROM lab.events WHERE payload ?| ARRAY['coupon', 'missing']
-- @entry json accepted
SELECT count(*) FROM lab.events WHERE payload ?& ARRAY['page', 'device']
-- @entry json accepted
SELECT id, payload #> '{meta,ab}' AS ab, payload #>> '{items,0}' AS first_item
FROM lab.events
WHERE id < 5
-- @entry json accepted
SELECT jsonb_path_query_array(payload, '$.items[*] ? (@ > 3)') FROM lab.events WHERE id < 20
-- @entry json accepted @known-false-rejection JSqlParser 5.4 does not know the jsonpath operator @? (PostgreSQL 12+); jsonb_path_exists(payload, path) is the accepted spelling
SELECT count(*) FROM lab.events WHERE payload @? '$.meta.score ? (@ > 100)'
-- @entry json accepted
SELECT count(*) FROM lab.events WHERE payload @@ '$.meta.ab == true'
-- @entry json accepted
SELECT payload ->> 'device' AS device, count(*), avg((payload -> 'meta' ->> 'score')::numeric)
FROM lab.events
GROUP BY 1
-- @entry json accepted
SELECT jsonb_build_object('customer', c.customer_id, 'orders', count(o.order_id)) AS doc
FROM customers c LEFT JOIN orders o USING (customer_id)
GROUP BY c.customer_id
LIMIT 5
-- @entry json accepted
SELECT json_agg(json_build_object('id', product_id, 'name', product_name) ORDER BY product_id)
FROM products
WHERE category_id = 1
-- @entry json accepted
SELECT key, count(*) FROM lab.events, jsonb_each(payload) GROUP BY key ORDER BY key
-- @entry json accepted
SELECT k FROM lab.events, jsonb_object_keys(payload -> 'meta') AS k WHERE id = 1
-- @entry json accepted
SELECT jsonb_pretty(payload) FROM lab.events WHERE id = 1
-- @entry json accepted
SELECT payload - 'items' AS without_items, payload || '{"seen": true}' AS marked FROM lab.events WHERE id = 2
-- @entry json accepted
SELECT jsonb_set(payload, '{meta,score}', '0') FROM lab.events WHERE id = 3
-- @entry json accepted
SELECT row_to_json(c) FROM customers c WHERE country = 'Norway'
-- @entry json accepted
SELECT to_jsonb(p) - 'product_id' FROM products p LIMIT 3
-- @entry json accepted
SELECT * FROM jsonb_to_recordset('[{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]') AS r(a int, b text)
-- @entry json accepted
SELECT jsonb_typeof(payload -> 'items'), jsonb_array_length(payload -> 'items') FROM lab.events LIMIT 3
-- @entry json accepted
SELECT '{"a": {"b": [1, 2, 3]}}'::json -> 'a' -> 'b' ->> 2
-- @entry json accepted
SELECT jt.*
FROM lab.events e,
     JSON_TABLE(e.payload, '$' COLUMNS (page text PATH '$.page', device text PATH '$.device')) AS jt
WHERE e.id < 5
-- @entry json accepted
SELECT JSON_VALUE(payload, '$.meta.score' RETURNING numeric) AS score FROM lab.events WHERE id < 5
-- @entry json accepted @known-false-rejection JSqlParser 5.4 does not parse the SQL/JSON predicate IS JSON [OBJECT] (PostgreSQL 16+); json_typeof/jsonb_typeof is the accepted spelling
SELECT count(*) FROM lab.events WHERE payload IS JSON OBJECT

-- ==== arrays ====
-- @entry arrays accepted
SELECT id, tags[1] AS first_tag, scores[2:3] AS middle FROM lab.events WHERE id < 10
-- @entry arrays accepted
SELECT count(*) FROM lab.events WHERE tags @> ARRAY['t1']
-- @entry arrays accepted
SELECT count(*) FROM lab.events WHERE tags && ARRAY['t0', 't4']
-- @entry arrays accepted
SELECT count(*) FROM lab.events WHERE 't2' = ANY (tags)
-- @entry arrays accepted
SELECT count(*) FROM lab.events WHERE 5 > ALL (scores)
-- @entry arrays accepted
SELECT customer_id, array_agg(order_id ORDER BY order_date) AS orders
FROM orders
GROUP BY customer_id
-- @entry arrays accepted
SELECT array_length(scores, 1), cardinality(tags), array_position(tags, 't1'), array_to_string(scores, '-')
FROM lab.events
LIMIT 5
-- @entry arrays accepted
SELECT unnest(ARRAY[1, 2, 3]) AS n, unnest(ARRAY['a', 'b', 'c']) AS l
-- @entry arrays accepted
SELECT * FROM unnest(ARRAY[1, 2], ARRAY['x', 'y']) WITH ORDINALITY AS u(n, s, ord)
-- @entry arrays accepted
SELECT ARRAY(SELECT product_name FROM products WHERE category_id = 2 ORDER BY 1) AS condiments
-- @entry arrays accepted
SELECT tags || 'extra'::text, array_remove(scores, 0), array_cat(scores, ARRAY[99]) FROM lab.events WHERE id = 7
-- @entry arrays accepted
SELECT '{1,2,3}'::int[] <@ ARRAY[1, 2, 3, 4] AS contained, (ARRAY[[1, 2], [3, 4]])[2][1] AS cell
-- @entry arrays accepted
SELECT string_to_array('a,b,,c', ',') AS parts, array_dims(ARRAY[[1, 2], [3, 4]])

-- ==== ranges ====
-- @entry ranges accepted
SELECT id FROM lab.events WHERE during @> timestamptz '2024-01-02 03:15+00'
-- @entry ranges accepted
SELECT a.id, b.id
FROM lab.events a JOIN lab.events b ON a.during && b.during AND a.id < b.id
WHERE a.id < 30
-- @entry ranges accepted
SELECT id, lower(during), upper(during), upper(during) - lower(during) AS length FROM lab.events LIMIT 5
-- @entry ranges accepted
SELECT band FROM lab.price_bands WHERE prices @> 25.0 AND valid @> date '1997-06-01'
-- @entry ranges accepted @known-false-rejection JSqlParser 5.4 does not know the range adjacency operator -|-; range_adjacent(a, b) is the accepted spelling
SELECT int4range(1, 10) * int4range(5, 15) AS overlap, int4range(1, 5) -|- int4range(5, 9) AS adjacent
-- @entry ranges accepted
SELECT numrange(1.5, 2.5, '[]') + numrange(2.5, 3.0) AS merged, isempty(int4range(3, 3))
-- @entry ranges accepted
SELECT o.order_id
FROM orders o
JOIN lab.price_bands pb ON pb.valid @> o.order_date
WHERE pb.band = 'budget'
LIMIT 10
-- @entry ranges accepted
SELECT range_agg(during) FROM lab.events WHERE id < 10
-- @entry ranges accepted
SELECT daterange(min(order_date), max(order_date), '[]') AS span FROM orders
-- @entry ranges accepted
SELECT '[2024-01-01,2024-02-01)'::tstzrange << '[2024-03-01,2024-04-01)'::tstzrange AS before

-- ==== regular expressions ====
-- @entry regex accepted
SELECT company_name FROM customers WHERE company_name ~ '^[A-C].*(Ltd|Inc)?'
-- @entry regex accepted
SELECT company_name FROM customers WHERE company_name ~* 'market'
-- @entry regex accepted
SELECT company_name FROM customers WHERE company_name !~ '[aeiou]{2}'
-- @entry regex accepted
SELECT company_name FROM customers WHERE company_name !~* '^the '
-- @entry regex accepted
SELECT phone, regexp_replace(phone, '[^0-9]', '', 'g') AS digits FROM customers LIMIT 10
-- @entry regex accepted
SELECT regexp_matches(contact_name, '(\w+) (\w+)') FROM customers LIMIT 5
-- @entry regex accepted
SELECT (regexp_match(address, '\d+'))[1] AS number FROM customers WHERE address ~ '\d'
-- @entry regex accepted
SELECT product_name FROM products WHERE product_name SIMILAR TO '%(Chef|Sir)%'
-- @entry regex accepted
SELECT company_name FROM suppliers WHERE company_name ILIKE '%ltd%' OR company_name LIKE 'A%'
-- @entry regex accepted
SELECT regexp_split_to_table('a;b;c', ';') AS part
-- @entry regex accepted
SELECT substring(phone FROM '\((\d+)\)') AS area, count(*) FROM customers GROUP BY 1
-- @entry regex accepted
SELECT regexp_count(notes, 'degree'), regexp_like(notes, 'BA|BS') FROM employees

-- ==== :: casts ====
-- @entry casts accepted
SELECT order_id::text, order_date::timestamp, freight::numeric(10, 2), freight::int FROM orders LIMIT 5
-- @entry casts accepted
SELECT '2024-01-01'::date + 30, '1 day'::interval * 3, '42'::int + 1
-- @entry casts accepted
SELECT sum(unit_price::numeric * quantity)::money FROM order_details
-- @entry casts accepted
SELECT CAST(order_date AS text), CAST(freight AS decimal(8, 1)) FROM orders LIMIT 3
-- @entry casts accepted
SELECT 'ok'::lab.mood, mood::text FROM lab.events LIMIT 3
-- @entry casts accepted
SELECT '{"a": 1}'::jsonb::text::json, 'products'::regclass, 'int4'::regtype
-- @entry casts accepted
SELECT discontinued::boolean, units_in_stock::float8 / nullif(reorder_level, 0)::float8 FROM products
-- @entry casts accepted
SELECT (payload ->> 'page')::varchar(10) FROM lab.events LIMIT 2
-- @entry casts accepted
SELECT to_char(order_date, 'YYYY-MM'), to_date('05 Dec 2000', 'DD Mon YYYY'), to_number('12,454.8-', '99G999D9S')
FROM orders
LIMIT 1
-- @entry casts accepted
SELECT ARRAY[1, 2]::text[], '(1,2)'::point, 'a'::char(3) || 'b'

-- ==== generate_series ====
-- @entry generate-series accepted
SELECT d::date AS day, count(o.order_id)
FROM generate_series(date '1997-01-01', date '1997-01-31', interval '1 day') AS d
LEFT JOIN orders o ON o.order_date = d::date
GROUP BY d
ORDER BY d
-- @entry generate-series accepted
SELECT n, n * n AS square FROM generate_series(1, 10) AS n
-- @entry generate-series accepted
SELECT generate_series(1, 3) AS a, generate_series(10, 30, 10) AS b
-- @entry generate-series accepted
SELECT m AS month_start
FROM generate_series(timestamptz '2024-01-01 00:00+00', timestamptz '2024-12-01 00:00+00', interval '1 month') m
-- @entry generate-series accepted
SELECT s.i, e.kind
FROM generate_series(1, 4) s(i)
JOIN LATERAL (SELECT kind FROM lab.events WHERE id = s.i) e ON true
-- @entry generate-series accepted
SELECT count(*) FROM generate_series(1, 100000) g WHERE g % 7 = 0
-- @entry generate-series accepted
SELECT g, generate_subscripts(ARRAY['a', 'b', 'c'], 1) FROM generate_series(1, 2) g

-- ==== literals and identifiers containing ; DROP delete ====
-- @entry tricky-literals accepted
SELECT 'a;b' AS semi
-- @entry tricky-literals accepted
SELECT ';' AS semi, 'x' AS settings, 1 AS full, 2 AS unknown, 3 semi_bare
-- @entry tricky-literals accepted
SELECT o.order_id AS output, o.freight AS sample FROM orders AS o ORDER BY output LIMIT 3
-- @entry tricky-literals accepted
SELECT semi.order_id, semi.freight AS final FROM orders semi WHERE semi.freight > 100 ORDER BY final DESC LIMIT 3
-- @entry tricky-literals accepted
SELECT 1;;
-- @entry tricky-literals accepted
SELECT count(*) FROM orders; ; -- empty statements after the statement
;
-- @entry tricky-literals accepted
SELECT U&"company_name", U&"c\0069ty" FROM U&"customers" ORDER BY U&"customer\005Fid" LIMIT 3
-- @entry tricky-literals accepted
SELECT U&"d\0061t\+000061" FROM (SELECT 1 AS data) s
-- @entry tricky-literals accepted
SELECT U&"!0063ountry" UESCAPE '!', count(*) FROM customers GROUP BY 1 ORDER BY 2 DESC LIMIT 3
-- @entry tricky-literals accepted
SELECT U&'d!0061t!+000061' UESCAPE '!' AS unicode_uescape
-- @entry tricky-literals accepted
SELECT 2 OPERATOR(pg_catalog.+) 3 AS five, OPERATOR(pg_catalog.-) 1 AS minus_one, 2 OPERATOR(*) 4 AS eight
-- @entry tricky-literals accepted
SELECT count(*) FROM orders WHERE freight OPERATOR(pg_catalog.>) 100 AND ship_country OPERATOR(pg_catalog.=) 'Germany'
-- @entry tricky-literals accepted
SELECT 'DROP TABLE customers; --' AS not_a_command
-- @entry tricky-literals accepted
SELECT company_name FROM customers WHERE company_name <> 'delete from customers;'
-- @entry tricky-literals accepted
SELECT "drop", "delete", "semi;colon", "DROP TABLE x" FROM lab."odd;table"
-- @entry tricky-literals accepted
SELECT count(*) FROM lab."odd;table" WHERE "delete" LIKE '%;%'
-- @entry tricky-literals accepted
SELECT $$ it's; DROP TABLE customers; $$ AS dollar
-- @entry tricky-literals accepted
SELECT $tag$ $$; DELETE $$ $tag$ AS nested_dollar
-- @entry tricky-literals accepted
SELECT E'line1\nline2; DROP\t' AS escaped, E'quote \' inside;' AS q
-- @entry tricky-literals accepted
SELECT U&'d\0061t\+000061; delete' AS unicode_string
-- @entry tricky-literals accepted
SELECT 'it''s; UPDATE customers SET x = 1' AS doubled_quote
-- @entry tricky-literals accepted
SELECT customer_id AS "select", company_name AS "from;where" FROM customers LIMIT 2
-- @entry tricky-literals accepted
SELECT 1 AS "delete", 2 AS "update", 3 AS "insert", 4 AS "for update"
-- @entry tricky-literals accepted
SELECT count(*) AS "COMMIT; DROP SCHEMA public CASCADE" FROM orders
-- @entry tricky-literals accepted
SELECT 'pg_sleep(10)' AS not_a_call, 'nextval(''s'')' AS also_not
-- @entry tricky-literals accepted
SELECT product_name FROM products WHERE product_name = 'Chef Anton''s Cajun Seasoning'
-- @entry tricky-literals accepted
SELECT '/* not a comment */' AS a, '-- nor this' AS b, E'\\' AS backslash
-- @entry tricky-literals accepted
SELECT 'FOR UPDATE' AS locking_words, 'INTO t' AS into_words
-- @entry tricky-literals accepted
SELECT x'1F'::int AS hex, b'101'::int AS bits
-- @entry tricky-literals accepted
SELECT 'café ☕; naïve' AS unicode, 'Größe' AS german

-- ==== comments in odd places ====
-- @entry comments accepted
-- a leading line comment
SELECT count(*) FROM orders
-- @entry comments accepted
/* a leading block comment */ SELECT count(*) FROM orders
-- @entry comments accepted
SELECT /* in the select list */ order_id, -- after a column
       customer_id
FROM /* before the table */ orders
WHERE /* in WHERE */ freight > 10 -- trailing
ORDER BY 1 /* at the end */
LIMIT 3
-- @entry comments accepted
SELECT count(*) FROM orders /* /* nested */ comment */
-- @entry comments accepted
SELECT count(/* inside the call */ *) FROM orders
-- @entry comments accepted
SELECT 1 -- final line comment without newline
-- @entry comments accepted
SELECT count(*) FROM orders; -- a comment after the only statement
-- @entry comments accepted
SELECT count(*) FROM orders /* ; DROP TABLE orders */
-- @entry comments accepted
SELECT 1 -- ; DELETE FROM customers
-- @entry comments accepted
SELECT order_id FROM orders WHERE freight > 800 ORDER BY 1;
/* trailing block comment after the semicolon */
-- @entry comments accepted
WITH /* c */ big AS (SELECT * FROM orders WHERE freight > 500) /* c */ SELECT count(*) FROM big
-- @entry comments accepted
SELECT
    -- product
    p.product_name,
    /* category,
       multi-line */
    c.category_name
FROM products p
JOIN categories c ON /* join */ c.category_id = p.category_id

-- ==== EXPLAIN ====
-- @entry explain accepted
EXPLAIN SELECT * FROM orders WHERE customer_id = 'ALFKI'
-- @entry explain accepted
EXPLAIN (FORMAT JSON) SELECT c.company_name, count(*) FROM customers c JOIN orders o USING (customer_id) GROUP BY 1
-- @entry explain accepted
EXPLAIN VERBOSE SELECT * FROM products
-- @entry explain accepted
EXPLAIN (COSTS off) SELECT * FROM orders ORDER BY order_date
-- @entry explain accepted
EXPLAIN (FORMAT YAML, VERBOSE true) WITH t AS (SELECT * FROM orders) SELECT count(*) FROM t
-- @entry explain accepted
EXPLAIN (SETTINGS, FORMAT TEXT) SELECT 1
-- @entry explain accepted
explain select * from lab.events where payload @> '{"device": "mobile"}'
-- @entry explain accepted
EXPLAIN (FORMAT JSON) VALUES (1), (2)
-- @entry explain accepted
EXPLAIN (GENERIC_PLAN) SELECT * FROM orders WHERE order_id = $1

-- ==== analytics: aggregates, subqueries, set operations, CTEs, dates ====
-- @entry analytics accepted
SELECT c.country, round(sum(d.unit_price * d.quantity * (1 - d.discount))::numeric, 2) AS revenue
FROM customers c
JOIN orders o ON o.customer_id = c.customer_id
JOIN order_details d ON d.order_id = o.order_id
GROUP BY c.country
ORDER BY revenue DESC
-- @entry analytics accepted
SELECT customer_id, lab.customer_revenue(customer_id) AS revenue
FROM customers
ORDER BY revenue DESC
LIMIT 5
-- @entry analytics accepted
SELECT order_id, lab.net_price(unit_price, quantity, discount) FROM order_details LIMIT 5
-- @entry analytics accepted
SELECT * FROM lab.order_totals ORDER BY total DESC LIMIT 10
-- @entry analytics accepted
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY freight) AS median,
       percentile_disc(ARRAY[0.25, 0.75]) WITHIN GROUP (ORDER BY freight) AS quartiles,
       mode() WITHIN GROUP (ORDER BY ship_via) AS usual_shipper
FROM orders
-- @entry analytics accepted
SELECT ship_country FROM orders
UNION
SELECT country FROM customers
EXCEPT
SELECT country FROM suppliers
ORDER BY 1
-- @entry analytics accepted
SELECT city FROM customers INTERSECT SELECT city FROM suppliers
-- @entry analytics accepted
(SELECT product_name, unit_price FROM products ORDER BY unit_price DESC LIMIT 3)
UNION ALL
(SELECT product_name, unit_price FROM products ORDER BY unit_price LIMIT 3)
-- @entry analytics accepted
WITH monthly AS (
    SELECT date_trunc('month', order_date) AS month, count(*) AS orders
    FROM orders
    GROUP BY 1
), growth AS (
    SELECT month, orders, orders - lag(orders) OVER (ORDER BY month) AS delta FROM monthly
)
SELECT * FROM growth ORDER BY month
-- @entry analytics accepted
WITH top AS MATERIALIZED (SELECT product_id FROM order_details GROUP BY 1 ORDER BY sum(quantity) DESC LIMIT 5)
SELECT p.product_name FROM products p JOIN top USING (product_id)
-- @entry analytics accepted
SELECT extract(dow FROM order_date) AS weekday, count(*), avg(shipped_date - order_date) AS days_to_ship
FROM orders
WHERE shipped_date IS NOT NULL
GROUP BY 1
ORDER BY 1
-- @entry analytics accepted
SELECT age(timestamp '1998-05-06', birth_date::timestamp) AS age_at_last_order, first_name FROM employees
-- @entry analytics accepted
SELECT order_date AT TIME ZONE 'UTC', now() - interval '1 year' > order_date AS older FROM orders LIMIT 3
-- @entry analytics accepted
SELECT customer_id, CASE WHEN count(*) > 20 THEN 'gold' WHEN count(*) > 10 THEN 'silver' ELSE 'bronze' END AS tier
FROM orders
GROUP BY customer_id
-- @entry analytics accepted
SELECT coalesce(region, '(none)') AS region, nullif(country, '') AS country, greatest(1, 2), least('a', 'b')
FROM customers
LIMIT 5
-- @entry analytics accepted
SELECT product_name FROM products WHERE unit_price > (SELECT avg(unit_price) FROM products)
-- @entry analytics accepted
SELECT o.order_id, (SELECT count(*) FROM order_details d WHERE d.order_id = o.order_id) AS lines FROM orders o LIMIT 10
-- @entry analytics accepted
SELECT customer_id FROM orders GROUP BY customer_id HAVING sum(freight) > 1000 ORDER BY sum(freight) DESC
-- @entry analytics accepted
SELECT string_agg(DISTINCT country, ', ' ORDER BY country) FROM customers
-- @entry analytics accepted
SELECT bool_and(discontinued = 0), bool_or(units_in_stock = 0), every(unit_price > 0) FROM products
-- @entry analytics accepted
SELECT stddev(freight), variance(freight), corr(freight, order_id), regr_slope(freight, order_id) FROM orders
-- @entry analytics accepted
SELECT * FROM orders ORDER BY freight DESC FETCH FIRST 5 ROWS WITH TIES
-- @entry analytics accepted
SELECT * FROM orders ORDER BY order_id OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY
-- @entry analytics accepted
SELECT count(*) FROM orders TABLESAMPLE SYSTEM (50) REPEATABLE (42)
-- @entry analytics accepted
VALUES (1, 'one'), (2, 'two') ORDER BY 1 DESC
-- @entry analytics accepted
TABLE shippers
-- @entry analytics accepted
SELECT * FROM (VALUES ('ALFKI'), ('ANATR')) AS v(id) JOIN customers c ON c.customer_id = v.id
-- @entry analytics accepted
SELECT company_name FROM customers WHERE (city, country) IN (SELECT city, country FROM suppliers)
-- @entry analytics accepted
SELECT count(*) FROM orders WHERE ship_region IS NOT DISTINCT FROM NULL
-- @entry analytics accepted
SELECT product_name FROM products WHERE unit_price BETWEEN SYMMETRIC 50 AND 20
-- @entry analytics accepted
SELECT company_name COLLATE "C" AS name FROM customers ORDER BY company_name COLLATE "C" LIMIT 5
-- @entry analytics accepted
SELECT current_date - max(order_date) AS days_since, current_user, now()::date FROM orders
-- @entry analytics accepted
SELECT random() < 2 AS always, clock_timestamp() IS NOT NULL AS ticking
-- @entry analytics accepted
SELECT md5(company_name), length(company_name), upper(left(company_name, 3)), format('%s (%s)', company_name, country)
FROM customers
LIMIT 5
-- @entry analytics accepted
SELECT c.relname, c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'
-- @entry analytics accepted
SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'lab' ORDER BY 1, ordinal_position
-- @entry analytics accepted
SELECT count(*) FROM orders WHERE order_id = $1 OR $1 IS NULL
-- @entry analytics accepted @known-false-rejection JSqlParser 5.4 does not parse GROUP BY DISTINCT (PostgreSQL 14+); plain GROUP BY ROLLUP is accepted
SELECT kind, mood, count(*) FROM lab.events WHERE mood > 'sad' GROUP BY DISTINCT kind, ROLLUP (kind, mood) ORDER BY 1, 2
-- @entry analytics accepted @known-false-rejection JSqlParser 5.4 does not parse XMLATTRIBUTES(expr AS name) inside XMLELEMENT
SELECT xmlelement(name customer, xmlattributes(customer_id AS id), company_name) FROM customers LIMIT 2
-- @entry analytics accepted
SELECT ( SELECT count(*) FROM orders ) AS orders, ( SELECT count(*) FROM customers ) AS customers
-- @entry analytics accepted
SELECT avg(amount) FILTER (WHERE kind = 'purchase') - avg(amount) FILTER (WHERE kind = 'refund') FROM lab.events
-- @entry analytics accepted
SELECT e.kind, date_bin('6 hours', e.created_at, timestamptz '2024-01-01 00:00+00') AS bucket, count(*)
FROM lab.events e
GROUP BY 1, 2
ORDER BY 2, 1
LIMIT 20
