package dev.pgmcp.schema;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A DataSource over DriverManager for tests: counts connections and executed statements (through
 * {@link Proxy} wrappers), can run a setup statement on each new connection (e.g. {@code SET ROLE}),
 * fail on demand, and hold {@code getConnection()} at a gate.
 */
final class TestDataSource implements DataSource {

    final String url;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger statements = new AtomicInteger();
    final List<String> sql = new CopyOnWriteArrayList<>();
    volatile String onConnect;
    volatile SQLException failWith;
    volatile CountDownLatch gate;

    TestDataSource(String url) {
        this.url = url;
    }

    void resetCounts() {
        connections.set(0);
        statements.set(0);
        sql.clear();
    }

    @Override
    public Connection getConnection() throws SQLException {
        connections.incrementAndGet();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted at the gate");
            }
        }
        SQLException f = failWith;
        if (f != null) {
            throw new SQLException(f.getMessage(), f.getSQLState());
        }
        Connection real = DriverManager.getConnection(url);
        String setup = onConnect;
        if (setup != null) {
            try (Statement s = real.createStatement()) {
                s.execute(setup);
            }
        }
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                new ConnectionHandler(real));
    }

    private final class ConnectionHandler implements InvocationHandler {
        private final Connection real;

        ConnectionHandler(Connection real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object result = call(real, method, args);
            if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String text) {
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
                        new StatementHandler(result, text));
            }
            if (method.getName().equals("createStatement")) {
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                        new StatementHandler(result, null));
            }
            return result;
        }
    }

    private final class StatementHandler implements InvocationHandler {
        private final Object real;
        private final String prepared;

        StatementHandler(Object real, String prepared) {
            this.real = real;
            this.prepared = prepared;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().startsWith("execute")) {
                statements.incrementAndGet();
                sql.add(prepared != null ? prepared : String.valueOf(args == null ? "(batch)" : args[0]));
            }
            return call(real, method, args);
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("not supported");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
