package dev.pgmcp.nlq;

import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.schema.SchemaIntrospector;
import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schema context of a question folds partitions into their partitioned table (which a query reads) and
 * leaves out materialized views that are not populated (reading one fails).
 */
class SchemaContextPartitionsTest {

    @Test
    void partitionsFoldIntoTheirTableAndUnpopulatedMaterializedViewsAreLeftOut() throws Exception {
        String url = TestPostgres.freshDatabase("context_partitions");
        TestPostgres.run(url, """
                CREATE TABLE payment (payment_id int, amount numeric, payment_date date) PARTITION BY RANGE (payment_date);
                CREATE TABLE payment_p2022_01 PARTITION OF payment FOR VALUES FROM ('2022-01-01') TO ('2022-02-01');
                CREATE TABLE payment_p2022_02 PARTITION OF payment FOR VALUES FROM ('2022-02-01') TO ('2022-03-01')
                    PARTITION BY HASH (payment_id);
                CREATE TABLE payment_p2022_02_a PARTITION OF payment_p2022_02 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
                CREATE TABLE payment_p2022_02_b PARTITION OF payment_p2022_02 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
                CREATE MATERIALIZED VIEW payment_totals AS SELECT sum(amount) AS amount FROM payment WITH NO DATA;
                CREATE MATERIALIZED VIEW payment_days AS SELECT DISTINCT payment_date FROM payment;
                CREATE TABLE customer (id int PRIMARY KEY, name text);
                """);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        CatalogSnapshot catalog = new SchemaIntrospector(ds).load();

        SchemaContext.Selection s = SchemaContext.select(catalog, "total payment amount per month", 10_000);
        assertEquals("public.payment", s.offered().get(0), s.offered().toString());
        assertEquals(List.of("public.payment", "public.payment_days", "public.customer"), s.offered());
        assertFalse(s.text().contains("payment_p2022"), s.text());
        assertFalse(s.text().contains("payment_totals"), s.text());
        assertTrue(s.text().contains("partitioned table public.payment (partitioned by RANGE (payment_date), 4 partitions)"),
                s.text());
    }
}
