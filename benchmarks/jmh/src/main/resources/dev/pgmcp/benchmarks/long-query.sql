-- A quarterly account review as an analyst (or a model) would write it: several CTEs, joins of
-- every kind, window functions, CASE, FILTER, scalar and EXISTS subqueries. About 4 kB.
WITH params AS (
    SELECT date_trunc('quarter', now() - interval '3 months') AS period_start,
           date_trunc('quarter', now()) AS period_end,
           $1::numeric AS min_revenue
),
order_totals AS (
    SELECT o.id AS order_id,
           o.customer_id,
           o.ordered_at,
           o.status,
           sum(oi.quantity * oi.unit_price * (1 - coalesce(oi.discount, 0))) AS net_amount,
           count(DISTINCT oi.product_id) AS distinct_products,
           max(oi.quantity) AS largest_line
    FROM orders o
    JOIN order_items oi ON oi.order_id = o.id
    CROSS JOIN params p
    WHERE o.ordered_at >= p.period_start
      AND o.ordered_at < p.period_end
      AND o.status <> 'cancelled'
    GROUP BY o.id, o.customer_id, o.ordered_at, o.status
),
customer_revenue AS (
    SELECT ot.customer_id,
           count(*) AS orders,
           sum(ot.net_amount) AS revenue,
           avg(ot.net_amount) AS avg_order_value,
           sum(ot.net_amount) FILTER (WHERE ot.status = 'returned') AS returned_revenue,
           min(ot.ordered_at) AS first_order_at,
           max(ot.ordered_at) AS last_order_at,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ot.net_amount) AS median_order_value
    FROM order_totals ot
    GROUP BY ot.customer_id
),
ranked AS (
    SELECT cr.*,
           c.name,
           c.country,
           c.segment,
           rank() OVER (PARTITION BY c.country ORDER BY cr.revenue DESC) AS country_rank,
           ntile(4) OVER (ORDER BY cr.revenue DESC) AS revenue_quartile,
           sum(cr.revenue) OVER (PARTITION BY c.country) AS country_revenue,
           cr.revenue / nullif(sum(cr.revenue) OVER (), 0) AS share_of_total,
           lag(cr.revenue) OVER (PARTITION BY c.segment ORDER BY cr.revenue DESC) AS next_bigger_in_segment,
           avg(cr.revenue) OVER (PARTITION BY c.segment ORDER BY cr.revenue DESC
                                 ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) AS segment_moving_avg
    FROM customer_revenue cr
    JOIN customers c ON c.id = cr.customer_id
    WHERE c.deleted_at IS NULL
),
previous_quarter AS (
    SELECT o.customer_id, sum(oi.quantity * oi.unit_price) AS revenue
    FROM orders o
    JOIN order_items oi ON oi.order_id = o.id
    CROSS JOIN params p
    WHERE o.ordered_at >= p.period_start - interval '3 months'
      AND o.ordered_at < p.period_start
    GROUP BY o.customer_id
),
top_categories AS (
    SELECT DISTINCT ON (o.customer_id)
           o.customer_id,
           cat.name AS category,
           sum(oi.quantity) AS units
    FROM orders o
    JOIN order_items oi ON oi.order_id = o.id
    JOIN products pr ON pr.id = oi.product_id
    LEFT JOIN categories cat ON cat.id = pr.category_id
    GROUP BY o.customer_id, cat.name
    ORDER BY o.customer_id, sum(oi.quantity) DESC, cat.name
)
SELECT r.customer_id,
       r.name,
       r.country,
       r.segment,
       r.orders,
       round(r.revenue, 2) AS revenue,
       round(r.avg_order_value, 2) AS avg_order_value,
       round(r.median_order_value::numeric, 2) AS median_order_value,
       coalesce(r.returned_revenue, 0) AS returned_revenue,
       r.country_rank,
       r.revenue_quartile,
       round(100 * r.share_of_total, 3) AS pct_of_total,
       round(r.segment_moving_avg, 2) AS segment_moving_avg,
       tc.category AS favourite_category,
       CASE
           WHEN pq.revenue IS NULL THEN 'new'
           WHEN r.revenue >= pq.revenue * 1.2 THEN 'growing'
           WHEN r.revenue <= pq.revenue * 0.8 THEN 'shrinking'
           ELSE 'stable'
       END AS trend,
       CASE r.revenue_quartile
           WHEN 1 THEN 'platinum'
           WHEN 2 THEN 'gold'
           WHEN 3 THEN 'silver'
           ELSE 'bronze'
       END AS tier,
       (SELECT count(*)
          FROM support_tickets t
         WHERE t.customer_id = r.customer_id
           AND t.opened_at >= (SELECT period_start FROM params)) AS tickets_this_quarter,
       EXISTS (SELECT 1
                 FROM invoices i
                WHERE i.customer_id = r.customer_id
                  AND i.paid_at IS NULL
                  AND i.due_at < now()) AS has_overdue_invoice,
       extract(day FROM r.last_order_at - r.first_order_at) AS active_days
FROM ranked r
LEFT JOIN previous_quarter pq ON pq.customer_id = r.customer_id
LEFT JOIN top_categories tc ON tc.customer_id = r.customer_id
WHERE r.revenue >= (SELECT min_revenue FROM params)
  AND r.country_rank <= 25
  AND r.customer_id NOT IN (SELECT customer_id FROM blocked_accounts WHERE reason IS NOT NULL)
ORDER BY r.country, r.country_rank, r.customer_id
LIMIT 200;
