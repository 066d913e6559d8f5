package dev.pgmcp.internal.policy;

import dev.pgmcp.internal.policy.CatalogNames.UserFunction;
import dev.pgmcp.internal.sql.FunctionPolicy;
import dev.pgmcp.internal.sql.QualifiedName;
import dev.pgmcp.internal.sql.RoutineBody;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Which VOLATILE functions of a database's own schemas only read, so that a caller may use them
 * without an administrator listing each one.
 *
 * <p>Why: {@code VOLATILE} is PostgreSQL's default marking, so every function nobody annotated has it,
 * most of them plain lookups ({@code film_in_stock(…)}). What a call inside pgmcp's READ ONLY,
 * rolled-back transaction can still do, under the role the role check keeps without write, file or
 * program privileges, is what the function's own code does beyond those limits: run with another
 * role's privileges (SECURITY DEFINER), run code PostgreSQL cannot restrict (C, untrusted languages),
 * take advisory locks, sleep, signal other sessions, move sequences, reach other servers, or hide any
 * of that in dynamic SQL. A function counts as read-only when every VOLATILE overload of its name in its
 * schema:
 * <ol>
 *   <li>is written in SQL or PL/pgSQL (their body is text pgmcp can read);</li>
 *   <li>is not SECURITY DEFINER (it runs with the caller's, that is pgmcp's role's, privileges);</li>
 *   <li>does not belong to an extension (an extension's functions are its author's to mark);</li>
 *   <li>has a body that starts no statement other than a query (no {@code INSERT}, {@code UPDATE},
 *       {@code DELETE}, {@code MERGE}, DDL, {@code COPY}, {@code LOCK}, {@code NOTIFY}, and no
 *       {@code EXECUTE}, which runs SQL built at run time that no one can read beforehand);</li>
 *   <li>calls, by any name the body writes before {@code (} or after a dot, no denied function, and no
 *       VOLATILE function in any schema that has the name (the body may run under another
 *       {@code search_path}) unless that one is allowed (the built-in allowlist, the configured one) or
 *       read-only by these same rules (checked through every call; a function that calls itself
 *       adds nothing).</li>
 * </ol>
 * Known limits, as for caller SQL: functions run implicitly by operators, casts and type input are
 * not looked at; the READ ONLY transaction, the statement timeout and the role stay the boundary there.
 *
 * <p>Built once per catalog load and policy; thread-safe (verdicts are computed under a lock and kept).
 */
final class ReadOnlyFunctions {

    /**
     * The policy's function lists. Identity matters: a snapshot keeps the verdicts for the last rules
     * it was asked with.
     *
     * @param denied  the denylist (built-in and configured)
     * @param allowed whether {@code (schema, name)} is an allowed VOLATILE function
     */
    record Rules(FunctionPolicy denied, BiPredicate<String, String> allowed) {
        Rules {
            Objects.requireNonNull(denied, "denied");
            Objects.requireNonNull(allowed, "allowed");
        }
    }

    private final Rules rules;
    private final Map<String, Map<String, Volatility>> functions;
    private final Map<QualifiedName, List<UserFunction>> userVolatile;
    /** Guarded by this. Function → why it is not read-only ("" when it is). */
    private final Map<QualifiedName, String> verdicts = new HashMap<>();

    ReadOnlyFunctions(Rules rules, Map<String, Map<String, Volatility>> functions,
                      Map<QualifiedName, List<UserFunction>> userVolatile) {
        this.rules = rules;
        this.functions = functions;
        this.userVolatile = userVolatile;
    }

    Rules rules() {
        return rules;
    }

    /**
     * @param function a VOLATILE function, schema-qualified
     * @return {@code null} when it only reads by the rules above; otherwise why pgmcp cannot tell, a clause
     *         to follow "pgmcp cannot tell that it only reads: " (for a function of the system schemas or one
     *         the catalog did not list: that it is not a user function)
     */
    synchronized String whyNot(QualifiedName function) {
        String why = judge(function, new HashSet<>());
        return why.isEmpty() ? null : why;
    }

    /** Caller holds the lock. {@code visiting}: the functions whose verdict is being found (a call cycle). */
    private String judge(QualifiedName function, Set<QualifiedName> visiting) {
        String known = verdicts.get(function);
        if (known != null) {
            return known;
        }
        if (!visiting.add(function)) {
            return ""; // its own verdict is being found: the call adds nothing new
        }
        String why = judgeOverloads(function, visiting);
        visiting.remove(function);
        verdicts.put(function, why);
        return why;
    }

    private String judgeOverloads(QualifiedName function, Set<QualifiedName> visiting) {
        List<UserFunction> overloads = userVolatile.get(function);
        if (overloads == null) {
            return "it is not a function of the database's own schemas";
        }
        for (UserFunction f : overloads) {
            if (f.inExtension()) {
                return "it belongs to an extension";
            }
            if (f.securityDefiner()) {
                return "it is SECURITY DEFINER, so it runs with its owner's privileges, which the role check does not cover";
            }
            if (f.body() == null) {
                return "it is written in " + f.language() + ", whose code pgmcp cannot read";
            }
            RoutineBody body = RoutineBody.read(f.body());
            if (!body.readable()) {
                return "its body could not be read";
            }
            if (body.otherStatement() != null) {
                return body.otherStatement().startsWith("EXECUTE ")
                        ? "it runs dynamic SQL (" + body.otherStatement() + " of its body)"
                        : "its body runs a statement other than a query (" + body.otherStatement() + ")";
            }
            for (QualifiedName call : body.calls()) {
                String why = judgeCall(call, visiting);
                if (why != null) {
                    return why;
                }
            }
        }
        return "";
    }

    /** @return why a call in a body keeps its function from being read-only, or {@code null} */
    private String judgeCall(QualifiedName call, Set<QualifiedName> visiting) {
        if (rules.denied().isDenied(call.name())) {
            return "it calls " + call + ", which is denied";
        }
        Map<String, Volatility> bySchema = functions.get(call.name());
        if (bySchema == null) {
            return null; // not a function: a type modifier, keyword or variable
        }
        for (Map.Entry<String, Volatility> e : bySchema.entrySet()) {
            String schema = e.getKey();
            if (e.getValue() != Volatility.VOLATILE || (call.schema() != null && !call.schema().equals(schema))
                    || rules.allowed().test(schema, call.name())) {
                continue;
            }
            QualifiedName callee = new QualifiedName(schema, call.name());
            String why = judge(callee, visiting);
            if (!why.isEmpty()) {
                return "it calls " + callee + ", which is VOLATILE" + (userVolatile.containsKey(callee) ? " and " + why : "");
            }
        }
        return null;
    }
}
