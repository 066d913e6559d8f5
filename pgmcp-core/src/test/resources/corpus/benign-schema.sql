-- Extra schema "lab" that BenignCorpusTest creates next to Northwind (schema public), for the
-- benign corpus entries that need types Northwind lacks: jsonb, arrays, ranges, an enum, odd
-- identifiers, SQL functions (IMMUTABLE, STABLE, set-returning STABLE) and a view.
-- Run as the superuser right after Northwind is loaded.
CREATE SCHEMA lab;

CREATE TYPE lab.mood AS ENUM ('sad', 'ok', 'happy');

CREATE TABLE lab.events (
    id          int PRIMARY KEY,
    customer_id varchar(5) REFERENCES public.customers (customer_id),
    kind        text NOT NULL,
    payload     jsonb NOT NULL,
    tags        text[] NOT NULL DEFAULT '{}',
    scores      int[],
    during      tstzrange,
    mood        lab.mood,
    amount      numeric(10, 2),
    created_at  timestamptz NOT NULL
);

INSERT INTO lab.events
SELECT g,
       (SELECT customer_id FROM public.customers ORDER BY customer_id OFFSET (g % 91) LIMIT 1),
       (ARRAY['click', 'view', 'purchase', 'refund'])[1 + g % 4],
       jsonb_build_object('page', '/p/' || (g % 7),
                          'device', CASE WHEN g % 3 = 0 THEN 'mobile' ELSE 'desktop' END,
                          'items', jsonb_build_array(g % 5, g % 11),
                          'meta', jsonb_build_object('ab', g % 2 = 0, 'score', g * 1.5))
           || CASE WHEN g % 10 = 0 THEN '{"coupon": "SAVE10"}'::jsonb ELSE '{}'::jsonb END,
       ARRAY['t' || (g % 5), 't' || (g % 3)],
       ARRAY[g % 10, g % 7, g % 3],
       tstzrange(timestamptz '2024-01-01 00:00+00' + g * interval '1 hour',
                 timestamptz '2024-01-01 00:00+00' + g * interval '1 hour' + (g % 5 + 1) * interval '30 minutes'),
       (ARRAY['sad', 'ok', 'happy']::lab.mood[])[1 + g % 3],
       round(((g * 7.31) % 500)::numeric, 2),
       timestamptz '2024-01-01 00:00+00' + g * interval '1 hour'
FROM generate_series(1, 500) g;

CREATE TABLE lab.price_bands (
    band   text PRIMARY KEY,
    prices numrange NOT NULL,
    valid  daterange NOT NULL
);
INSERT INTO lab.price_bands VALUES
    ('budget', '[0,10)', '[1996-01-01,1997-01-01)'),
    ('standard', '[10,40)', '[1996-01-01,)'),
    ('premium', '[40,)', '[1997-01-01,1999-01-01)');

-- Identifiers and values that look like SQL: a validator must not be fooled by them either way.
CREATE TABLE lab."odd;table" (
    "drop"         int,
    "delete"       text,
    "semi;colon"   text,
    "DROP TABLE x" text
);
INSERT INTO lab."odd;table" VALUES
    (1, 'delete me; not really', 'a;b', 'DROP TABLE customers'),
    (2, '', ';', '--');

CREATE FUNCTION lab.net_price(price real, qty smallint, discount real) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT round((price * qty * (1 - discount))::numeric, 2) $$;

CREATE FUNCTION lab.customer_revenue(cid varchar) RETURNS numeric
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(sum(d.unit_price * d.quantity * (1 - d.discount)), 0)::numeric
          FROM public.orders o JOIN public.order_details d ON d.order_id = o.order_id
          WHERE o.customer_id = cid $$;

CREATE FUNCTION lab.orders_of(cid varchar) RETURNS SETOF public.orders
    LANGUAGE sql STABLE
    AS $$ SELECT * FROM public.orders WHERE customer_id = cid $$;

CREATE VIEW lab.order_totals AS
SELECT o.order_id, o.customer_id, o.order_date,
       sum(lab.net_price(d.unit_price, d.quantity, d.discount)) AS total
FROM public.orders o
JOIN public.order_details d ON d.order_id = o.order_id
GROUP BY o.order_id, o.customer_id, o.order_date;
