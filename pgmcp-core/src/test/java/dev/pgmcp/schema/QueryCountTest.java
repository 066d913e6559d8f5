package dev.pgmcp.schema;

import dev.pgmcp.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SchemaIntrospector.load() issues the same number of statements for 3 tables as for 300. */
class QueryCountTest {

    private static String databaseWith(int tables) {
        String url = TestPostgres.freshDatabase("querycount");
        TestPostgres.run(url, """
                CREATE TABLE parent (id integer PRIMARY KEY, name text NOT NULL);
                DO $$
                BEGIN
                    FOR i IN 1..%d LOOP
                        EXECUTE format('CREATE TABLE t%%s (id integer PRIMARY KEY, parent_id integer REFERENCES parent,'
                            || ' amount numeric(10,2) CHECK (amount >= 0), code text UNIQUE)', i);
                        EXECUTE format('CREATE INDEX ON t%%s (lower(code))', i);
                        EXECUTE format('COMMENT ON TABLE t%%s IS %%L', i, 'table ' || i);
                    END LOOP;
                END $$;
                """.formatted(tables - 1));
        return url;
    }

    private static int statementsToLoad(String url, int expectedRelations) throws Exception {
        TestDataSource ds = new TestDataSource(url);
        CatalogSnapshot snapshot = new SchemaIntrospector(ds).load();
        assertEquals(expectedRelations, snapshot.relations().size());
        assertEquals(1, ds.connections.get(), "one connection per load");
        return ds.statements.get();
    }

    @Test
    void statementCountDoesNotGrowWithTables() throws Exception {
        int small = statementsToLoad(databaseWith(3), 3);
        TestDataSource big = new TestDataSource(databaseWith(300));
        CatalogSnapshot snapshot = new SchemaIntrospector(big).load();
        assertEquals(300, snapshot.relations().size());
        assertEquals(small, big.statements.get(), "statements for 300 tables: " + big.sql);
        assertEquals(9, small);
        assertEquals(SchemaIntrospector.BEGIN, big.sql.get(0));
        assertEquals(List.of(SchemaIntrospector.SCHEMAS_SQL, SchemaIntrospector.RELATIONS_SQL,
                SchemaIntrospector.COLUMNS_SQL, SchemaIntrospector.CONSTRAINTS_SQL, SchemaIntrospector.INDEXES_SQL,
                SchemaIntrospector.TRIGGERS_SQL, SchemaIntrospector.TYPES_SQL),
                big.sql.subList(2, 9));

        RelationInfo t = snapshot.find("public", "t299").orElseThrow();
        assertEquals("table 299", t.comment());
        assertEquals(4, t.columns().size());
        assertEquals(1, t.foreignKeys().size());
        assertEquals(1, t.checks().size());
        assertEquals(1, t.uniqueKeys().size());
        assertEquals(3, t.indexes().size());
    }
}
