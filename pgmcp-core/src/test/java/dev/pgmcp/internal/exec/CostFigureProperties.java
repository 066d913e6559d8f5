package dev.pgmcp.internal.exec;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The figures of a cost-budget refusal read as {@link DecimalFormat} with {@code #,##0} writes them. */
class CostFigureProperties {

    private static String expected(double value) {
        return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
    }

    @Property(tries = 2000)
    void anyEstimateReadsAsDecimalFormatWritesIt(@ForAll @DoubleRange(min = 0, max = 1e18) double value) {
        assertEquals(expected(value), CostBudget.figure(value));
    }

    @Example
    void edges() {
        for (double v : new double[]{0, 0.5, 1.5, 2.5, 999, 999.5, 1000, 12_345.678, 100_000_000, 900_002_000,
                4.0e10, 1234567.5, 1e17}) {
            assertEquals(expected(v), CostBudget.figure(v), String.valueOf(v));
        }
    }
}
