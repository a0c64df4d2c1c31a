package io.edgeprov.gateway.app.observability;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GET-only HTTP/1.1 server answering one request per connection from a fixed set of paths, built to
 * keep answering while some clients misbehave (see {@link HttpLimits}).
 *
 * <p>The JDK's {@code HttpServer} parses request heads on its executor's threads with no read timeout
 * unless JVM-wide {@code sun.net.httpserver.*} properties say otherwise, so one client that never ends
 * its head holds a thread for good. Here an acceptor thread only accepts: a connection takes one of
 * {@code maxConnections} slots, or is closed at once when none is free, and is served by one of as many
 * worker threads. Each connection gets one deadline, from accept to the end of the answer; when it
 * passes, the slot is freed and the socket closed, which wakes the worker whether it waits to read the
 * head or to write the answer. A slot is always freed before its socket closes, so a client that saw
 * its connection end can connect again at once.
 */
final class GetOnlyHttpServer implements AutoCloseable {
    /** What a path answers with: the body as bytes, so binary documents (a DER CRL) pass unchanged. */
    record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
        Reply {
            headers = Map.copyOf(headers);
        }

        /** A text answer in UTF-8 with no extra headers. */
        static Reply text(int status, String contentType, String body) {
            return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(GetOnlyHttpServer.class);
    // The acceptor never waits on a worker, so the backlog only absorbs bursts of connects.
    private static final int BACKLOG = 50;
    private static final long STOP_WAIT_MILLIS = 1_000;
    private static final long ACCEPT_FAILURE_PAUSE_MILLIS = 100;

    private final ServerSocket listener;
    private final HttpLimits limits;
    private final Map<String, Supplier<Reply>> routes;
    private final Semaphore slots;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor deadlines;
    private final Thread acceptor;

    private GetOnlyHttpServer(ServerSocket listener, HttpLimits limits, Map<String, Supplier<Reply>> routes) {
        this.listener = listener;
        this.limits = limits;
        this.routes = Map.copyOf(routes);
        this.slots = new Semaphore(limits.maxConnections());
        // As many workers as slots, so a connection waits in the queue only behind a worker still unwinding
        // from a dropped one (or stuck in a check that hangs); the queue is bounded all the same. Idle ones exit.
        this.workers = new ThreadPoolExecutor(limits.maxConnections(), limits.maxConnections(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(limits.maxConnections()), daemons("health-endpoint-"));
        this.workers.allowCoreThreadTimeOut(true);
        this.deadlines = new ScheduledThreadPoolExecutor(1, daemons("health-endpoint-deadlines"));
        this.deadlines.setRemoveOnCancelPolicy(true);
        this.acceptor = daemons("health-endpoint-accept").newThread(this::acceptLoop);
    }

    static GetOnlyHttpServer start(String bind, int port, HttpLimits limits, Map<String, Supplier<Reply>> routes)
            throws IOException {
        return serve(bind(bind, port), limits, routes);
    }

    /**
     * Binds the port without accepting yet, so its number (port 0 picks one) is known before the routes
     * are: a connection made meanwhile waits in the backlog until {@link #serve}.
     */
    static ServerSocket bind(String bind, int port) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(bind, port), BACKLOG);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        return listener;
    }

    /** Starts accepting on a bound listener, which the server then owns and closes. */
    static GetOnlyHttpServer serve(ServerSocket listener, HttpLimits limits, Map<String, Supplier<Reply>> routes) {
        GetOnlyHttpServer server = new GetOnlyHttpServer(listener, limits, routes);
        server.acceptor.start();
        return server;
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.warn("health endpoint: accept failed: {}", e.toString());
                    // Out of file descriptors fails every accept at once; pausing keeps that from
                    // spinning a core and flooding the log while the process is short of them.
                    pauseAfterAcceptFailure();
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                closeQuietly(socket);
                continue;
            }
            open.add(socket);
            try {
                ScheduledFuture<?> deadline = deadlines.schedule(() -> drop(socket),
                        limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
                workers.execute(() -> serve(socket, deadline));
            } catch (RejectedExecutionException stoppingOrFull) {
                drop(socket);
            }
        }
    }

    private static void pauseAfterAcceptFailure() {
        try {
            Thread.sleep(ACCEPT_FAILURE_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(Socket socket, ScheduledFuture<?> deadline) {
        try {
            Reply reply = answer(socket.getInputStream());
            write(socket.getOutputStream(), reply);
        } catch (IOException e) {
            // Gone, past its deadline or closed by close(): there is nobody left to answer.
        } finally {
            release(socket, deadline);
        }
    }

    private void release(Socket socket, ScheduledFuture<?> deadline) {
        deadline.cancel(false);
        drop(socket);
    }

    /** Frees the slot, once, then closes the socket. */
    private void drop(Socket socket) {
        if (open.remove(socket)) {
            slots.release();
        }
        closeQuietly(socket);
    }

    private Reply answer(InputStream in) throws IOException {
        byte[] head = new byte[limits.maxHeaderBytes()];
        int length = 0;
        int scanned = 0;
        while (endOfHead(head, scanned, length) < 0) {
            if (length == head.length) {
                return empty(431);
            }
            // Look again only at the new bytes (and the two before, where an end may have begun), so a
            // client trickling its head a byte at a time costs linear work, not quadratic.
            scanned = Math.max(0, length - 2);
            int read = in.read(head, length, head.length - length);
            if (read < 0) {
                throw new EOFException("closed before the end of its request head");
            }
            length += read;
        }
        String[] requestLine = new String(head, 0, endOfLine(head), StandardCharsets.ISO_8859_1).split(" ", -1);
        if (requestLine.length != 3 || !requestLine[1].startsWith("/") || !requestLine[2].startsWith("HTTP/1.")) {
            return empty(400);
        }
        int query = requestLine[1].indexOf('?');
        String path = query < 0 ? requestLine[1] : requestLine[1].substring(0, query);
        Supplier<Reply> route = routes.get(path);
        if (route == null) {
            return empty(404);
        }
        if (!requestLine[0].equals("GET")) {
            return empty(405);
        }
        try {
            return route.get();
        } catch (RuntimeException e) {
            // The path is one of ours by now, never the client's words.
            LOG.warn("health endpoint: {} failed: {}", path, e.toString());
            return empty(500);
        }
    }

    private static void write(OutputStream out, Reply reply) throws IOException {
        byte[] body = reply.body();
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(reply.status()).append(' ')
                .append(reason(reply.status())).append("\r\n");
        if (!reply.contentType().isEmpty()) {
            head.append("Content-Type: ").append(reply.contentType()).append("\r\n");
        }
        reply.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (reply.status() == 405) {
            head.append("Allow: GET\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static Reply empty(int status) {
        return new Reply(status, "", new byte[0], Map.of());
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }

    /**
     * Where the blank line ending the head starts in {@code bytes[from, length)}, or -1. Lines end with
     * CRLF; a bare LF is accepted too, as RFC 9112 allows, for {@code printf ... | nc} at a console.
     */
    private static int endOfHead(byte[] bytes, int from, int length) {
        for (int i = from; i + 1 < length; i++) {
            if (bytes[i] == '\n' && (bytes[i + 1] == '\n'
                    || (bytes[i + 1] == '\r' && i + 2 < length && bytes[i + 2] == '\n'))) {
                return i;
            }
        }
        return -1;
    }

    /** The length of the first line without its line end; the head is known to hold a line end. */
    private static int endOfLine(byte[] head) {
        int end = 0;
        while (head[end] != '\n') {
            end++;
        }
        return end > 0 && head[end - 1] == '\r' ? end - 1 : end;
    }

    @Override
    public void close() {
        closeQuietly(listener);
        try {
            // Once the acceptor is gone no connection can be added behind the sweep below.
            acceptor.join(STOP_WAIT_MILLIS);
            open.forEach(this::drop);
            workers.shutdown();
            deadlines.shutdownNow();
            workers.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing is all we want; a second close or a reset changes nothing.
        }
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name.endsWith("-") ? name + count.incrementAndGet() : name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
