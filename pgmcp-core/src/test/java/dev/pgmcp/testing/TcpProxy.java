package dev.pgmcp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a loopback port that forwards to a target, for fault tests: {@link #cutAll()} closes
 * every proxied connection (the client sees the connection reset or closed), and
 * {@link #blackHole(boolean)} keeps connections open but silently drops every byte (the network path
 * died without a reset). Plain {@code java.net} sockets, two threads per connection.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean blackHole;
    private volatile boolean refusing;

    /**
     * @param targetHost where to forward
     * @param targetPort the target's port
     * @throws IOException when no loopback port can be bound
     */
    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this(0, targetHost, targetPort);
    }

    /**
     * A proxy on a given loopback port: a test can name a port where nothing listens yet, then "start
     * the database" on it by creating the proxy.
     *
     * @param listenPort the loopback port to listen on; 0 for any free one
     * @param targetHost where to forward
     * @param targetPort the target's port
     * @throws IOException when the port cannot be bound
     */
    public TcpProxy(int listenPort, String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
        Thread accept = new Thread(this::acceptLoop, "tcp-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** @return the loopback port clients connect to */
    public int port() {
        return server.getLocalPort();
    }

    /** Closes every open proxied connection, both sides; new connections are still accepted. */
    public void cutAll() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    /**
     * @param on whether the target is "stopped": new connections are closed at once and, when
     *           turning on, open ones are cut; turning off lets connections through again
     */
    public void refuse(boolean on) {
        this.refusing = on;
        if (on) {
            cutAll();
        }
    }

    /** @param on whether to drop every byte in both directions while keeping connections open */
    public void blackHole(boolean on) {
        this.blackHole = on;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // Closed, or the target refused: the client sees its connection end.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!blackHole) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // One side closed.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
    }
}
