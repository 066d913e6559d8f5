package dev.pgmcp.internal.exec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Floating-point values as PostgreSQL writes them ({@code float8out} and {@code float4out} with the
 * default {@code extra_float_digits = 1}, PostgreSQL 12 and later): the fewest digits that read back
 * as the same value, in plain notation when the decimal exponent is from -4 to 14 (to 5 for
 * {@code real}), else as {@code 1.5e+15} or {@code 1e-05} (a sign and at least two exponent digits).
 * Java's {@code Double.toString} writes {@code 1.0E308} and switches to an exponent from 10^7 on.
 *
 * <p>In this package because reading values needs it (PostgreSQL's text of a binary
 * {@code float8[]} whose bounds are kept), and public for the tools' CSV text.
 */
public final class PgFloats {

    private PgFloats() {
    }

    /**
     * @param v    a finite value
     * @param real whether it is a {@code real} (float4): its digits are the fewest that read back as
     *             the same float, and the exponent notation starts at 10^6
     */
    public static void append(StringBuilder out, double v, boolean real) {
        if (v == 0) {
            out.append(1 / v < 0 ? "-0" : "0");
            return;
        }
        double abs = Math.abs(v);
        String digits;
        int exponent;
        String java = real ? Float.toString((float) abs) : Double.toString(abs);
        int e = java.indexOf('E');
        String mantissa = e < 0 ? java : java.substring(0, e);
        int point = mantissa.indexOf('.');
        String all = mantissa.substring(0, point) + mantissa.substring(point + 1);
        int lead = 0;
        while (all.charAt(lead) == '0') {
            lead++;
        }
        int end = all.length();
        while (all.charAt(end - 1) == '0') {
            end--;
        }
        digits = all.substring(lead, end);
        exponent = point - 1 - lead + (e < 0 ? 0 : Integer.parseInt(java.substring(e + 1)));
        // Java's digits are the fewest when they are few: below 2^53 (2^24 for a real), among normal
        // values, no decimal of 15 (6) digits or fewer falls on a midpoint between neighbours, and
        // Java's conversion is not shortest only for longer outputs. Else the exact search below.
        boolean fast = real ? abs < 0x1p24 && (float) abs >= Float.MIN_NORMAL && digits.length() <= 6
                : abs < 0x1p53 && abs >= Double.MIN_NORMAL && digits.length() <= 15;
        if (!fast && !real && abs < 0x1p52 && abs >= Double.MIN_NORMAL) {
            // 16 or 17 digits, below 2^52: no decimal of 17 digits or fewer is a midpoint there, so a
            // decimal is the value's exactly when it reads back as it. Java's may be a digit too long:
            // drop digits while the rounded shorter one still reads back (rounding Java's digits is the
            // exact value's rounding unless the dropped digit is a 5, which the exact search settles).
            fast = true;
            while (digits.length() > 1) {
                char dropped = digits.charAt(digits.length() - 1);
                if (dropped == '5') {
                    fast = false;
                    break;
                }
                String shorter = roundOff(digits);
                int shorterExponent = exponent + (shorter.length() > digits.length() - 1 ? 1 : 0);
                String kept = shorter.length() > digits.length() - 1 ? shorter.substring(0, shorter.length() - 1) : shorter;
                if (Double.parseDouble(kept.charAt(0) + "." + kept.substring(1) + "E" + shorterExponent) != abs) {
                    break;
                }
                digits = stripZeros(kept);
                exponent = shorterExponent;
            }
        }
        if (!fast) {
            BigDecimal d = shortest(abs, real);
            digits = d.unscaledValue().toString();
            exponent = d.precision() - d.scale() - 1;
        }
        if (v < 0) {
            out.append('-');
        }
        if (exponent < -4 || exponent >= (real ? 6 : 15)) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            if (Math.abs(exponent) < 10) {
                out.append('0');
            }
            out.append(Math.abs(exponent));
        } else if (exponent < 0) {
            out.append("0.");
            for (int i = -1; i > exponent; i--) {
                out.append('0');
            }
            out.append(digits);
        } else if (digits.length() <= exponent + 1) {
            out.append(digits);
            for (int i = digits.length(); i <= exponent; i++) {
                out.append('0');
            }
        } else {
            out.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
        }
    }

    /** @return {@code digits} without its last digit, rounded half up (one digit longer on a carry: 99 → 10) */
    private static String roundOff(String digits) {
        char[] d = digits.substring(0, digits.length() - 1).toCharArray();
        if (digits.charAt(digits.length() - 1) < '5') {
            return new String(d);
        }
        int i = d.length - 1;
        while (i >= 0 && d[i] == '9') {
            d[i--] = '0';
        }
        if (i < 0) {
            return "1" + new String(d);
        }
        d[i]++;
        return new String(d);
    }

    private static String stripZeros(String digits) {
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }

    /**
     * The closest decimal of the fewest digits that lies strictly between {@code v}'s neighbours'
     * midpoints, as PostgreSQL's shortest-decimal conversion (Ryu) finds it: a decimal exactly on a
     * midpoint is left out, even where reading it back would round to {@code v}. Java's own digits
     * ({@code Double.toString}, {@code Float.toString}) give the length to start from; only shorter
     * roundings of the exact binary value are tried, then longer ones when Java's do not qualify.
     */
    private static BigDecimal shortest(double abs, boolean real) {
        BigDecimal exact = new BigDecimal(real ? (double) (float) abs : abs); // the value PostgreSQL holds
        BigDecimal low;
        BigDecimal high;
        // Half the gap to each neighbour (the gap above the largest value is its ulp, as if the next existed).
        if (real) {
            float f = (float) abs;
            low = exact.subtract(new BigDecimal((double) (f - Math.nextDown(f))).divide(TWO));
            high = exact.add(new BigDecimal((double) Math.ulp(f)).divide(TWO));
        } else {
            low = exact.subtract(new BigDecimal(abs - Math.nextDown(abs)).divide(TWO));
            high = exact.add(new BigDecimal(Math.ulp(abs)).divide(TWO));
        }
        int p = new BigDecimal(real ? Float.toString((float) abs) : Double.toString(abs)).stripTrailingZeros().precision();
        BigDecimal best = null;
        for (int q = p; q <= 17 && best == null; q++) { // Java's length, or longer when it falls on a midpoint
            BigDecimal candidate = exact.round(new MathContext(q, RoundingMode.HALF_EVEN));
            if (candidate.compareTo(low) > 0 && candidate.compareTo(high) < 0) {
                best = candidate;
            }
        }
        if (best == null) {
            best = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
        }
        for (int q = best.precision() - 1; q >= 1; q--) {
            BigDecimal shorter = exact.round(new MathContext(q, RoundingMode.HALF_EVEN));
            if (shorter.compareTo(low) <= 0 || shorter.compareTo(high) >= 0) {
                break;
            }
            best = shorter;
        }
        return best.stripTrailingZeros();
    }

    private static final BigDecimal TWO = BigDecimal.valueOf(2);
}
