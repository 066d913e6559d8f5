package dev.pgmcp.bi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The customer health score: 0 (churning) to 100 (healthy), the rounded sum of four factors.
 *
 * <pre>
 * velocity   (30) = 30 × max(0, 1 − v / 5)      v = tickets opened in the last 90 days / 3 (tickets per month)
 * priority   (25) = max(0, 25 × (1 − h) − 5 × o) h = share of High among all tickets (0 without tickets),
 *                                               o = open High tickets
 * resolution (30) = 15 × r + 15 × max(0, 1 − m / 30)
 *                                               r = share of tickets resolved (1 without tickets),
 *                                               m = median days from opening to resolution of resolved tickets
 *                                               (the second term is 15 without tickets, 0 when none is resolved)
 * tenure     (15) = 15 × min(1, d / 730)        d = days since the customer signed up
 * score = round(velocity + priority + resolution + tenure); healthy >= 70, needs attention 40..69, at risk < 40
 * </pre>
 *
 * @param ticketsTotal     every ticket of the customer
 * @param ticketsLast90    tickets opened in the last 90 days
 * @param high             High-priority tickets, open or not
 * @param open             open (unresolved) tickets
 * @param openHigh         open High-priority tickets
 * @param resolved         tickets not open
 * @param medianDaysToResolve median of (resolved − created) in days over resolved tickets with a resolution
 *                         time, or {@code null} when there is none
 * @param tenureDays       days since sign-up (negative values count as 0)
 */
record HealthScore(long ticketsTotal, long ticketsLast90, long high, long open, long openHigh, long resolved,
                   Double medianDaysToResolve, double tenureDays) {

    /** One factor's contribution. */
    record Factor(String name, double points, int maxPoints, String explanation) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("factor", name);
            m.put("points", round2(points));
            m.put("max_points", maxPoints);
            m.put("explanation", explanation);
            return m;
        }
    }

    /**
     * The factors and bands in one sentence, for the tool description (the result explains each
     * factor's points; docs/business-intelligence.md has the whole formula).
     */
    static final String SUMMARY = "Points: ticket velocity 30, priority mix 25, resolution 30, tenure 15; healthy "
            + ">= 70, at risk < 40.";

    /** @return tickets opened per month over the last 90 days */
    double ticketsPerMonth() {
        return ticketsLast90 / 3.0;
    }

    /** @return the four factors, in the order of the formula */
    List<Factor> factors() {
        double v = ticketsPerMonth();
        double velocity = 30 * Math.max(0, 1 - v / 5);
        double h = ticketsTotal == 0 ? 0 : (double) high / ticketsTotal;
        double priority = Math.max(0, 25 * (1 - h) - 5 * openHigh);
        double r = ticketsTotal == 0 ? 1 : (double) resolved / ticketsTotal;
        double speed = ticketsTotal == 0 ? 15 : medianDaysToResolve == null ? 0 : 15 * Math.max(0, 1 - medianDaysToResolve / 30);
        double d = Math.max(0, tenureDays);
        double tenure = 15 * Math.min(1, d / 730);
        return List.of(
                new Factor("ticket_velocity", velocity, 30, ticketsLast90 + " tickets in the last 90 days = "
                        + round2(v) + " per month (0 per month = 30 points, 5 or more = 0)"),
                new Factor("priority_mix", priority, 25, high + " of " + ticketsTotal + " tickets High ("
                        + Math.round(h * 100) + "%), " + openHigh + " High still open (−5 each)"),
                new Factor("resolution", 15 * r + speed, 30, resolved + " of " + ticketsTotal + " resolved ("
                        + Math.round(r * 100) + "%, up to 15 points); median time to resolve "
                        + (medianDaysToResolve == null ? "n/a" : round2(medianDaysToResolve) + " days")
                        + " (0 days = 15 points, 30 or more = 0)"),
                new Factor("tenure", tenure, 15, Math.round(d) + " days as a customer (730 or more = 15 points)"));
    }

    /** @return the score, 0..100 */
    int score() {
        double sum = 0;
        for (Factor f : factors()) {
            sum += f.points();
        }
        return (int) Math.max(0, Math.min(100, Math.round(sum)));
    }

    /** @return {@code healthy}, {@code needs attention} or {@code at risk} */
    String rating() {
        int s = score();
        return s >= 70 ? "healthy" : s >= 40 ? "needs attention" : "at risk";
    }

    static double round2(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
