-- Benign analytical queries for ValidatorBenchmark.validateCorpus: what an assistant asks of a
-- sales database. Statements end with ';' (a ';' inside literals, identifiers and comments does
-- not count). Every one must be accepted by the validator; the benchmark lists any it rejects.

SELECT * FROM customers WHERE id = $1;

SELECT id, name, email FROM customers WHERE country = 'DE' ORDER BY name LIMIT 50;

SELECT count(*) FROM orders WHERE ordered_at >= now() - interval '7 days';

SELECT c.name, o.id, o.ordered_at
FROM customers c
JOIN orders o ON o.customer_id = c.id
WHERE o.status = 'shipped'
ORDER BY o.ordered_at DESC
LIMIT 20;

SELECT c.id, c.name, count(o.id) AS orders
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.id
GROUP BY c.id, c.name
HAVING count(o.id) = 0;

SELECT p.name, coalesce(s.units, 0) AS units
FROM products p
FULL OUTER JOIN (SELECT product_id, sum(quantity) AS units FROM order_items GROUP BY product_id) s
  ON s.product_id = p.id;

SELECT e.name AS employee, m.name AS manager
FROM employees e
LEFT JOIN employees m ON m.id = e.manager_id
ORDER BY m.name NULLS FIRST, e.name;

SELECT date_trunc('month', ordered_at) AS month, sum(total) AS revenue
FROM orders
GROUP BY 1
ORDER BY 1;

SELECT customer_id, ordered_at, total,
       sum(total) OVER (PARTITION BY customer_id ORDER BY ordered_at) AS running_total,
       row_number() OVER (PARTITION BY customer_id ORDER BY ordered_at) AS n
FROM orders;

SELECT product_id, day, units,
       avg(units) OVER (PARTITION BY product_id ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS avg_7d
FROM daily_sales;

SELECT region,
       count(*) FILTER (WHERE status = 'open') AS open,
       count(*) FILTER (WHERE status = 'closed') AS closed,
       avg(resolution_hours) FILTER (WHERE priority = 'high') AS high_priority_hours
FROM support_tickets
GROUP BY region;

SELECT country, segment, sum(total) AS revenue
FROM orders o JOIN customers c ON c.id = o.customer_id
GROUP BY GROUPING SETS ((country, segment), (country), ());

SELECT country, city, count(*) FROM customers GROUP BY ROLLUP (country, city);

SELECT brand, category, sum(units) FROM product_sales GROUP BY CUBE (brand, category);

SELECT DISTINCT ON (customer_id) customer_id, id AS last_order, ordered_at
FROM orders
ORDER BY customer_id, ordered_at DESC;

SELECT c.name, recent.id, recent.total
FROM customers c
CROSS JOIN LATERAL (
    SELECT o.id, o.total FROM orders o WHERE o.customer_id = c.id ORDER BY o.ordered_at DESC LIMIT 3
) recent;

WITH RECURSIVE tree AS (
    SELECT id, parent_id, name, 1 AS depth FROM categories WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, c.parent_id, c.name, t.depth + 1 FROM categories c JOIN tree t ON c.parent_id = t.id
)
SELECT * FROM tree ORDER BY depth, name;

WITH monthly AS (
    SELECT date_trunc('month', ordered_at) AS month, sum(total) AS revenue FROM orders GROUP BY 1
)
SELECT month, revenue, revenue - lag(revenue) OVER (ORDER BY month) AS change FROM monthly;

SELECT payload->>'event' AS event, (payload->'user'->>'id')::int AS user_id
FROM events
WHERE payload @> '{"source": "web"}'::jsonb;

SELECT id, jsonb_array_length(tags) AS n_tags FROM articles WHERE tags ? 'postgres';

SELECT key, count(*) FROM events, jsonb_each_text(payload) GROUP BY key ORDER BY 2 DESC;

SELECT jsonb_build_object('id', id, 'name', name, 'tags', to_jsonb(tags)) FROM products LIMIT 10;

SELECT id, labels FROM issues WHERE labels && ARRAY['bug', 'urgent']::text[];

SELECT unnest(string_to_array('a,b,c', ',')) AS part;

SELECT array_agg(name ORDER BY name) AS names FROM customers WHERE country = $1;

SELECT room, during FROM bookings WHERE during && tstzrange(now(), now() + interval '1 day');

SELECT id, email FROM customers WHERE email ~* '^[a-z0-9._%+-]+@example\.(com|org)$';

SELECT name FROM products WHERE name !~ '^test' AND sku SIMILAR TO 'AB-[0-9]{4}';

SELECT total::numeric(12, 2), ordered_at::date, id::text FROM orders LIMIT 5;

SELECT d::date AS day, count(o.id) AS orders
FROM generate_series(now() - interval '30 days', now(), interval '1 day') AS d
LEFT JOIN orders o ON o.ordered_at::date = d::date
GROUP BY 1
ORDER BY 1;

SELECT 'drop table customers; -- not a statement' AS note, "odd;name" FROM "weird table";

SELECT id /* the key; nothing else */, name -- trailing; comment
FROM customers
WHERE name <> 'DELETE FROM customers';

SELECT $$it's a dollar-quoted; string$$ AS s, E'tab\there' AS e;

EXPLAIN SELECT * FROM orders WHERE customer_id = 42;

EXPLAIN (FORMAT JSON) SELECT c.country, count(*) FROM customers c GROUP BY c.country;

SELECT c.name
FROM customers c
WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.total > 1000)
  AND c.id NOT IN (SELECT customer_id FROM blocked_accounts);

SELECT name, price FROM products WHERE price > (SELECT avg(price) FROM products);

SELECT id FROM orders WHERE status = 'open'
UNION
SELECT order_id FROM refunds WHERE processed_at IS NULL
EXCEPT
SELECT order_id FROM disputes;

SELECT customer_id, total,
       CASE WHEN total >= 1000 THEN 'large' WHEN total >= 100 THEN 'medium' ELSE 'small' END AS size
FROM orders;

SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY total) AS p90, mode() WITHIN GROUP (ORDER BY status)
FROM orders;

SELECT schemaname, relname, n_live_tup FROM pg_stat_user_tables ORDER BY n_live_tup DESC LIMIT 10;

SELECT table_name, column_name, data_type
FROM information_schema.columns
WHERE table_schema = 'public'
ORDER BY table_name, ordinal_position;

VALUES (1, 'one'), (2, 'two');

TABLE customers;

SELECT round(100.0 * count(*) FILTER (WHERE churned) / nullif(count(*), 0), 1) AS churn_pct,
       to_char(now(), 'YYYY-MM') AS period
FROM subscriptions;
