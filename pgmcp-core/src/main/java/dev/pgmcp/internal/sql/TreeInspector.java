package dev.pgmcp.internal.sql;

import dev.pgmcp.spi.SqlRejectedException;

import dev.pgmcp.spi.SqlRejectedException.Reason;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.ForMode;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectVisitor;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Walks a parsed JSqlParser tree and throws {@link SqlRejectedException} at the first data-modifying
 * CTE, {@code SELECT INTO}, locking clause or denied function call; on the way it collects every
 * function called and every relation read, for {@link References}.
 *
 * <p>It extends {@link TablesNamesFinder} because that visitor already descends into every
 * expression, FROM item, join, subquery, CTE and set-operation branch of a statement; we only hook
 * the node types that matter. We do not use the finder's own table list: it treats a name as a CTE
 * (and drops it) if any CTE or derived-table alias anywhere in the statement has that name, so
 * {@code SELECT … FROM (SELECT 1) pg_authid, pg_authid} would hide the real catalog. Instead CTE
 * names are scoped here as PostgreSQL scopes them: a CTE is visible in the main query of its WITH
 * and in the CTEs after it (all of them with RECURSIVE), and only to unqualified names.
 *
 * <p>Not thread-safe (the finder keeps state): create one per validation.
 */
final class TreeInspector extends TablesNamesFinder<Void> {

    private final FunctionPolicy policy;
    private final Set<QualifiedName> functions = new LinkedHashSet<>();
    private final Set<QualifiedName> relations = new LinkedHashSet<>();
    /** CTE names visible at the current point of the walk, innermost WITH on top. */
    private final Deque<Set<String>> cteScopes = new ArrayDeque<>();

    TreeInspector(FunctionPolicy policy) {
        this.policy = policy;
    }

    /** @return the functions called so far (as written, folded), in order of appearance */
    List<QualifiedName> functions() {
        return new ArrayList<>(functions);
    }

    /** @return the relations read so far (CTE references excluded), in order of appearance */
    List<QualifiedName> relations() {
        return new ArrayList<>(relations);
    }

    /**
     * @throws SqlRejectedException          if the tree breaks a rule
     * @throws UnsupportedOperationException if JSqlParser's finder cannot walk some node type
     */
    void inspect(Statement statement) {
        init(false);
        statement.accept(this, null);
    }

    @Override
    public <S> Void visit(Function function, S context) {
        checkFunction(function.getMultipartName(), function.getName());
        QualifiedName called = function.getMultipartName() != null && !function.getMultipartName().isEmpty()
                ? QualifiedName.of(function.getMultipartName()) : QualifiedName.parse(function.getName());
        if (called != null) {
            functions.add(called);
        }
        // TablesNamesFinder (5.4) skips an aggregate's ORDER BY and chained/named arguments.
        if (function.getOrderByElements() != null) {
            for (OrderByElement o : function.getOrderByElements()) {
                o.getExpression().accept(this, context);
            }
        }
        visitAll(function.getChainedParameters(), context);
        visitAll(function.getNamedParameters(), context);
        if (function.getAttribute() instanceof Expression attribute) {
            attribute.accept(this, context);
        }
        return super.visit(function, context);
    }

    private <S> void visitAll(List<? extends Expression> expressions, S context) {
        if (expressions != null) {
            for (Expression e : expressions) {
                if (e != null) {
                    e.accept(this, context);
                }
            }
        }
    }

    @Override
    public <S> Void visit(AnalyticExpression analytic, S context) {
        checkFunction(null, analytic.getName());
        QualifiedName called = QualifiedName.parse(analytic.getName());
        if (called != null) {
            functions.add(called);
        }
        // TablesNamesFinder (5.4) skips PARTITION BY; walk it ourselves.
        if (analytic.getPartitionExpressionList() != null) {
            for (Expression e : analytic.getPartitionExpressionList()) {
                e.accept(this, context);
            }
        }
        return super.visit(analytic, context);
    }

    /**
     * The statement-level entry. TablesNamesFinder (5.4) walks the WITH items here and then again in
     * the PlainSelect/SetOperationList/... visit; the first walk would happen outside the query's CTE
     * scope and report its CTE names as tables, so go straight to the query-level visit.
     */
    @Override
    public <S> Void visit(Select select, S context) {
        return select.accept((SelectVisitor<Void>) this, context);
    }

    @Override
    public <S> Void visit(PlainSelect select, S context) {
        checkSelect(select);
        return inScope(select, () -> visitPlain(select, context));
    }

    private <S> Void visitPlain(PlainSelect select, S context) {
        if ((select.getIntoTables() != null && !select.getIntoTables().isEmpty())
                || select.getIntoTempTable() != null) {
            throw new SqlRejectedException(Reason.SELECT_INTO,
                    "SELECT … INTO is not allowed: it creates a table. Remove the INTO clause.");
        }
        // TablesNamesFinder (5.4) skips the WINDOW clause; walk its expressions ourselves.
        if (select.getWindowDefinitions() != null) {
            for (WindowDefinition window : select.getWindowDefinitions()) {
                for (Expression e : window.getAllExpressions()) {
                    if (e != null) {
                        e.accept(this, context);
                    }
                }
            }
        }
        return super.visit(select, context);
    }

    @Override
    public <S> Void visit(SetOperationList list, S context) {
        checkSelect(list);
        return inScope(list, () -> super.visit(list, context));
    }

    @Override
    public <S> Void visit(ParenthesedSelect select, S context) {
        checkSelect(select);
        return inScope(select, () -> super.visit(select, context));
    }

    @Override
    public <S> Void visit(LateralSubSelect select, S context) {
        checkSelect(select);
        return inScope(select, () -> super.visit(select, context));
    }

    @Override
    public <S> Void visit(Values values, S context) {
        checkSelect(values);
        return inScope(values, () -> super.visit(values, context));
    }

    @Override
    public <S> Void visit(TableStatement table, S context) {
        checkSelect(table);
        return inScope(table, () -> super.visit(table, context));
    }

    @Override
    public <S> Void visit(WithItem<?> item, S context) {
        if (!(item.getParenthesedStatement() instanceof ParenthesedSelect)) {
            throw dataModifyingCte(item.getAliasName());
        }
        super.visit(item, context);
        // Visible from here on: to the CTEs after this one and to the main query.
        String name = QualifiedName.fold(item.getAliasName());
        if (name != null && !cteScopes.isEmpty()) {
            cteScopes.peek().add(name);
        }
        return null;
    }

    @Override
    public <S> Void visit(Table table, S context) {
        QualifiedName name = QualifiedName.of(table.getNameParts() == null ? null : reversed(table.getNameParts()));
        if (name != null && !(name.schema() == null && isCte(name.name()))) {
            relations.add(name);
        }
        return super.visit(table, context);
    }

    /** JSqlParser keeps a table's name parts innermost first ({@code [name, schema, db]}). */
    private static List<String> reversed(List<String> parts) {
        List<String> r = new ArrayList<>(parts);
        java.util.Collections.reverse(r);
        return r;
    }

    private boolean isCte(String name) {
        for (Set<String> scope : cteScopes) {
            if (scope.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the walk of a query that may have its own WITH inside a new CTE scope. With RECURSIVE
     * every CTE of the list is visible everywhere in it (including its own body) from the start;
     * otherwise each becomes visible after its body was walked ({@link #visit(WithItem, Object)}).
     */
    private Void inScope(Select select, Supplier<Void> walk) {
        List<WithItem<?>> items = select.getWithItemsList();
        if (items == null || items.isEmpty()) {
            return walk.get();
        }
        Set<String> scope = new HashSet<>();
        for (WithItem<?> item : items) {
            if (item.isRecursive()) {
                for (WithItem<?> each : items) {
                    String name = QualifiedName.fold(each.getAliasName());
                    if (name != null) {
                        scope.add(name);
                    }
                }
                break;
            }
        }
        cteScopes.push(scope);
        try {
            return walk.get();
        } finally {
            cteScopes.pop();
        }
    }

    static SqlRejectedException dataModifyingCte(String name) {
        return new SqlRejectedException(Reason.DATA_MODIFYING_CTE,
                "Data-modifying WITH queries are not allowed" + (name == null ? "" : " (WITH " + name + ")")
                        + ": a CTE may only contain SELECT, not INSERT, UPDATE, DELETE or MERGE.");
    }

    /** Checks the parts every Select has: its WITH items and a locking clause. */
    private void checkSelect(Select select) {
        ForMode mode = select.getForMode();
        if (mode != null && mode != ForMode.READ_ONLY && mode != ForMode.FETCH_ONLY) {
            throw lockingClause(mode.name().replace('_', ' '));
        }
        if (select.getForUpdateTable() != null
                || (select.getForUpdateTables() != null && !select.getForUpdateTables().isEmpty())) {
            throw lockingClause("UPDATE");
        }
    }

    static SqlRejectedException lockingClause(String mode) {
        return new SqlRejectedException(Reason.LOCKING_CLAUSE,
                "Locking clause FOR " + mode.toUpperCase(Locale.ROOT)
                        + " is not allowed: read-only queries must not lock rows.");
    }

    private void checkFunction(List<String> parts, String name) {
        if (parts != null && !parts.isEmpty()) {
            String last = parts.get(parts.size() - 1);
            if (policy.isDenied(last)) {
                throw deniedFunction(last);
            }
        }
        if (name != null && policy.isDenied(name)) {
            throw deniedFunction(name);
        }
    }

    static SqlRejectedException deniedFunction(String name) {
        return new SqlRejectedException(Reason.DENIED_FUNCTION,
                "Function " + FunctionPolicy.normalize(name)
                        + " is not allowed: it has side effects or administrative power.");
    }
}
