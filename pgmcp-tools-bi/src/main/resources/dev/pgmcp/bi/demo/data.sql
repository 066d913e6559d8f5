-- pgmcp demo dataset: data.
-- Company names are real European enterprises, used for a realistic demo only; every e-mail address
-- uses a fictional *-demo.eu domain. All dates are relative to load time (now() - interval ...), so
-- "days open" and "last ticket" stay realistic whenever the demo runs. Everything else is
-- deterministic: the tickets are derived from hashtext() over fixed keys, never from random().

INSERT INTO customers (name, email, country, subscription_tier, mrr, created_at) VALUES
    ('Accenture Technology Solutions', 'it-support@accenture-demo.eu',       'France',         'Enterprise',   50000.00, now() - interval '1187 days'),
    ('ASML Holding',                   'it-operations@asml-demo.eu',         'Netherlands',    'Enterprise',   75000.00, now() - interval '1342 days'),
    ('BNP Paribas Digital',            'digital-platform@bnpparibas-demo.eu','France',         'Enterprise',   60000.00, now() - interval '1096 days'),
    ('Volkswagen Group',               'group-it@volkswagen-demo.eu',        'Germany',        'Enterprise',   80000.00, now() - interval '1403 days'),
    ('Siemens Digital Industries',     'saas-admin@siemens-demo.eu',         'Germany',        'Enterprise',   72000.00, now() - interval '1268 days'),
    ('SAP Business Technology',        'platform-ops@sap-demo.eu',           'Germany',        'Enterprise',   65000.00, now() - interval '981 days'),
    ('Airbus Commercial Aircraft',     'digital-workplace@airbus-demo.eu',   'France',         'Enterprise',   70000.00, now() - interval '1125 days'),
    ('TotalEnergies',                  'it-helpdesk@totalenergies-demo.eu',  'France',         'Enterprise',   55000.00, now() - interval '842 days'),
    ('L''Oréal Groupe',                'beauty-tech@loreal-demo.eu',         'France',         'Professional', 28000.00, now() - interval '733 days'),
    ('Nestlé',                         'global-it@nestle-demo.eu',           'Switzerland',    'Enterprise',   68000.00, now() - interval '1310 days'),
    ('Novartis',                       'data-platform@novartis-demo.eu',     'Switzerland',    'Enterprise',   58000.00, now() - interval '904 days'),
    ('Roche Diagnostics',              'it-service@roche-demo.eu',           'Switzerland',    'Enterprise',   66000.00, now() - interval '1051 days'),
    ('Philips Healthcare',             'cloud-ops@philips-demo.eu',          'Netherlands',    'Professional', 24000.00, now() - interval '688 days'),
    ('ING Bank',                       'engineering@ing-demo.eu',            'Netherlands',    'Enterprise',   45000.00, now() - interval '1219 days'),
    ('Unilever',                       'digital-hub@unilever-demo.eu',       'United Kingdom', 'Professional', 22000.00, now() - interval '612 days'),
    ('Schneider Electric',             'it-support@schneider-demo.eu',       'France',         'Professional', 26000.00, now() - interval '795 days'),
    ('Capgemini',                      'tooling@capgemini-demo.eu',          'France',         'Professional', 18000.00, now() - interval '571 days'),
    ('Orange Business',                'saas-desk@orange-demo.eu',           'France',         'Professional', 21000.00, now() - interval '866 days'),
    ('Ericsson',                       'it-operations@ericsson-demo.eu',     'Sweden',         'Enterprise',   42000.00, now() - interval '1003 days'),
    ('Nokia',                          'service-desk@nokia-demo.eu',         'Finland',        'Professional', 19500.00, now() - interval '749 days'),
    ('Spotify',                        'platform@spotify-demo.eu',           'Sweden',         'Professional', 15000.00, now() - interval '534 days'),
    ('Adyen',                          'infra@adyen-demo.eu',                'Netherlands',    'Professional', 27500.00, now() - interval '667 days'),
    ('Zalando',                        'tech-support@zalando-demo.eu',       'Germany',        'Professional', 16500.00, now() - interval '498 days'),
    ('BBVA',                           'cloud-platform@bbva-demo.eu',        'Spain',          'Enterprise',   38000.00, now() - interval '921 days'),
    ('Banco Santander',                'digital-ops@santander-demo.eu',      'Spain',          'Enterprise',   52000.00, now() - interval '1158 days'),
    ('Allianz',                        'group-it@allianz-demo.eu',           'Germany',        'Enterprise',   62000.00, now() - interval '1376 days'),
    ('AXA',                            'it-service@axa-demo.eu',             'France',         'Enterprise',   48000.00, now() - interval '1072 days'),
    ('Heineken',                       'digital@heineken-demo.eu',           'Netherlands',    'Starter',       8500.00, now() - interval '455 days'),
    ('Inter IKEA Systems',             'it-support@ikea-demo.eu',            'Sweden',         'Professional', 12000.00, now() - interval '589 days'),
    ('Maersk',                         'tech-ops@maersk-demo.eu',            'Denmark',        'Professional', 23000.00, now() - interval '712 days'),
    ('Novo Nordisk',                   'it-operations@novonordisk-demo.eu',  'Denmark',        'Enterprise',   57000.00, now() - interval '958 days'),
    ('Carrefour',                      'it-retail@carrefour-demo.eu',        'France',         'Starter',       7500.00, now() - interval '421 days'),
    ('Deutsche Telekom',               'cloud-services@telekom-demo.eu',     'Germany',        'Enterprise',   92000.00, now() - interval '1451 days'),
    ('Bosch',                          'iot-platform@bosch-demo.eu',         'Germany',        'Professional', 29000.00, now() - interval '823 days'),
    ('Danone',                         'it-support@danone-demo.eu',          'France',         'Starter',       6000.00, now() - interval '402 days'),
    ('Renault Group',                  'software@renault-demo.eu',           'France',         'Starter',       9000.00, now() - interval '517 days'),
    ('Iberdrola',                      'sistemas@iberdrola-demo.eu',         'Spain',          'Starter',       4500.00, now() - interval '468 days'),
    ('Enel',                           'it-help@enel-demo.eu',               'Italy',          'Starter',       5500.00, now() - interval '546 days'),
    ('Anheuser-Busch InBev',           'tech@ab-inbev-demo.eu',              'Belgium',        'Professional', 14000.00, now() - interval '634 days'),
    ('Erste Group',                    'it-banking@erste-demo.eu',           'Austria',        'Professional', 11000.00, now() - interval '391 days'),
    ('EDP Energias de Portugal',       'digital@edp-demo.eu',                'Portugal',       'Starter',       3500.00, now() - interval '377 days'),
    ('Pirelli',                        'it-desk@pirelli-demo.eu',            'Italy',          'Starter',       2800.00, now() - interval '383 days'),
    ('Vinted',                         'ops@vinted-demo.eu',                 'Lithuania',      'Starter',       2400.00, now() - interval '369 days');

-- Tickets. Each customer (but Pirelli and Vinted, which have none yet) gets a tier-dependent number of
-- tickets; subject, status, priority, age and time to resolution of each follow from hashtext() of
-- '<customer name>/<ticket number>/<attribute>'. A few hand-written tickets make sure that the demo's
-- questions ("Which high-value customers have open issues?") have answers. Rows are inserted oldest
-- first, so ticket ids grow with created_at.
INSERT INTO support_tickets (customer_id, subject, status, priority, created_at, resolved_at)
WITH subjects (n, subject) AS (
    VALUES
        ( 0, 'SSO configuration for a newly acquired subsidiary'),
        ( 1, 'SAML assertion rejected after Okta signing certificate rotation'),
        ( 2, 'Azure AD login fails with AADSTS50011 redirect URI mismatch'),
        ( 3, 'Users redirected in a loop after enabling SAML single sign-on'),
        ( 4, 'Request to enforce SSO-only login for all workspace users'),
        ( 5, 'SCIM provisioning from Okta does not deactivate leavers'),
        ( 6, 'Azure AD group claims not mapped to application roles'),
        ( 7, 'API returns 429 Too Many Requests during nightly batch sync'),
        ( 8, 'Request to raise API rate limit for data migration window'),
        ( 9, 'Rate limit headers missing from bulk endpoint responses'),
        (10, 'Request for latest SOC 2 Type II report'),
        (11, 'GDPR Data Processing Agreement signature request'),
        (12, 'ISO 27001 certificate copy needed for vendor assessment'),
        (13, 'Sub-processor list and EU data residency confirmation'),
        (14, 'Penetration test questionnaire from group security'),
        (15, 'Security audit: evidence of encryption at rest requested'),
        (16, 'Vulnerability disclosure follow-up from internal red team'),
        (17, 'Admin training session for new support team members'),
        (18, 'Onboarding workshop request for the analytics department'),
        (19, 'Training materials in French and German requested'),
        (20, 'Full data export to CSV times out for large workspaces'),
        (21, 'Scheduled export to S3 bucket failing with access denied'),
        (22, 'Webhook deliveries failing with TLS handshake error'),
        (23, 'Webhook retries causing duplicate events in CRM'),
        (24, 'Invoice shows wrong VAT number'),
        (25, 'Request to switch billing from monthly to annual'),
        (26, 'Purchase order reference missing on invoice'),
        (27, 'Dashboard load times degraded since last release'),
        (28, 'Search latency above 5 seconds during business hours'),
        (29, 'Report generation slow for accounts with over 1M records'),
        (30, 'Audit log retention period clarification'),
        (31, 'IP allow-listing for the admin console'),
        (32, 'Mobile app crashes on login with MFA enabled'),
        (33, 'Request to add more licensed seats mid-contract'),
        (34, 'Sandbox environment refresh from production requested'),
        (35, 'Integration with ServiceNow stopped syncing tickets')
),
ticketed AS (
    SELECT c.id, c.name,
           CASE c.subscription_tier WHEN 'Enterprise' THEN 9 WHEN 'Professional' THEN 7 ELSE 3 END
               + abs(hashtext(c.name || '/count')::bigint) % 5 AS tickets
    FROM customers c
    WHERE c.name NOT IN ('Pirelli', 'Vinted')
),
rolled AS (
    SELECT t.id AS customer_id, t.name, g.i,
           abs(hashtext(t.name || '/' || g.i || '/subject')::bigint) % (SELECT count(*) FROM subjects) AS subject_no,
           abs(hashtext(t.name || '/' || g.i || '/status')::bigint) % 100   AS status_roll,
           abs(hashtext(t.name || '/' || g.i || '/priority')::bigint) % 100 AS priority_roll,
           abs(hashtext(t.name || '/' || g.i || '/age')::bigint)            AS age_roll,
           (abs(hashtext(t.name || '/' || g.i || '/hour')::bigint) % 24)::int AS hour_roll,
           abs(hashtext(t.name || '/' || g.i || '/fix')::bigint)            AS fix_roll
    FROM ticketed t
    CROSS JOIN LATERAL generate_series(1, t.tickets) AS g(i)
),
shaped AS (
    SELECT r.customer_id, r.name, r.i, s.subject, r.hour_roll, r.fix_roll, r.age_roll,
           CASE WHEN r.status_roll < 25 THEN 'Open'
                WHEN r.status_roll < 34 THEN 'In Progress'
                WHEN r.status_roll < 74 THEN 'Resolved'
                ELSE 'Closed' END AS status,
           CASE WHEN r.priority_roll < 18 THEN 'High'
                WHEN r.priority_roll < 64 THEN 'Medium'
                ELSE 'Low' END AS priority
    FROM rolled r
    JOIN subjects s ON s.n = r.subject_no
),
generated AS (
    SELECT customer_id, name, i, subject, status, priority, hour_roll,
           -- Unresolved tickets are recent; resolved ones spread over the last year.
           CASE status WHEN 'Open'        THEN (age_roll % 90)::int
                       WHEN 'In Progress' THEN (age_roll % 45)::int
                       ELSE 3 + (age_roll % 360)::int END AS days_ago,
           -- Hours to resolution: High within 3 days, Medium within 10, Low within 21.
           CASE WHEN status IN ('Resolved', 'Closed') THEN
                1 + (fix_roll % CASE priority WHEN 'High' THEN 72 WHEN 'Medium' THEN 240 ELSE 504 END)::int
           END AS fix_hours
    FROM shaped
),
anchored (name, i, subject, status, priority, days_ago, hour_roll, fix_hours) AS (
    VALUES
        ('Accenture Technology Solutions', 101, 'Okta SSO outage: consultants locked out after IdP metadata change', 'Open', 'High', 2, 9, NULL::int),
        ('Accenture Technology Solutions', 102, 'Urgent: SOC 2 Type II bridge letter needed for client audit', 'Open', 'High', 6, 14, NULL),
        ('ASML Holding', 101, 'API rate limit (429) blocking production lithography data pipeline', 'Open', 'High', 1, 7, NULL),
        ('ASML Holding', 102, 'Security audit findings require remediation plan before renewal', 'In Progress', 'High', 12, 10, NULL),
        ('Volkswagen Group', 101, 'Azure AD SSO failing for 2,000 plant users since tenant migration', 'Open', 'High', 3, 6, NULL),
        ('Volkswagen Group', 102, 'Data export for works council GDPR request overdue', 'Open', 'Medium', 9, 11, NULL),
        ('BNP Paribas Digital', 101, 'Penetration test questionnaire blocking contract renewal', 'Open', 'High', 4, 16, NULL),
        ('BNP Paribas Digital', 102, 'GDPR DPA amendment for new EU data residency clause', 'In Progress', 'Medium', 15, 13, NULL),
        ('Deutsche Telekom', 101, 'Webhook failures causing missed incident notifications', 'In Progress', 'High', 5, 8, NULL),
        ('Siemens Digital Industries', 101, 'Severe performance degradation on shared analytics workspace', 'Open', 'High', 8, 15, NULL),
        ('Novo Nordisk', 101, 'ISO 27001 certificate expired in vendor portal', 'Resolved', 'High', 40, 9, 20),
        ('Carrefour', 101, 'Question about upgrading to the Professional tier', 'Closed', 'Low', 120, 10, 96)
),
all_tickets AS (
    SELECT customer_id, name, i, subject, status, priority, days_ago, hour_roll, fix_hours FROM generated
    UNION ALL
    SELECT c.id, a.name, a.i, a.subject, a.status, a.priority, a.days_ago, a.hour_roll, a.fix_hours
    FROM anchored a
    JOIN customers c ON c.name = a.name
),
dated AS (
    SELECT customer_id, name, i, subject, status, priority,
           now() - make_interval(days => days_ago, hours => hour_roll) AS created_at,
           -- Never resolved in the future: at most an hour before now.
           CASE WHEN fix_hours IS NOT NULL THEN least(fix_hours, days_ago * 24 + hour_roll - 1) END AS fix_hours
    FROM all_tickets
)
SELECT customer_id, subject, status, priority, created_at,
       created_at + make_interval(hours => fix_hours) AS resolved_at
FROM dated
ORDER BY created_at, name, i;

ANALYZE customers;
ANALYZE support_tickets;
