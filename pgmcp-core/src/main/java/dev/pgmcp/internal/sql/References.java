package dev.pgmcp.internal.sql;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a validated statement refers to, for the database-dependent policy ({@link StatementPolicy})
 * that runs after {@link SqlValidator}.
 *
 * @param functions      functions called anywhere in the parse tree (select list, FROM and LATERAL
 *                       table functions, WHERE, JOIN ON, GROUP BY, HAVING, ORDER BY, window clauses,
 *                       casts, CTE bodies, subqueries, set operations, aggregate ORDER BY/FILTER,
 *                       arguments), as written, without duplicates, in order of appearance. This
 *                       includes SQL syntax that JSqlParser models as a call ({@code COALESCE(…)},
 *                       {@code ROLLUP(…)}, …).
 * @param relations      tables, views and other relations read in FROM/JOIN anywhere in the tree, as
 *                       written; names that refer to a CTE in scope are not relations and are left out
 * @param callCandidates token-level safety net: every identifier, possibly qualified, directly followed
 *                       by {@code (} (outside literals and comments). Includes type modifiers
 *                       ({@code varchar(10)}), keywords ({@code IN (}), aliases with column lists, and every
 *                       name right after a dot without {@code (} (attribute notation {@code t.fn} calls fn);
 *                       use it only to reject names known to be dangerous, never to demand existence.
 * @param identifiers    token-level safety net: every identifier token (quoted or not), folded, alone
 * @param treeComplete   whether the tree walk reached every node; {@code false} when JSqlParser's
 *                       visitor gave up on some node type, in which case {@code functions} and
 *                       {@code relations} may be incomplete (the token-level lists never are), and
 *                       when JSqlParser could not parse the statement at all, in which case
 *                       {@code functions} is empty and {@code relations} holds token candidates
 *                       ({@link TokenReferences}); PostgreSQL then decides whether it is valid SQL
 */
public record References(List<QualifiedName> functions, List<QualifiedName> relations,
                         List<QualifiedName> callCandidates, Set<String> identifiers, boolean treeComplete) {

    /** For statements built without the validator: nothing known, tree not walked. */
    public static final References UNKNOWN = new References(List.of(), List.of(), List.of(), Set.of(), false);

    /** Copies the collections (unmodifiable). */
    public References {
        functions = List.copyOf(Objects.requireNonNull(functions, "functions"));
        relations = List.copyOf(Objects.requireNonNull(relations, "relations"));
        callCandidates = List.copyOf(Objects.requireNonNull(callCandidates, "callCandidates"));
        identifiers = Set.copyOf(Objects.requireNonNull(identifiers, "identifiers"));
    }
}
