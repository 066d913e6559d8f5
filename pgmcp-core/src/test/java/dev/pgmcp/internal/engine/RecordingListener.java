package dev.pgmcp.internal.engine;

import dev.pgmcp.spi.QueryListener;
import dev.pgmcp.spi.StatementEvent;
import dev.pgmcp.spi.ToolCallEvent;

import java.util.ArrayList;
import java.util.List;

/** Keeps every event it receives, in order; thread-safe. */
public final class RecordingListener implements QueryListener {

    /** One received event: which method, and its context object. */
    public record Received(String method, Object event) {
        public StatementEvent statement() {
            return (StatementEvent) event;
        }

        public ToolCallEvent call() {
            return (ToolCallEvent) event;
        }
    }

    private final List<Received> events = new ArrayList<>();

    /** A listener with a no-argument constructor (for ServiceLoader) that forwards to {@link #SHARED}. */
    public static class Forwarding implements QueryListener {
        /** Where every Forwarding listener records. */
        public static final RecordingListener SHARED = new RecordingListener();

        @Override
        public void toolCallStarted(ToolCallEvent event) {
            SHARED.toolCallStarted(event);
        }

        @Override
        public void toolCallEnded(ToolCallEvent event) {
            SHARED.toolCallEnded(event);
        }

        @Override
        public void statementStarted(StatementEvent event) {
            SHARED.statementStarted(event);
        }

        @Override
        public void statementEnded(StatementEvent event) {
            SHARED.statementEnded(event);
        }
    }

    @Override
    public synchronized void toolCallStarted(ToolCallEvent event) {
        events.add(new Received("toolCallStarted", event));
    }

    @Override
    public synchronized void toolCallEnded(ToolCallEvent event) {
        events.add(new Received("toolCallEnded", event));
    }

    @Override
    public synchronized void statementStarted(StatementEvent event) {
        events.add(new Received("statementStarted", event));
    }

    @Override
    public synchronized void statementEnded(StatementEvent event) {
        events.add(new Received("statementEnded", event));
    }

    /** @return the events so far, and forgets them */
    public synchronized List<Received> drain() {
        List<Received> copy = List.copyOf(events);
        events.clear();
        return copy;
    }

    /** @return the method names of {@code events}, in order */
    public static List<String> methods(List<Received> events) {
        return events.stream().map(Received::method).toList();
    }
}
