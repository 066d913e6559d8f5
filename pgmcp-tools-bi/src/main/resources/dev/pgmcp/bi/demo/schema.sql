-- pgmcp demo dataset: schema.
-- A small customer-success database (European enterprise customers and their support tickets).
-- Tables and columns follow the original Le Chat + PostgreSQL demo; constraints, indexes, comments
-- and the open_tickets_overview view are additions so that discovery tools have something to show.
-- Loaded by dev.pgmcp.bi.demo.DemoDataset, in one transaction together with data.sql.

CREATE TABLE customers (
    id SERIAL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    email VARCHAR(100),
    country VARCHAR(50),
    subscription_tier VARCHAR(20),
    mrr DECIMAL(10,2),
    created_at TIMESTAMP DEFAULT NOW(),
    CONSTRAINT customers_subscription_tier_check
        CHECK (subscription_tier IN ('Starter', 'Professional', 'Enterprise'))
);

CREATE TABLE support_tickets (
    id SERIAL PRIMARY KEY,
    customer_id INTEGER REFERENCES customers(id),
    subject VARCHAR(200),
    status VARCHAR(20),
    priority VARCHAR(10),
    created_at TIMESTAMP DEFAULT NOW(),
    resolved_at TIMESTAMP,
    CONSTRAINT support_tickets_status_check
        CHECK (status IN ('Open', 'In Progress', 'Resolved', 'Closed')),
    CONSTRAINT support_tickets_priority_check
        CHECK (priority IN ('High', 'Medium', 'Low')),
    CONSTRAINT support_tickets_resolved_after_created_check
        CHECK (resolved_at IS NULL OR resolved_at >= created_at)
);

CREATE UNIQUE INDEX customers_email_lower_key ON customers (lower(email));
CREATE INDEX support_tickets_customer_id_idx ON support_tickets (customer_id);
CREATE INDEX support_tickets_status_priority_idx ON support_tickets (status, priority);

CREATE VIEW open_tickets_overview AS
SELECT t.id                  AS ticket_id,
       t.customer_id,
       c.name                AS customer_name,
       c.subscription_tier,
       c.mrr,
       t.subject,
       t.status,
       t.priority,
       t.created_at,
       (CURRENT_DATE - t.created_at::date) AS days_open
FROM support_tickets t
JOIN customers c ON c.id = t.customer_id
WHERE t.status IN ('Open', 'In Progress');

COMMENT ON TABLE customers IS
    'Customer accounts: one row per subscribing company, with its subscription tier and monthly recurring revenue.';
COMMENT ON COLUMN customers.id IS 'Surrogate key of the customer; referenced by support_tickets.customer_id.';
COMMENT ON COLUMN customers.name IS 'Company name, e.g. ''ASML Holding''. Not unique by constraint, but unique in practice.';
COMMENT ON COLUMN customers.email IS 'Main contact e-mail address of the account (unique, case-insensitively).';
COMMENT ON COLUMN customers.country IS 'Country of the customer''s headquarters, in English (e.g. ''France'', ''Germany'').';
COMMENT ON COLUMN customers.subscription_tier IS 'Subscription plan: ''Starter'', ''Professional'' or ''Enterprise''.';
COMMENT ON COLUMN customers.mrr IS 'Monthly recurring revenue of the account, in euros.';
COMMENT ON COLUMN customers.created_at IS 'When the customer signed up (start of the subscription).';

COMMENT ON TABLE support_tickets IS
    'Support tickets raised by customers: subject, workflow status, priority and resolution time.';
COMMENT ON COLUMN support_tickets.id IS 'Surrogate key of the ticket (the ticket number).';
COMMENT ON COLUMN support_tickets.customer_id IS 'The customer who raised the ticket; references customers.id.';
COMMENT ON COLUMN support_tickets.subject IS 'One-line summary of the request or problem.';
COMMENT ON COLUMN support_tickets.status IS
    'Workflow status: ''Open'' or ''In Progress'' (unresolved), ''Resolved'' or ''Closed'' (done).';
COMMENT ON COLUMN support_tickets.priority IS 'Priority: ''High'', ''Medium'' or ''Low''.';
COMMENT ON COLUMN support_tickets.created_at IS 'When the ticket was opened.';
COMMENT ON COLUMN support_tickets.resolved_at IS
    'When the ticket was resolved; NULL while the ticket is Open or In Progress.';

COMMENT ON VIEW open_tickets_overview IS
    'Unresolved support tickets (status Open or In Progress) with the customer''s name, tier and MRR, and how many days each has been open.';
COMMENT ON COLUMN open_tickets_overview.ticket_id IS 'The ticket (support_tickets.id).';
COMMENT ON COLUMN open_tickets_overview.customer_id IS 'The customer who raised the ticket (customers.id).';
COMMENT ON COLUMN open_tickets_overview.customer_name IS 'Company name of the customer.';
COMMENT ON COLUMN open_tickets_overview.subscription_tier IS 'Subscription plan of the customer.';
COMMENT ON COLUMN open_tickets_overview.mrr IS 'Monthly recurring revenue of the customer, in euros.';
COMMENT ON COLUMN open_tickets_overview.subject IS 'One-line summary of the ticket.';
COMMENT ON COLUMN open_tickets_overview.status IS 'Either ''Open'' or ''In Progress''.';
COMMENT ON COLUMN open_tickets_overview.priority IS 'Priority: ''High'', ''Medium'' or ''Low''.';
COMMENT ON COLUMN open_tickets_overview.created_at IS 'When the ticket was opened.';
COMMENT ON COLUMN open_tickets_overview.days_open IS 'Whole days since the ticket was opened (today''s date minus the opening date).';
