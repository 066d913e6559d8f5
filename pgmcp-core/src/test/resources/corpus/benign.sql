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
--   comments, explain, analytics (plain aggregates, subqueries, set operations, CTEs, dates,
--   ORDER BY / LIMIT / FETCH / OFFSET / TABLESAMPLE / VALUES / TABLE), and, chapter by chapter of
--   PostgreSQL's functions and operators: operators, math, strings, binary-and-bits, formatting,
--   date-time, special-types (enum, domain, composite, geometric, network, uuid, money),
--   text-search, xml, subqueries (subquery expressions, row comparisons, comparison predicates),
--   set-operations, aggregates (incl. ordered-set and hypothetical-set), system-info
--
-- Every entry is deterministic (ORDER BY where row order matters, no clock or random values in
-- the output): BenignCorpusTest holds each result against PostgreSQL's own answer to the same
-- statement. The lab.samples table holds one column per type and the values at the edges.

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
-- @entry json accepted
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
-- @entry json accepted
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
-- @entry ranges accepted
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
-- @entry analytics accepted
SELECT kind, mood, count(*) FROM lab.events WHERE mood > 'sad' GROUP BY DISTINCT kind, ROLLUP (kind, mood) ORDER BY 1, 2
-- @entry analytics accepted
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

-- ==== operators of every kind ====
-- @entry operators accepted
SELECT |/ 25.0 AS square_root, ||/ 27.0 AS cube_root, @ -5 AS absolute
-- @entry operators accepted
SELECT - 3 AS negated, + 4 AS plus, ~ 5 AS bit_not, - (2 + 3) AS negated_sum, NOT true AS negated_bool
-- @entry operators accepted
SELECT 2 ^ 10 AS power, 17 % 5 AS modulo, 17 / 5 AS int_division, 17.0 / 5 AS division, 5 & 3 AS bit_and, 5 | 3 AS bit_or, 5 # 3 AS bit_xor, 1 << 4 AS shl, 256 >> 2 AS shr
-- @entry operators accepted
SELECT company_name FROM customers WHERE company_name ^@ 'Al' ORDER BY company_name
-- @entry operators accepted
SELECT 7 OPERATOR(+) 8 AS unqualified, 7 OPERATOR(pg_catalog.*) 8 AS qualified, 'ab' OPERATOR(pg_catalog.||) 'cd' AS concatenated
-- @entry operators accepted
SELECT order_id FROM orders WHERE order_id OPERATOR(pg_catalog.<) 10255 AND NOT (freight OPERATOR(pg_catalog.<=) 10) ORDER BY order_id
-- @entry operators accepted
SELECT count(*) FROM lab.events WHERE payload @@ '$.meta.score > 700'
-- @entry operators accepted
SELECT int4range(1, 5) -|- int4range(5, 9) AS adjacent, numrange(1, 2) -|- numrange(3, 4) AS apart
-- @entry operators accepted
SELECT id FROM lab.events WHERE payload @? '$.items[*] ? (@ == 10)' ORDER BY id LIMIT 5
-- @entry operators accepted
SELECT point '(1,2)' <-> point '(4,6)' AS distance, @-@ lseg '[(0,0),(3,4)]' AS length, # polygon '((0,0),(1,0),(1,1))' AS points,
       @@ box '((0,0),(4,2))' AS center, lseg '[(0,0),(2,2)]' ?# lseg '[(0,2),(2,0)]' AS cross,
       npoints('[(0,0),(1,1),(2,0)]'::path) AS path_points
-- @entry operators accepted
SELECT box '((0,0),(2,2))' && box '((1,1),(3,3))' AS overlap, box '((0,0),(1,1))' ~= box '((1,1),(0,0))' AS same_box
-- @entry operators accepted
SELECT '((0,0),(2,2))'::box && '((1,1),(3,3))'::box AS overlap, '<(0,0),5>'::circle @> '(3,4)'::point AS inside,
       '(1,1)'::point <@ '((0,0),(2,2))'::box AS contained, '(1,2)'::point + '(10,20)'::point AS moved,
       '((0,0),(2,2))'::box * '(2,0)'::point AS scaled
-- @entry operators accepted
SELECT inet '192.168.1.5' << cidr '192.168.1.0/24' AS within, cidr '10.0.0.0/8' >>= inet '10.1.2.3' AS contains,
       inet '192.168.1.5' && cidr '192.168.0.0/16' AS overlaps, ~ inet '255.0.0.0' AS inverted, inet '10.0.0.1' + 5 AS next,
       inet '10.0.0.9' - inet '10.0.0.1' AS gap
-- @entry operators accepted
SELECT B'1100' & B'1010' AS bits_and, B'1100' | B'1010' AS bits_or, B'1100' # B'1010' AS bits_xor, ~ B'1100' AS bits_not,
       B'1100' << 1 AS bits_shl, B'1100' || B'01' AS bits_cat
-- @entry operators accepted
SELECT ARRAY[1, 2] || ARRAY[3] AS cat, ARRAY[1, 2, 3] @> ARRAY[2] AS contains, ARRAY[1, 2] < ARRAY[1, 3] AS less,
       ARRAY[1, 4] && ARRAY[4, 5] AS overlap
-- @entry operators accepted
SELECT 'fat & rat'::tsquery && 'cat'::tsquery AS q_and, 'fat'::tsquery || 'cat'::tsquery AS q_or, !! 'cat'::tsquery AS q_not,
       'fat'::tsquery <-> 'rat'::tsquery AS followed_by
-- @entry operators accepted
SELECT date '2024-03-01' - date '2024-02-01' AS days, date '2024-02-28' + 2 AS plus_days, date '2024-02-28' + time '10:30' AS at_time,
       timestamp '2024-01-01 10:00' - timestamp '2023-12-31 09:30' AS elapsed, - interval '1 day' AS negative,
       interval '1 hour' / 4 AS quarter

-- ==== mathematical functions ====
-- @entry math accepted
SELECT abs(-17.4), cbrt(27.0), ceil(-42.8), ceiling(95.3), degrees(0.5), div(9, 4), exp(1.0), factorial(10), floor(-42.8)
-- @entry math accepted
SELECT gcd(1071, 462), lcm(1071, 462), ln(2.0), log(100.0), log10(1000.0), log(2.0, 64.0), min_scale(8.4100), mod(9, 4),
       pi(), power(9.0, 3.0), radians(45.0)
-- @entry math accepted
SELECT round(42.4382, 2), round(1234.5678, -2), scale(8.4100), sign(-8.4), sqrt(2.0), trim_scale(8.4100), trunc(42.8),
       trunc(42.4382, 2), width_bucket(5.35, 0.024, 10.06, 5), width_bucket(now()::date - current_date, ARRAY[-1, 0, 1])
-- @entry math accepted
SELECT acos(1), asin(1), atan(1), atan2(1, 0), cos(0), cot(1), sin(0.5), tan(0.5), sind(30), cosd(60), tand(45),
       sinh(1), cosh(0), tanh(0.5), asinh(1), acosh(1), atanh(0.5)
-- @entry math accepted
SELECT 'NaN'::numeric AS nan, 'Infinity'::numeric AS inf, '-Infinity'::float8 AS minus_inf, 'NaN'::float4 AS nan4,
       1e308::float8 AS huge, 1.0e-10::float8 AS tiny, 123456789.123::float4 AS real_rounded
-- @entry math accepted
SELECT category_id, round(avg(unit_price)::numeric, 3) AS mean, round(stddev_samp(unit_price)::numeric, 3) AS sd,
       width_bucket(avg(unit_price), 0, 100, 10) AS bucket
FROM products
GROUP BY category_id
ORDER BY category_id
-- @entry math accepted
SELECT 9007199254740993::int8 AS past_double, 9223372036854775807::int8 AS int8_max, (-32768)::int2 AS int2_min,
       2147483647 AS int4_max, 123456789012345678901234567890.123456789 AS long_numeric, 0.000000001 AS small_numeric

-- ==== string functions ====
-- @entry strings accepted
SELECT 'Post' || 'greSQL' AS cat, bit_length('jose'), char_length('josé'), character_length('josé'), lower('TOM'),
       upper('tom'), octet_length('josé'), lpad('hi', 5, 'xy'), rpad('hi', 5, 'xy'), ltrim('zzzytest', 'xyz'), rtrim('testxxzx', 'xyz')
-- @entry strings accepted
SELECT overlay('Txxxxas' PLACING 'hom' FROM 2 FOR 4) AS overlaid, position('om' IN 'Thomas') AS pos,
       substring('Thomas' FROM 2 FOR 3) AS sub, substring('Thomas' FROM 3) AS tail,
       trim(BOTH 'xyz' FROM 'yxTomxx') AS trimmed, trim(LEADING FROM '  x  ') AS lead, trim(TRAILING 'x' FROM 'axx') AS trail
-- @entry strings accepted
SELECT substring('foobar' SIMILAR '%#"o_b#"%' ESCAPE '#') AS similar_sub, substring('Thomas' FOR 2) AS head
-- @entry strings accepted
SELECT substring('foobar' FROM '%#"o_b#"%' FOR '#') AS similar_sub, 'abc' SIMILAR TO 'a(b|c)+' AS similar,
       'ab_c' LIKE 'ab\_c' AS escaped_like, 'ab_c' LIKE 'ab!_c' ESCAPE '!' AS custom_escape, 'ABC' NOT ILIKE 'a%' AS not_ilike
-- @entry strings accepted
SELECT ascii('x'), btrim('xyxtrimyyx', 'xy'), chr(65), concat('abcde', 2, NULL, 22), concat_ws(',', 'abcde', 2, NULL, 22),
       initcap('hi THOMAS'), left('abcde', 2), right('abcde', -2), length('jose'), repeat('Pg', 4), replace('abcdefabcdef', 'cd', 'XX'),
       reverse('abcde')
-- @entry strings accepted
SELECT format('Hello %s, %1$s', 'World') AS positional, format('INSERT INTO %I VALUES(%L)', 'Foo bar', E'O\'Reilly') AS quoting,
       format('|%10s|%-10s|', 'right', 'left') AS widths, quote_ident('Foo bar'), quote_literal(E'O\'Reilly'),
       quote_nullable(NULL), quote_nullable(42.5)
-- @entry strings accepted
SELECT split_part('abc~@~def~@~ghi', '~@~', 2) AS part, split_part('a,b,c', ',', -1) AS last_part, starts_with('alphabet', 'alph'),
       strpos('high', 'ig'), substr('alphabet', 3, 2), to_hex(2147483647), translate('12345', '143', 'ax'),
       parse_ident('"SomeSchema".someTable')
-- @entry strings accepted
SELECT string_to_table('xx~^~yy~^~zz', '~^~', 'yy') AS piece ORDER BY 1 NULLS FIRST
-- @entry strings accepted
SELECT U&'\0061\0308bc' IS NFC NORMALIZED AS nfc, U&'\0061\0308bc' IS NOT NFD NORMALIZED AS not_nfd, 'abc' IS NORMALIZED AS plain
-- @entry strings accepted
SELECT normalize(U&'\0061\0308bc', NFC) AS composed, length(normalize(U&'\00E4', NFD)) AS decomposed_length,
       normalize('ﬁ', NFKC) AS compatibility, normalize('abc') AS default_form
-- @entry strings accepted
SELECT unistr('d\0061t\+000061') AS unistr, casefold('Straße') AS folded, 'Ab' < 'ab' COLLATE "C" AS c_order,
       upper('ß' COLLATE "C") AS c_upper
-- @entry strings accepted
SELECT company_name, length(company_name) AS len, md5(company_name) AS digest
FROM customers
WHERE company_name LIKE 'B%'
ORDER BY company_name COLLATE "C"

-- ==== binary strings and bit strings ====
-- @entry binary-and-bits accepted
SELECT '\x1234'::bytea || '\x5678'::bytea AS cat, bit_count('\x1234567890'::bytea), btrim('\x1234567890'::bytea, '\x9012'::bytea),
       get_bit('\x1234567890'::bytea, 30), get_byte('\x1234567890'::bytea, 4), length('\x1234567890'::bytea),
       set_byte('\x1234567890'::bytea, 4, 64) AS set_byte, substr('\x1234567890'::bytea, 2, 3)
-- @entry binary-and-bits accepted
SELECT encode('123\000\001'::bytea, 'base64') AS b64, encode('\x1234'::bytea, 'hex') AS hex, encode('a\\b'::bytea, 'escape') AS esc,
       decode('MTIzAAE=', 'base64') AS decoded, convert_from('\x6361666520e29895'::bytea, 'UTF8') AS text_from,
       convert_to('café', 'UTF8') AS bytes_to
-- @entry binary-and-bits accepted
SELECT md5('abc'::bytea), sha224('abc'::bytea), sha256('abc'::bytea), sha384('abc'::bytea), sha512('abc'::bytea),
       overlay('\x1234567890'::bytea PLACING '\x002003'::bytea FROM 2 FOR 3) AS overlaid, position('\x5678'::bytea IN '\x1234567890'::bytea)
-- @entry binary-and-bits accepted
SELECT length(B'10110') AS bits, bit_count(B'10111'), get_bit(B'101010101010101010', 6), set_bit(B'101010101010101010', 0, 0),
       overlay(B'01010101010101010' PLACING B'11111' FROM 2 FOR 3), position(B'010' IN B'000001101011'),
       substring(B'110010111111' FROM 3 FOR 2), 44::bit(10) AS int_to_bits, B'1110'::int AS bits_to_int, X'1F'::bit(8) AS hex_bits
-- @entry binary-and-bits accepted
SELECT id, raw, flags, length(raw) AS raw_length, encode(raw, 'hex') AS raw_hex FROM lab.samples ORDER BY id

-- ==== data type formatting ====
-- @entry formatting accepted
SELECT to_char(timestamp '2024-03-05 14:07:09.5', 'Day, DD Month YYYY HH24:MI:SS.MS') AS long_form,
       to_char(timestamp '2024-03-05 14:07:09', 'FMDay FMDDth "of" FMMonth, YYYY HH12 AM') AS fm_form,
       to_char(date '2024-03-05', 'IYYY-IW-ID Q WW DDD J') AS iso_week
-- @entry formatting accepted
SELECT to_char(interval '15h 2m 12s', 'HH24:MI:SS') AS clock, to_char(125.8::real, '999D9') AS real_text,
       to_char(-0.1, '99.99') AS lead_zero, to_char(148.5, 'FM999.990') AS fm, to_char(485, 'RN') AS roman,
       to_char(12, '99th') AS ordinal, to_char(1234567.891, '9G999G999D99') AS grouped, to_char(0.0004859, '9.99EEEE') AS sci,
       to_char(-485, '999S') AS sign_after, to_char(485, 'PL999') AS plus
-- @entry formatting accepted
SELECT to_number('12,454.8-', '99G999D9S') AS n1, to_number('$1,234.50', 'L9G999D99') AS n2,
       to_date('2024-060', 'YYYY-DDD') AS day_of_year, to_timestamp('05 Dec 2000 10:30', 'DD Mon YYYY HH24:MI') AS ts,
       to_timestamp(1700000000) AS from_epoch
-- @entry formatting accepted
SELECT to_char(1234.5::numeric, 'FM9,999.99') AS commas, to_char(1234.5::float8, '0000000.0') AS zero_padded,
       to_char(interval '3 days 4 hours', 'DD "days" HH24 "hours"') AS interval_text, to_char(-12.5, 'MI99.9') AS minus_sign,
       to_char(timestamptz '2024-06-01 10:00:00+00' AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS iso_text
-- @entry formatting accepted
SELECT to_char(order_date, 'YYYY "Q"Q') AS quarter, to_char(sum(freight), 'FM999G999D00') AS freight
FROM orders
GROUP BY 1
ORDER BY 1

-- ==== date and time ====
-- @entry date-time accepted
SELECT age(timestamp '2001-04-10', timestamp '1957-06-13') AS age, date_part('hour', timestamp '2001-02-16 20:38:40') AS hour,
       extract(epoch FROM timestamptz '2001-02-16 20:38:40.12-08') AS epoch, extract(century FROM date '2000-12-16') AS century,
       extract(isodow FROM date '2024-03-03') AS isodow, extract(julian FROM date '2006-01-01') AS julian,
       date_part('month', interval '2 years 3 months') AS months
-- @entry date-time accepted
SELECT date_trunc('hour', timestamp '2001-02-16 20:38:40') AS hour, date_trunc('quarter', date '2024-05-17') AS quarter,
       date_trunc('day', timestamptz '2001-02-16 20:38:40+00', 'Australia/Sydney') AS sydney_day,
       date_trunc('hour', interval '3 days 02:47:33') AS interval_hour
-- @entry date-time accepted
SELECT date_bin('15 minutes', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01') AS bin,
       date_bin('15 minutes', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01 00:02:30') AS offset_bin
-- @entry date-time accepted
SELECT timestamp '2001-02-16 20:38:40' AT TIME ZONE 'America/Denver' AS to_tz,
       timestamptz '2001-02-16 20:38:40-05' AT TIME ZONE 'America/Denver' AS to_local,
       timestamptz '2001-02-16 20:38:40-05' AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Tokyo' AS twice,
       timezone('Europe/Paris', timestamptz '2024-07-01 12:00:00+00') AS paris
-- @entry date-time accepted
SELECT (date '2001-02-16', date '2001-12-21') OVERLAPS (date '2001-10-30', date '2002-10-30') AS overlaps_yes,
       (date '2001-02-16', interval '100 days') OVERLAPS (date '2001-10-30', date '2002-10-30') AS overlaps_no,
       (timestamp '2024-01-01 10:00', timestamp '2024-01-01 11:00') OVERLAPS (timestamp '2024-01-01 11:00', interval '1 hour') AS touching
-- @entry date-time accepted
SELECT make_date(2013, 7, 15), make_time(8, 15, 23.5), make_timestamp(2013, 7, 15, 8, 15, 23.5),
       make_timestamptz(2013, 7, 15, 8, 15, 23.5, 'UTC') AS tz, make_interval(days => 10, hours => 3),
       make_interval(years => 1, months => 2, secs => 1.5)
-- @entry date-time accepted
SELECT justify_days(interval '35 days') AS days, justify_hours(interval '27 hours') AS hours,
       justify_interval(interval '1 mon -1 hour') AS mixed, isfinite(date '2001-02-16'), isfinite(timestamp 'infinity') AS inf,
       date 'infinity' > date '9999-12-31' AS beyond, timestamp '2024-01-31' + interval '1 month' AS month_end
-- @entry date-time accepted
SELECT date_add(timestamptz '2021-10-31 00:00:00+02', interval '1 day', 'Europe/Warsaw') AS added,
       date_subtract(timestamptz '2021-11-01 00:00:00+01', interval '1 day', 'Europe/Warsaw') AS subtracted,
       to_timestamp(0) AT TIME ZONE 'UTC' AS epoch_utc
-- @entry date-time accepted
SELECT o.order_id, o.order_date, o.shipped_date, o.shipped_date - o.order_date AS days_to_ship,
       (o.order_date + interval '1 week')::date AS a_week_later, extract(week FROM o.order_date) AS week
FROM orders o
WHERE o.order_date BETWEEN date '1997-01-01' AND date '1997-01-15'
ORDER BY o.order_id
-- @entry date-time accepted
SELECT id, span, at_time, at_timetz, happened, happened_tz, seen, spans, moments, stamps, days
FROM lab.samples
ORDER BY id
-- @entry date-time accepted
SELECT interval '1' DAY AS one_day, interval '1-2' YEAR TO MONTH AS year_month, interval '3 4:05' DAY TO MINUTE AS day_minute,
       interval '1.23456' SECOND(2) AS rounded_second, interval 'P1Y2M3DT4H5M6S' AS iso_input, interval '-1 days +2 hours' AS mixed_signs,
       time '10:00' + interval '3 hours' AS later, timetz '10:00+02' AS with_zone

-- ==== enums, domains, composite, geometric, network, uuid, money ====
-- @entry special-types accepted
SELECT enum_first(NULL::lab.mood), enum_last(NULL::lab.mood), enum_range(NULL::lab.mood), enum_range('ok'::lab.mood, NULL),
       'happy'::lab.mood > 'sad' AS happier
-- @entry special-types accepted
SELECT mood, count(*), min(id), max(mood) OVER () AS top_mood FROM lab.events GROUP BY mood ORDER BY mood
-- @entry special-types accepted
SELECT id, qty, qty + 1 AS next, duo, (duo).a AS duo_a, (duo).b AS duo_b, pg_typeof(qty) AS qty_type
FROM lab.samples
ORDER BY id
-- @entry special-types accepted
SELECT ROW(1, 'one')::lab.pair AS pair, (ROW(2, 'two')::lab.pair).b AS field, (c).customer_id, c AS whole_row
FROM (SELECT customer_id, company_name FROM customers WHERE customer_id = 'ALFKI') AS c
-- @entry special-types accepted
SELECT (c).*, (ROW(3, 'three')::lab.pair).*
FROM (SELECT customer_id, company_name FROM customers WHERE customer_id = 'ALFKI') AS c
-- @entry special-types accepted
SELECT id, spot, area, ring, area(area) AS box_area, center(ring) AS ring_center, diameter(ring), radius(ring), height(area), width(area),
       box(ring) AS bounding, polygon(area) AS as_polygon
FROM lab.samples
ORDER BY id
-- @entry special-types accepted
SELECT id, host, net, mac, host(host), masklen(host), netmask(host), network(host), broadcast(host), family(host),
       abbrev(net), set_masklen(host, 16), text(host), inet_same_family(host, '10.0.0.1'), trunc(mac), macaddr8(mac)
FROM lab.samples
ORDER BY id
-- @entry special-types accepted
SELECT inet_merge('192.168.1.5/24', '192.168.2.5/24'), '2001:db8::1'::inet & 'ffff:ffff::'::inet AS masked,
       '192.168.1.255'::inet | '0.0.0.255'::inet AS ored, max('10.0.0.1'::inet) OVER () AS biggest
-- @entry special-types accepted
SELECT id, token, token::text, upper(token::text), uuid_extract_version(token) AS version, md5('pgmcp')::uuid AS from_md5,
       'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid = token AS equal_ignoring_case
FROM lab.samples
ORDER BY id
-- @entry special-types accepted
SELECT id, price, price * 2 AS doubled, price::numeric AS as_numeric, sum(price) OVER () AS total, cash_words(price) AS words
FROM lab.samples
WHERE price IS NOT NULL
ORDER BY id

-- ==== text search ====
-- @entry text-search accepted
SELECT to_tsvector('english', 'The Fat Rats') @@ to_tsquery('english', 'fat & rat') AS matches,
       to_tsvector('english', 'a fat cat sat on a mat') AS vector, plainto_tsquery('english', 'The Fat Rats') AS plain,
       phraseto_tsquery('english', 'The Fat Rats') AS phrase, websearch_to_tsquery('english', '"supernovae stars" -crab') AS web
-- @entry text-search accepted
SELECT id, doc, length(doc) AS lexemes, strip(doc), setweight(doc, 'A') AS weighted, doc @@ 'fox'::tsquery AS has_fox,
       tsvector_to_array(doc) AS words, ts_delete(doc, 'quick') AS without_quick
FROM lab.samples
ORDER BY id
-- @entry text-search accepted
SELECT product_name, ts_rank(to_tsvector('english', product_name), q) AS rank,
       ts_rank_cd(to_tsvector('english', product_name), q) AS rank_cd,
       ts_headline('english', product_name, q) AS headline
FROM products, to_tsquery('english', 'sauce | cheese') AS q
WHERE to_tsvector('english', product_name) @@ q
ORDER BY rank DESC, product_name
-- @entry text-search accepted
SELECT numnode('(fat & rat) | cat'::tsquery), querytree('foo & ! bar'::tsquery), 'a:1 b:2'::tsvector || 'c:1'::tsvector AS merged,
       tsquery_phrase('fat'::tsquery, 'cat'::tsquery, 10),
       array_to_tsvector('{fat,cat,rat}'::text[])
-- @entry text-search accepted
SELECT ts_lexize('english_stem', 'stars') AS lexemes, to_tsvector('simple', 'The Rats') AS simple_config,
       get_current_ts_config() AS current_config, to_tsvector('english', '{"a": "fat rats"}'::jsonb) AS from_jsonb
-- @entry text-search accepted
SELECT alias, description, token FROM ts_debug('english', 'a fat cat') ORDER BY 3, 1

-- ==== XML ====
-- @entry xml accepted
SELECT xmlelement(name item, xmlattributes(p.product_id AS id, p.unit_price AS price), p.product_name)
FROM products p
WHERE p.category_id = 1
ORDER BY p.product_id
-- @entry xml accepted
SELECT xmlforest(customer_id, company_name AS name), xmlconcat('<a/>'::xml, '<b/>'::xml), xmlcomment('hi'),
       xmlelement(name customer, company_name) AS element
FROM customers
WHERE customer_id < 'AR'
ORDER BY customer_id
-- @entry xml accepted
SELECT xmlagg(xmlelement(name c, company_name) ORDER BY company_name) FROM customers WHERE country = 'Spain'
-- @entry xml accepted
SELECT id, body, xpath('/order/item/text()', body) AS items, xpath('/order/item/@sku', body) AS skus,
       xmlexists('/order[@id="1"]' PASSING BY VALUE body) AS is_first, xml_is_well_formed(body::text)
FROM lab.samples
ORDER BY id
-- @entry xml accepted
SELECT xt.*
FROM lab.samples s,
     XMLTABLE('/order/item' PASSING s.body COLUMNS ord FOR ORDINALITY, sku text PATH '@sku', name text PATH '.') AS xt
ORDER BY xt.ord
-- @entry xml accepted
SELECT xmlparse(DOCUMENT '<a><b>x</b></a>') AS doc, xmlserialize(CONTENT '<a>x</a>'::xml AS text) AS serialized,
       xmlparse(CONTENT 'a<b/>c') AS content, xmltext('<not markup>') AS escaped
-- @entry xml accepted
SELECT '<x/>'::xml IS DOCUMENT AS is_doc, 'a<b/>'::xml IS NOT DOCUMENT AS is_content, xmlpi(name php, 'echo') AS pi

-- ==== subquery expressions and row comparisons ====
-- @entry subqueries accepted
SELECT product_name FROM products
WHERE unit_price > ALL (SELECT unit_price FROM products WHERE category_id = 3)
ORDER BY product_name
-- @entry subqueries accepted
SELECT product_name FROM products
WHERE category_id = SOME (SELECT category_id FROM categories WHERE category_name LIKE 'C%')
  AND supplier_id NOT IN (SELECT supplier_id FROM suppliers WHERE country = 'USA')
ORDER BY product_name
-- @entry subqueries accepted
SELECT (1, 2, 3) < (1, 2, 4) AS row_less, ROW(1, 'a') = ROW(1, 'a') AS row_equal, (1, NULL) IS NULL AS all_null,
       ROW(NULL, NULL) IS NULL AS both_null, (1, 2) IS DISTINCT FROM (1, NULL) AS row_distinct,
       ROW(1, 2) <> ROW(1, 3) AS row_unequal, (1, 2) >= (1, 2) AS row_ge
-- @entry subqueries accepted
SELECT o.order_id FROM orders o
WHERE (o.customer_id, o.employee_id) = ANY (SELECT customer_id, 5 FROM customers WHERE country = 'France')
ORDER BY o.order_id
-- @entry subqueries accepted
SELECT c.customer_id,
       (SELECT max(o.order_date) FROM orders o WHERE o.customer_id = c.customer_id) AS last_order,
       EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND o.freight > 200) AS big_freight
FROM customers c
ORDER BY (SELECT count(*) FROM orders o WHERE o.customer_id = c.customer_id) DESC, c.customer_id
LIMIT 10
-- @entry subqueries accepted
SELECT 1 IS DISTINCT FROM NULL AS d1, NULL IS NOT DISTINCT FROM NULL AS d2, true IS NOT FALSE AS t1, NULL::boolean IS UNKNOWN AS u,
       3 NOT BETWEEN 4 AND 6 AS nb, 5 BETWEEN SYMMETRIC 6 AND 4 AS bs, num_nulls(1, NULL, 2), num_nonnulls(1, NULL, 2),
       NULL ISNULL AS isnull, 1 NOTNULL AS notnull_op
-- @entry subqueries accepted
SELECT c.customer_id, EXISTS (SELECT FROM orders o WHERE o.customer_id = c.customer_id) AS ordered FROM customers c ORDER BY 1 LIMIT 5
-- @entry subqueries accepted
SELECT customer_id FROM customers c
WHERE (country, city) NOT IN (SELECT country, city FROM suppliers WHERE city IS NOT NULL)
  AND ROW(c.country, c.city) > ROW('Spain', 'A')
ORDER BY customer_id
-- @entry subqueries accepted
SELECT order_id, freight FROM orders WHERE order_id = $1 OR freight > ALL (SELECT freight FROM orders WHERE order_id = $1) AND freight > 900
ORDER BY order_id

-- ==== set operations ====
-- @entry set-operations accepted
(SELECT country FROM customers UNION SELECT country FROM suppliers) INTERSECT (SELECT ship_country FROM orders) ORDER BY 1
-- @entry set-operations accepted
SELECT city FROM customers EXCEPT ALL SELECT city FROM suppliers ORDER BY 1
-- @entry set-operations accepted
SELECT ship_via FROM orders INTERSECT ALL SELECT shipper_id FROM shippers ORDER BY 1
-- @entry set-operations accepted
SELECT 'customer' AS kind, country FROM customers
UNION ALL
(SELECT 'supplier', country FROM suppliers EXCEPT SELECT 'supplier', 'USA')
ORDER BY kind, country
LIMIT 20
-- @entry set-operations accepted
SELECT 1 AS n UNION SELECT 2 UNION ALL SELECT 2 EXCEPT SELECT 3 ORDER BY n
-- @entry set-operations accepted
TABLE lab.price_bands UNION ALL TABLE lab.price_bands ORDER BY band

-- ==== aggregates ====
-- @entry aggregates accepted
SELECT percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY unit_price) AS quartiles,
       percentile_disc(0.9) WITHIN GROUP (ORDER BY unit_price DESC) AS top_decile, mode() WITHIN GROUP (ORDER BY category_id) AS common_category
FROM products
-- @entry aggregates accepted
SELECT rank(20) WITHIN GROUP (ORDER BY unit_price) AS rank_of_20, dense_rank(20) WITHIN GROUP (ORDER BY unit_price) AS dense_rank_of_20,
       percent_rank(20) WITHIN GROUP (ORDER BY unit_price) AS pct_rank_of_20, cume_dist(20) WITHIN GROUP (ORDER BY unit_price) AS cume_dist_of_20
FROM products
-- @entry aggregates accepted
SELECT category_id, any_value(category_id) AS any_cat, bit_and(units_in_stock), bit_or(units_in_stock), bit_xor(units_in_stock),
       count(DISTINCT supplier_id), max(product_name), min(unit_price)
FROM products
GROUP BY category_id
ORDER BY category_id
-- @entry aggregates accepted
SELECT jsonb_object_agg(category_name, category_id ORDER BY category_id) AS by_name, json_object_agg(category_id, category_name) AS by_id,
       jsonb_agg(category_name ORDER BY category_name DESC) AS names
FROM categories
-- @entry aggregates accepted
SELECT covar_pop(freight, order_id), covar_samp(freight, order_id), regr_avgx(freight, order_id), regr_count(freight, order_id),
       regr_intercept(freight, order_id), regr_r2(freight, order_id), regr_sxx(freight, order_id), stddev_pop(freight), var_pop(freight), var_samp(freight)
FROM orders
-- @entry aggregates accepted
SELECT range_agg(during ORDER BY id) FILTER (WHERE id <= 3) AS merged, range_intersect_agg(during) FILTER (WHERE id = 10) AS just_one,
       array_agg(DISTINCT kind ORDER BY kind) AS kinds, string_agg(kind, ',' ORDER BY id) FILTER (WHERE id < 5) AS first_kinds
FROM lab.events
-- @entry aggregates accepted
SELECT array_agg(ARRAY[id, id * 10] ORDER BY id) AS two_dimensional, sum(id) AS total, avg(id) AS mean, count(*) FILTER (WHERE id % 2 = 0) AS even
FROM lab.events
WHERE id <= 4
-- @entry aggregates accepted
SELECT min(happened), max(happened_tz), min(seen), max(span), sum(span), avg(span), min(token::text), bool_or(qty > 5)
FROM lab.samples

-- ==== system information ====
-- @entry system-info accepted
SELECT current_database() LIKE 'benign%' AS own_database, current_schema(), current_schemas(false), current_user = session_user AS same_user,
       current_role = user AS same_role, pg_typeof(1.5), pg_typeof(ARRAY[1]), format_type('int4'::regtype, NULL),
       format_type('varchar'::regtype, 14)
-- @entry system-info accepted
SELECT has_table_privilege('lab.events', 'SELECT') AS can_read, has_table_privilege('lab.events', 'INSERT') AS can_write,
       has_schema_privilege('lab', 'USAGE') AS lab_usage, has_function_privilege('lab.net_price(real, smallint, real)', 'EXECUTE') AS can_call,
       pg_table_is_visible('customers'::regclass) AS visible, to_regclass('lab.nope') AS missing, to_regtype('lab.mood') AS mood_type
-- @entry system-info accepted
SELECT pg_get_viewdef('lab.order_totals'::regclass, true) AS view_definition, pg_get_functiondef('lab.net_price'::regproc) AS function_definition
-- @entry system-info accepted
SELECT current_setting('IntervalStyle') AS interval_style, current_setting('search_path') AS search_path,
       current_setting('standard_conforming_strings') AS scs, pg_encoding_to_char(6) AS encoding, pg_column_size(ROW(1, 'abc'))
-- @entry system-info accepted
SELECT c.conname, pg_get_constraintdef(c.oid) AS definition
FROM pg_constraint c
JOIN pg_namespace n ON n.oid = c.connamespace
WHERE n.nspname = 'lab'
ORDER BY c.conname
-- @entry system-info accepted
SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, col_description(a.attrelid, a.attnum) AS comment
FROM pg_attribute a
WHERE a.attrelid = 'lab.events'::regclass AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
-- @entry system-info accepted
SELECT pg_size_pretty(123456789::bigint) AS pretty, pg_size_bytes('1 GB') AS bytes, version() ~ '^PostgreSQL' AS is_postgres,
       current_setting('server_version_num')::int >= 140000 AS modern

-- ==== more SQL/JSON and jsonpath ====
-- @entry json accepted
SELECT jsonb_path_query(payload, '$.items[*] ? (@ >= $min)', '{"min": 4}') AS item, jsonb_path_query_first(payload, '$.meta.score') AS score,
       jsonb_path_match(payload, 'exists($.coupon)') AS coupon
FROM lab.events
WHERE id IN (10, 20)
ORDER BY id, item
-- @entry json accepted
SELECT jsonb_path_query('{"a": "2024-03-01", "b": 1.5, "c": "x"}', '$.a.datetime()') AS d,
       jsonb_path_query('{"h": {"a": 1}}', '$.h.keyvalue()') AS kv, jsonb_path_query_array('[1, 2.5, "3"]', '$[*].double()') AS doubles,
       jsonb_path_exists('["abc", "xyz"]', '$[*] ? (@ like_regex "^x")') AS has_x, jsonb_path_query('[1, 2]', 'strict $.size()') AS size
-- @entry json accepted
SELECT payload['meta']['ab'] AS ab, payload['items'][0] AS first_item, payload -> 'items' -> -1 AS last_item, payload #- '{meta,score}' AS no_score
FROM lab.events
WHERE id < 4
ORDER BY id
-- @entry json accepted
SELECT JSON_EXISTS(payload, '$.coupon') AS has_coupon, JSON_QUERY(payload, '$.items' WITH WRAPPER) AS items,
       JSON_VALUE(payload, '$.device') AS device, JSON_QUERY(payload, '$.meta.ab' RETURNING text) AS ab_text
FROM lab.events
WHERE id IN (1, 10)
ORDER BY id
-- @entry json accepted
SELECT JSON_OBJECT('id': product_id, 'name': product_name ABSENT ON NULL) AS obj, JSON_ARRAY(product_id, product_name, NULL NULL ON NULL) AS arr,
       json_scalar(unit_price) AS price
FROM products
WHERE product_id <= 3
ORDER BY product_id
-- @entry json accepted
SELECT json_serialize(JSON_OBJECT('k': 1) RETURNING text) AS serialized, json_serialize('[1, 2]'::json) AS plain
-- @entry json accepted
SELECT JSON_ARRAYAGG(category_name ORDER BY category_id) AS names, JSON_OBJECTAGG(category_name VALUE category_id) AS ids FROM categories
-- @entry json accepted
SELECT jsonb_strip_nulls('{"a": 1, "b": null, "c": [null]}'), jsonb_insert('{"a": [0, 1]}', '{a, 1}', '"new"'),
       jsonb_build_array(1, 'two', NULL, true), json_object('{a, 1, b, 2}'), jsonb_array_elements_text('["x", "y"]') AS element,
       to_json('say "hi"'::text) AS quoted, '[1, 2, 3]'::jsonb @> '[2]' AS contains
-- @entry json accepted
SELECT * FROM json_populate_record(NULL::lab.pair, '{"a": 5, "b": "five"}') UNION ALL
SELECT * FROM jsonb_to_record('{"a": 6, "b": "six", "c": true}') AS r(a int, b text)
-- @entry json accepted
SELECT id, doc_json, doc_jsonb, doc_jsonb -> 'n' AS precise, doc_json ->> 'a' AS a_text, json_typeof(doc_json) AS json_kind
FROM lab.samples
ORDER BY id
-- @entry json accepted
SELECT '{"n": 12345678901234567890.000000001, "s": "\u00e9\n", "e": 1e400}'::jsonb AS exotic_numbers,
       '{"b": 1, "a": 2, "b": 3}'::json AS duplicate_keys_kept, '  [1,  2 ]'::json AS spacing_kept
-- @entry json accepted
SELECT id, payload IS JSON OBJECT AS is_object, payload -> 'items' IS JSON ARRAY AS is_array, 'x' IS NOT JSON AS not_json
FROM lab.events
WHERE id < 3
ORDER BY id

-- ==== more arrays ====
-- @entry arrays accepted
SELECT array_append(ARRAY[1, 2], 3), array_prepend(0, ARRAY[1, 2]), array_fill(7, ARRAY[2, 3]), array_fill(0, ARRAY[3], ARRAY[2]) AS with_bounds,
       array_lower('[0:2]={1,2,3}'::int[], 1), array_upper(ARRAY[[1, 2], [3, 4]], 2), array_ndims(ARRAY[[1]]), array_replace(ARRAY[1, 2, 5, 4], 5, 3),
       array_positions(ARRAY['A', 'A', 'B', 'A'], 'A'), trim_array(ARRAY[1, 2, 3, 4, 5, 6], 2)
-- @entry arrays accepted
SELECT array_reverse(ARRAY[1, 2, 3]) AS reversed, array_sort(ARRAY[3, 1, 2]) AS sorted, array_sort(ARRAY['b', 'A', 'c'], true) AS sorted_desc,
       (ARRAY[1, 2, 3, 4, 5])[2:3] AS middle, ARRAY[]::int[] AS empty, '{}'::text[] AS empty_text
-- @entry arrays accepted
SELECT (ARRAY[1, 2, 3, 4, 5])[:2] AS head, (ARRAY[1, 2, 3, 4, 5])[4:] AS tail, (ARRAY[1, 2, 3])[:] AS whole
-- @entry arrays accepted
SELECT id, words, grid, amounts, array_length(words, 1) AS word_count, array_dims(grid) AS dims, grid[1] AS first_cell
FROM lab.samples
ORDER BY id
-- @entry arrays accepted
SELECT '{{1,2},{3,4}}'::int[] AS matrix, '[0:1]={a,b}'::text[] AS zero_based, ARRAY[ARRAY['a', 'b'], ARRAY['c', NULL]] AS nested_text,
       ARRAY[1.5, 2.25]::numeric[] AS decimals, ARRAY[0.1::float8, 'NaN'] AS doubles, ARRAY[true, NULL, false] AS flags,
       ARRAY['{"a":1}'::jsonb, '[2]'] AS docs, ARRAY['\x01ff'::bytea] AS blobs, ARRAY[9007199254740993::int8] AS longs
-- @entry arrays accepted
SELECT ARRAY[interval '90 minutes', interval '1 mon'] AS intervals, ARRAY[time '10:30', time '23:59:59.5'] AS times,
       ARRAY['sad', 'happy']::lab.mood[] AS moods, ARRAY['192.168.0.1'::inet] AS hosts, ARRAY[int4range(1, 3)] AS ranges,
       ARRAY['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid] AS uuids, ARRAY[1.5::real, 0.1] AS reals
-- @entry arrays accepted
SELECT ARRAY['NaN', 'Infinity', '-Infinity', 1.5]::numeric[] AS special_numerics, ARRAY['NaN', '-Infinity']::float8[] AS special_doubles
-- @entry arrays accepted
SELECT u.x, u.ord FROM unnest(ARRAY[[1, 2], [3, 4]]) WITH ORDINALITY AS u(x, ord) ORDER BY u.ord

-- ==== more ranges and multiranges ====
-- @entry ranges accepted
SELECT numrange(11.1, 22.2) && numrange(20.0, 30.0) AS overlap, int8range(1, 10) << int8range(100, 110) AS strictly_left,
       int8range(50, 60) >> int8range(20, 30) AS strictly_right,
       int4range(5, 15) + int4range(10, 20) AS merged, int4range(5, 15) - int4range(10, 20) AS difference,
       int4range(5, 15) * int4range(10, 20) AS intersection
-- @entry ranges accepted
SELECT int8range(1, 20) &< int8range(18, 20) AS not_right, int8range(7, 20) &> int8range(5, 10) AS not_left
-- @entry ranges accepted
SELECT lower(numrange(1.1, 2.2)), upper(int4range(1, 5, '[]')), isempty(int4range(1, 1)), lower_inc(numrange(1.1, 2.2)),
       upper_inc(numrange(1.1, 2.2)), lower_inf('(,)'::daterange), upper_inf('(,)'::daterange), range_merge('[1,2)'::int4range, '[3,4)'::int4range),
       int4range(1, 10, '(]') AS exclusive_lower, daterange(date '2024-01-01', date '2024-02-01', '[]') AS closed
-- @entry ranges accepted
SELECT '{[1,3), [5,8)}'::int4multirange @> 6 AS contains_6, int4multirange(int4range(1, 3), int4range(2, 6)) AS joined,
       multirange(int4range(10, 20)) AS single, '{[1,10)}'::int4multirange - '{[3,4)}'::int4multirange AS punched,
       range_merge('{[1,3), [5,8)}'::int4multirange) AS hull, unnest('{[1,3), [5,8)}'::int4multirange) AS piece
-- @entry ranges accepted
SELECT id, slots, lower(slots), upper(slots), isempty(slots), slots @> 2 AS has_2 FROM lab.samples ORDER BY id
-- @entry ranges accepted
SELECT band, prices, valid, valid @> date '1996-06-01' AS in_1996, upper(valid) - lower(valid) AS days
FROM lab.price_bands
ORDER BY lower(prices)

-- ==== more pattern matching ====
-- @entry regex accepted
SELECT regexp_replace('Thomas', '.[mN]a.', 'M') AS first_only, regexp_replace('foobarbaz', 'b(..)', 'X\1Y', 'g') AS backref,
       regexp_replace('A PostgreSQL function', 'a|e|i|o|u', 'X', 1, 2, 'i') AS nth, regexp_instr('ABCDEFGHI', '(c..)(...)', 1, 1, 0, 'i') AS instr,
       regexp_substr('ABCDEFGHI', '(c..)(...)', 1, 1, 'i', 2) AS substr, regexp_count('ABCABCAXYaxy', 'A.', 1, 'i') AS occurrences
-- @entry regex accepted
SELECT m, array_length(m, 1) FROM regexp_matches('foobarbequebazilbarfbonk', '(b[^b]+)(b[^b]+)', 'g') AS m ORDER BY 1
-- @entry regex accepted
SELECT regexp_split_to_array('hello world', '\s+') AS words, regexp_split_to_table('one,two;three', '[,;]') AS part,
       regexp_like('Hello', '^h', 'i') AS case_insensitive, 'abc' ~ '^(?:a)(b)c$' AS non_capturing, 'x1y22' ~ '\d{2}' AS quantified
-- @entry regex accepted
SELECT company_name FROM customers WHERE company_name ~ '(?i)^(ana|antonio)' OR company_name SIMILAR TO 'B(e|o)%' ORDER BY 1

-- ==== more casts ====
-- @entry casts accepted
SELECT int4('42') AS func_int, text(123) AS func_text, "numeric"('12.5') AS quoted_func,
       '1'::int::bool AS chained, 5::lab.positive_qty AS to_domain, CAST('1 2' AS tsvector) AS cast_tsvector
-- @entry casts accepted
SELECT float8(1) AS func_float, int8(7) AS func_int8, bool 'yes' AS prefix_typed, numeric(10, 2) '3.14159' AS typmod_prefixed
-- @entry casts accepted
SELECT CAST('2024-02-29 13:45' AS timestamp) AS ts, CAST('13:45' AS time(0)) AS t, '12.345'::numeric(5, 1) AS rounded,
       'abc'::varchar(2) AS truncated, 'abc'::char(5) AS padded, 3.7::int AS rounded_int, -3.5::int AS half_away, '0x1F'::int AS hex_text,
       'products'::regclass::oid > 0 AS has_oid, 1::money AS one_money
-- @entry casts accepted
SELECT CAST(ARRAY['1', '2'] AS int[]) AS ints, '{1.5,2.5}'::float8[] AS doubles, '(1,x)'::lab.pair AS pair_from_text,
       ROW(1, 'y')::lab.pair::text AS pair_to_text, 'happy'::lab.mood::text::lab.mood AS round_trip, 10248::text::int + 1 AS twice
-- @entry casts accepted
SELECT order_id::bigint AS id, freight::real AS real_freight, freight::double precision AS double_freight,
       order_date::timestamptz AS order_tz, order_date::timestamp(0) AS order_ts, customer_id::text AS customer
FROM orders
WHERE order_id = $1

-- ==== more literals and identifiers ====
-- @entry tricky-literals accepted
SELECT 1_000_000 AS underscored, 0x1F AS hex, 0o17 AS octal, 0b101 AS binary, 1.5e3 AS exponent, .5 AS leading_dot, 5. AS trailing_dot,
       4e-3 AS small
-- @entry tricky-literals accepted
SELECT 1_000.000_1 AS underscored_decimal, 0x_1F AS hex_underscored, 1_0e1_0 AS exponent_underscored
-- @entry tricky-literals accepted
SELECT E'\x41\101\u00e9\U0001F600' AS escapes, E'tab\there' AS tab, B'1010' AS bits, X'1F' AS hex_bits,
       $fn$ body with 'quotes' $fn$ AS tagged
-- @entry tricky-literals accepted
SELECT 'foo'
'bar' AS continued, E'one'
  'two' AS continued_escape
-- @entry tricky-literals accepted
SELECT DATE '2024-01-01' AS d, TIME '10:00:00.5' AS t, TIMESTAMP '2024-01-01 10:00' AS ts, TIMESTAMP WITH TIME ZONE '2024-01-01 10:00+02' AS tstz,
       INTERVAL '1' DAY AS one_day, INTEGER '42' AS i, NUMERIC '1.50' AS n
-- @entry tricky-literals accepted
SELECT BOOLEAN 'true' AS b, JSONB '{"a": 1}' AS doc, TEXT 'typed' AS txt, REAL '1.5' AS r, DOUBLE PRECISION '2.5' AS dp, CHARACTER VARYING '12' AS v
-- @entry tricky-literals accepted
SELECT 1 AS top, 2 AS qualify, 3 AS minus, 4 AS rownum, 5 AS sysdate, 6 AS prior, 7 AS connect, 8 AS level, 9 AS merge, 10 AS replace,
       11 AS "limit", 12 AS sample, 13 AS nocopy, 14 AS "user"
-- @entry tricky-literals accepted
SELECT top.level, top.rownum, top.qualify, top.value, top.range, top.rows
FROM (VALUES (1, 2, 3, 4, 5, 6)) AS top(level, rownum, qualify, value, range, rows)
-- @entry tricky-literals accepted
SELECT count(*) AS "two
lines", 'x' AS "with ""quotes"" inside", 1 AS "Mixed Case", 2 AS "  spaced  ", 3 AS "ünïcode"
FROM orders
-- @entry tricky-literals accepted
SELECT '{1,2,3}'::int[] AS curly_array, '{"a b",c}'::text[] AS quoted_elements, ARRAY[1, 2] AS constructor, ROW(1, 'x') AS anonymous_row,
       (1, 'x', NULL) AS implicit_row, '(1,"x y")'::lab.pair AS composite_text
-- @entry tricky-literals accepted
SELECT 'a' || 'b' COLLATE "C" AS c_collated, 'B' < 'a' COLLATE "POSIX" AS posix_order, 'é' COLLATE "ucs_basic" AS ucs_basic,
       max(company_name COLLATE "C") AS c_max
FROM customers

-- ==== ORDER BY, LIMIT, FETCH, OFFSET, DISTINCT, VALUES, TABLE ====
-- @entry analytics accepted
SELECT product_name, unit_price FROM products ORDER BY unit_price USING >, product_name USING < LIMIT 5
-- @entry analytics accepted
SELECT o.order_id, j.customer_id
FROM orders o JOIN customers c USING (customer_id) AS j
WHERE j.customer_id = 'ALFKI'
ORDER BY o.order_id
-- @entry analytics accepted
SELECT product_name, units_in_stock FROM products ORDER BY units_in_stock DESC NULLS LAST, product_name FETCH FIRST 3 ROWS WITH TIES
-- @entry analytics accepted
SELECT order_id FROM orders ORDER BY order_id FETCH FIRST ROW ONLY
-- @entry analytics accepted
SELECT order_id FROM orders ORDER BY order_id DESC LIMIT ALL OFFSET 825
-- @entry analytics accepted
SELECT count(*) FROM order_details TABLESAMPLE BERNOULLI (30) REPEATABLE (7)
-- @entry analytics accepted
SELECT DISTINCT ON (ship_country) ship_country, order_id FROM orders ORDER BY ship_country, order_id OFFSET 2 ROWS FETCH NEXT 4 ROWS ONLY
-- @entry analytics accepted
SELECT * FROM (VALUES (1, 'one', 1.5), (2, 'two', NULL), (3, NULL, 3.25)) AS v(n, word, amount) WHERE n > 1 ORDER BY n DESC
-- @entry analytics accepted
TABLE lab.price_bands ORDER BY band DESC LIMIT 2
-- @entry analytics accepted
SELECT order_id FROM orders WHERE ship_via = 1 ORDER BY freight DESC, order_id OFFSET 5 LIMIT 3

-- ==== more CTEs, recursion with SEARCH and CYCLE ====
-- @entry recursive-cte accepted
WITH RECURSIVE tree(employee_id, reports_to, name) AS (
    SELECT employee_id, reports_to, first_name FROM employees WHERE reports_to IS NULL
  UNION ALL
    SELECT e.employee_id, e.reports_to, e.first_name FROM employees e JOIN tree t ON e.reports_to = t.employee_id
) SEARCH DEPTH FIRST BY employee_id SET ordercol
SELECT employee_id, name, ordercol FROM tree ORDER BY ordercol
-- @entry recursive-cte accepted
WITH RECURSIVE tree(employee_id, reports_to, name) AS (
    SELECT employee_id, reports_to, first_name FROM employees WHERE reports_to IS NULL
  UNION ALL
    SELECT e.employee_id, e.reports_to, e.first_name FROM employees e JOIN tree t ON e.reports_to = t.employee_id
) SEARCH BREADTH FIRST BY employee_id SET ordercol
SELECT employee_id, name FROM tree ORDER BY ordercol
-- @entry recursive-cte accepted
WITH RECURSIVE walk(node, next) AS (
    SELECT 1, 2
  UNION ALL
    SELECT w.next, CASE WHEN w.next = 4 THEN 1 ELSE w.next + 1 END FROM walk w
) CYCLE node SET is_cycle USING path
SELECT node, next, is_cycle, path FROM walk ORDER BY array_length(path, 1)
-- @entry recursive-cte accepted
WITH RECURSIVE walk(node) AS (
    SELECT 1 UNION ALL SELECT node % 3 + 1 FROM walk
) CYCLE node SET looped TO 'Y' DEFAULT 'N' USING trail
SELECT node, looped, trail FROM walk ORDER BY cardinality(trail)
-- @entry recursive-cte accepted
WITH big AS NOT MATERIALIZED (SELECT * FROM orders WHERE freight > 100),
     counted AS MATERIALIZED (SELECT customer_id, count(*) AS n FROM big GROUP BY customer_id)
SELECT customer_id, n FROM counted ORDER BY n DESC, customer_id LIMIT 5

-- ==== more grouping ====
-- @entry grouping-sets accepted
SELECT ship_via, employee_id, count(*) FROM orders GROUP BY DISTINCT ROLLUP (ship_via, employee_id), ROLLUP (ship_via) ORDER BY 1, 2
-- @entry grouping-sets accepted
SELECT kind, mood, grouping(kind, mood) AS g, count(*)
FROM lab.events
GROUP BY GROUPING SETS ((kind), CUBE (mood), ())
ORDER BY g, kind, mood
-- @entry grouping-sets accepted
SELECT count(*), sum(freight) FROM orders GROUP BY ()
-- @entry grouping-sets accepted
SELECT ship_country, ship_via, count(*) FROM orders GROUP BY ALL ship_country, ship_via HAVING count(*) > 20 ORDER BY 3 DESC, 1, 2

-- ==== more window functions ====
-- @entry window-functions accepted
SELECT order_id, customer_id, freight,
       sum(freight) OVER (w ORDER BY order_id ROWS UNBOUNDED PRECEDING) AS running,
       avg(freight) OVER (w ORDER BY order_id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES) AS smoothed,
       count(*) OVER w AS orders_of_customer
FROM orders
WINDOW w AS (PARTITION BY customer_id)
ORDER BY customer_id, order_id
LIMIT 30
-- @entry window-functions accepted
SELECT product_id, unit_price, lag(unit_price, 2, 0::real) OVER (ORDER BY product_id) AS two_back,
       lead(product_name, 1, '(none)') OVER (ORDER BY product_id) AS next_name, nth_value(product_id, 3) OVER (ORDER BY product_id
       RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS third, unit_price - first_value(unit_price) OVER (ORDER BY product_id) AS vs_first
FROM products
ORDER BY product_id

-- ==== more set-returning functions ====
-- @entry generate-series accepted
SELECT * FROM generate_series(0.5, 2.0, 0.5) AS x
-- @entry generate-series accepted
SELECT * FROM generate_series(timestamptz '2024-03-30 00:00+01', timestamptz '2024-04-01 00:00+02', interval '1 day', 'Europe/Paris') AS day
-- @entry generate-series accepted
SELECT * FROM ROWS FROM (generate_series(1, 3), unnest(ARRAY['a', 'b'])) WITH ORDINALITY AS r(n, letter, ord) ORDER BY ord
-- @entry generate-series accepted
SELECT s, generate_series(1, s) AS inner_n FROM generate_series(1, 3) s ORDER BY s, inner_n

-- ==== more joins and lateral ====
-- @entry joins accepted
SELECT o.order_id, d.product_id FROM orders o JOIN order_details d USING (order_id) WHERE o.order_id = $1 ORDER BY d.product_id
-- @entry joins accepted
SELECT c.customer_id, o.order_id
FROM customers c
LEFT JOIN (orders o JOIN shippers s ON s.shipper_id = o.ship_via AND s.company_name = 'Speedy Express') ON o.customer_id = c.customer_id
WHERE c.country = 'Argentina'
ORDER BY 1, 2
-- @entry lateral accepted
SELECT e.id, x.key, x.value
FROM lab.events e
LEFT JOIN LATERAL jsonb_each_text(e.payload -> 'meta') AS x ON true
WHERE e.id <= 3
ORDER BY e.id, x.key
-- @entry lateral accepted
SELECT c.category_name, p.*
FROM categories c,
     LATERAL (SELECT count(*) AS n, max(unit_price) AS top FROM products p WHERE p.category_id = c.category_id) p,
     LATERAL (SELECT p.n * 2 AS doubled) d
ORDER BY c.category_id

-- ==== more EXPLAIN ====
-- @entry explain accepted
EXPLAIN (COSTS false, VERBOSE, FORMAT XML) SELECT * FROM customers WHERE country = 'Germany'
-- @entry explain accepted
EXPLAIN (SUMMARY false, COSTS true) SELECT o.order_id FROM orders o JOIN order_details d USING (order_id) WHERE d.quantity > 50
-- @entry explain accepted
EXPLAIN (COSTS OFF) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT * FROM n

-- ==== more comments ====
-- @entry comments accepted
SELECT 1 AS one /* a block comment with -- inside */, 2 AS two -- and a line comment with /* inside
-- @entry comments accepted
SELECT/**/order_id/**/FROM/**/orders/**/ORDER/**/BY/**/order_id/**/LIMIT/**/2
