package dev.pgmcp.nlq;

import dev.pgmcp.schema.CatalogSnapshot;
import dev.pgmcp.schema.SchemaIntrospector;
import dev.pgmcp.testing.Northwind;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schema-context selection on Northwind (14 tables, no comments: only names, columns and foreign keys to
 * go by): for each question, the tables a correct query needs are among those offered, the description
 * stays within the budget, and the budget is tight enough that selection matters (not everything fits).
 */
class SchemaContextNorthwindTest {

    /** Tight enough that Northwind does not fit whole (checked below). */
    static final int BUDGET = 400;

    static CatalogSnapshot catalog;

    @BeforeAll
    static void load() throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(Northwind.load());
        catalog = new SchemaIntrospector(ds).load();
    }

    @Test
    void northwindDoesNotFitTheBudgetWhole() {
        SchemaContext.Selection all = SchemaContext.select(catalog, "anything", 1_000_000);
        assertEquals(14, all.offered().size());
        assertTrue(all.tokens() > 2 * BUDGET, "whole schema: " + all.tokens() + " tokens");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Which products are out of stock?                                   | products
            How many orders did each customer place?                           | orders customers
            What are the ten most expensive products?                          | products
            List the products in the Beverages category                        | products categories
            Which supplier provides the most products?                         | suppliers products
            Total revenue per product category                                 | order_details products categories
            Which employees report to Andrew Fuller?                           | employees
            Which shipper delivered the most orders?                           | shippers orders
            What is the average freight cost per shipping company?             | orders shippers
            Which customers are in Germany?                                    | customers
            Which employee handled the most orders in 1997?                    | employees orders
            What territories does each employee cover?                         | employees employee_territories territories
            How many territories are in each region?                           | territories region
            What was the total discount given on order details?                | order_details
            Which products were ordered by customers from France?              | products order_details orders customers
            Average unit price of products per supplier country                | products suppliers
            Which orders were shipped late, after the required date?           | orders
            List customer demographics and the customers in each type          | customer_demographics customer_customer_demo customers
            Which US states are in the west region?                            | us_states
            What is the best-selling product by quantity?                      | order_details products
            When was each employee hired, and what is their title?             | employees
            Which categories have discontinued products?                       | categories products
            Revenue by employee and year                                       | employees orders order_details
            Which suppliers are based in the same city as a customer?          | suppliers customers
            """)
    void offersTheTablesTheQuestionNeeds(String question, String expected) {
        List<String> needed = Arrays.stream(expected.trim().split("\\s+")).map(t -> "public." + t).toList();
        SchemaContext.Selection s = SchemaContext.select(catalog, question, BUDGET);
        assertTrue(s.tokens() <= BUDGET, s.tokens() + " tokens");
        assertEquals(SchemaContext.tokens(s.text()), s.tokens());
        assertTrue(s.offered().size() < 14, "selection matters: " + s.offered());
        assertTrue(s.offered().containsAll(needed), question + ": needs " + needed + ", offered " + s.offered());
    }
}
