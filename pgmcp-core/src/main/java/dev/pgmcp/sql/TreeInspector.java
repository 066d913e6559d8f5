package dev.pgmcp.sql;

import dev.pgmcp.sql.SqlRejectedException.Reason;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.ForMode;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

import java.util.List;
import java.util.Locale;

/**
 * Walks a parsed JSqlParser tree and throws {@link SqlRejectedException} at the first data-modifying
 * CTE, {@code SELECT INTO}, locking clause or denied function call.
 *
 * <p>It extends {@link TablesNamesFinder} because that visitor already descends into every
 * expression, FROM item, join, subquery, CTE and set-operation branch of a statement; we only hook
 * the node types that matter. Not thread-safe (the finder keeps state): create one per validation.
 */
final class TreeInspector extends TablesNamesFinder<Void> {

    private final FunctionPolicy policy;

    TreeInspector(FunctionPolicy policy) {
        this.policy = policy;
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
        // TablesNamesFinder (5.4) skips PARTITION BY; walk it ourselves.
        if (analytic.getPartitionExpressionList() != null) {
            for (Expression e : analytic.getPartitionExpressionList()) {
                e.accept(this, context);
            }
        }
        return super.visit(analytic, context);
    }

    @Override
    public <S> Void visit(PlainSelect select, S context) {
        checkSelect(select);
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
        return super.visit(list, context);
    }

    @Override
    public <S> Void visit(ParenthesedSelect select, S context) {
        checkSelect(select);
        return super.visit(select, context);
    }

    @Override
    public <S> Void visit(LateralSubSelect select, S context) {
        checkSelect(select);
        return super.visit(select, context);
    }

    @Override
    public <S> Void visit(Values values, S context) {
        checkSelect(values);
        return super.visit(values, context);
    }

    @Override
    public <S> Void visit(TableStatement table, S context) {
        checkSelect(table);
        return super.visit(table, context);
    }

    @Override
    public <S> Void visit(WithItem<?> item, S context) {
        if (!(item.getParenthesedStatement() instanceof ParenthesedSelect)) {
            throw dataModifyingCte(item.getAliasName());
        }
        return super.visit(item, context);
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
