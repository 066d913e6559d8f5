package dev.pgmcp.internal.exec;

import dev.pgmcp.spi.CallInfo;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The tool call the current thread is working on, so that code below the tool (the executor)
 * can attribute its work to a caller (audit, metrics) and a cancellation key, without every tool
 * passing it along. The engine opens the scope around each tool's {@code call}; a tool that hands
 * work to other threads runs that work outside any scope.
 *
 * <p>Not a general-purpose context: it carries only what the engine knows about the call.
 */
public final class CallScope {

    private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();

    private CallScope() {
    }

    /**
     * What is known about the call in progress.
     *
     * @param tool     the tool's name
     * @param database the database alias the call works on
     * @param call         principal and cancellation key
     * @param cancellation the call's cancellation state, which the executor registers its statements with
     * @param role         the database role the call's statements run as ({@code SET ROLE} in each of its
     *                     transactions, per-person roles), or {@code null} for the login role
     */
    public record Current(String tool, String database, CallInfo call, Cancellation cancellation, String role) {
        public Current {
            Objects.requireNonNull(tool, "tool");
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(cancellation, "cancellation");
        }

        /** A call as the login role. */
        public Current(String tool, String database, CallInfo call, Cancellation cancellation) {
            this(tool, database, call, cancellation, null);
        }

        /** A call with a cancellation state of its own. */
        public Current(String tool, String database, CallInfo call) {
            this(tool, database, call, new Cancellation());
        }
    }

    /**
     * Runs {@code body} with {@code current} as this thread's call, restoring the previous one after.
     *
     * @return what {@code body} returns
     * @throws Exception whatever {@code body} throws
     */
    public static <T> T run(Current current, Callable<T> body) throws Exception {
        Current previous = CURRENT.get();
        CURRENT.set(Objects.requireNonNull(current, "current"));
        try {
            return body.call();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** @return the call this thread is working on, if any */
    public static Optional<Current> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
