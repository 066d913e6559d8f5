-- Extra schema "lab" that BenignCorpusTest creates next to Northwind (schema public), for the
-- benign corpus entries that need types Northwind lacks: jsonb, arrays, ranges, an enum, odd
-- identifiers, SQL functions (IMMUTABLE, STABLE, set-returning STABLE), a view, a domain, a
-- composite type, and lab.samples (one column per type, edge values) for the result comparison.
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

-- Values of the types the benign corpus compares pgmcp's rendering of with PostgreSQL's own: one
-- column per type, and the values at the edges (NaN, infinities, an int8 past 2^53, BC and far
-- future dates, empty and multi-dimensional arrays, arrays not starting at 1, NULLs).
CREATE DOMAIN lab.positive_qty AS int CHECK (VALUE > 0);
CREATE TYPE lab.pair AS (a int, b text);

CREATE TABLE lab.samples (
    id         int PRIMARY KEY,
    token      uuid,
    host       inet,
    net        cidr,
    mac        macaddr,
    doc        tsvector,
    body       xml,
    flags      bit varying(8),
    raw        bytea,
    span       interval,
    at_time    time,
    at_timetz  timetz,
    price      money,
    spot       point,
    area       box,
    ring       circle,
    slots      int4multirange,
    measure    numeric,
    ratio      float8,
    factor     real,
    happened   timestamp,
    happened_tz timestamptz,
    seen       date,
    big        bigint,
    qty        lab.positive_qty,
    duo        lab.pair,
    words      text[],
    grid       int[],
    spans      interval[],
    moments    timestamp[],
    stamps     timestamptz[],
    days       date[],
    amounts    numeric[],
    doc_json   json,
    doc_jsonb  jsonb
);
INSERT INTO lab.samples VALUES
    (1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '192.168.1.10/24', '10.0.0.0/8', '08:00:2b:01:02:03',
     to_tsvector('english', 'The quick brown foxes jumped over the lazy dogs'),
     '<order id="1"><item sku="A1">Tea</item><item sku="B2">Coffee</item></order>',
     B'10110', '\x00ff10', interval '1 year 2 months 3 days 04:05:06.5', time '13:45:06.123',
     timetz '13:45:06+02', 12.34, point '(1.5,2)', box '((0,0),(2,3))', circle '<(1,1),2>',
     '{[1,3), [5,8)}', 1.50, 0.1, 0.1, timestamp '2024-02-29 13:45:06.12',
     timestamptz '2024-06-01 10:00:00+00', date '2024-02-29', 9007199254740993, 7, ROW(1, 'one'),
     ARRAY['a', NULL, 'c d', '"quoted"', ''], '{{1,2},{3,4}}', ARRAY[interval '1 day', interval '2 hours 30 minutes'],
     ARRAY[timestamp '2024-01-01 00:00:00', timestamp '2024-07-01 12:30:00.25'],
     ARRAY[timestamptz '2024-01-01 00:00:00+00', timestamptz '2024-07-01 12:30:00.25+02'],
     ARRAY[date '2024-01-01', date '1999-12-31'], ARRAY[1.50, 2, NULL]::numeric[],
     '{"b": 1,  "a": [true, null, 2.50]}', '{"b": 1, "a": [true, null, 2.50], "n": 12.000000000000000000001}'),
    (2, '00000000-0000-0000-0000-000000000000', '::1', '2001:db8::/32', 'ff:ff:ff:ff:ff:ff',
     to_tsvector('simple', 'a b c'), '<empty/>', B'', '\x', interval 'P0D', time '00:00', timetz '00:00+00',
     -0.5, point '(0,0)', box '((1,1),(1,1))', circle '<(0,0),0>', '{}', 'NaN', 'Infinity', '-Infinity',
     'infinity', '-infinity', 'infinity', -9223372036854775808, 1, ROW(NULL, NULL), '{}', '[0:2]={10,20,30}',
     '{}', ARRAY[timestamp '0044-03-15 12:00:00 BC'], ARRAY[timestamptz 'infinity'], ARRAY[date '10000-01-01'],
     '{-0.5,1e-20}', '[]', '{}'),
    (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, timestamp '0001-01-01 00:00:00 BC', timestamptz '12345-06-07 08:09:10+00', date '4713-01-01 BC',
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'null', 'null');
