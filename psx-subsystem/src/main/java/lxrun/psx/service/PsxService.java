package lxrun.psx.service;

import lxrun.lxcore.InstanceConfig;
import lxrun.lxcore.LxExecException;
import lxrun.lxcore.LxInstance;
import lxrun.lxcore.Signals;
import lxrun.lxcore.TerminalSignals;
import lxrun.lxcore.fs.Host;
import lxrun.psx.PsxServer;
import lxrun.psx.PsxSession;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The resident lxrun service, this project's LxssManager: one psxss that stays up, and a port
 * ({@code service.sock} in a directory only its user can reach) where the small client {@code lxrun}
 * hands it programs. Each program runs as a session of its own, in a Linux instance of its own, on its
 * client's descriptors (received with {@code SCM_RIGHTS}), cwd, environment, umask and limits; the
 * client forwards the signals it gets and exits with the session's status. What the service keeps
 * between sessions is the warm JVM: lxrun's classes loaded and linked, the translator, interpreter and
 * lxcore compiled by HotSpot.
 *
 * <p>The wire format (little-endian): a request is {@code u32 MAGIC, u32 op, u32 length, body}; a RUN
 * body is {@code u32 pid, u32 umask, i64 nofile soft, hard, stack soft, hard (-1 unlimited), u32 nfds,
 * nfds x u32 guest fd (the descriptors ride along in that order; -1 is the client's controlling terminal,
 * opened from /dev/tty), string cwd, u32 n, n strings of
 * lxrun's arguments, u32 n, n strings of the environment}, a string being {@code u32 length, bytes}.
 * The service answers with {@code u32 type, i32 value} records: ACCEPTED (the session id) or FALLBACK
 * (run in-process: options the service does not take, or it is at its limits), then EXIT (the status);
 * TEXT (a length, then that many bytes) answers STATUS. While a session runs the client sends a u32 for
 * each signal it got.
 */
public final class PsxService {
    static final int MAGIC = 0x3153584c; // "LXS1"
    static final int RUN = 1, STATUS = 2, STOP = 3;
    static final int ACCEPTED = 1, FALLBACK = 2, EXIT = 3, TEXT = 4;
    private static final int RLIMIT_STACK = 3, RLIMIT_NOFILE = 7;

    /** What a client asked for: its lxrun arguments and what its program inherits. */
    public record Request(long pid, Path cwd, List<String> args, List<String> env, InstanceConfig.Launch launch) {}

    /** A program as the request's options describe it, ready for a session. */
    public record Program(InstanceConfig config, String path, List<String> argv, List<String> envp) {}

    private final PsxServer psxss;
    private final Function<Request, Program> options;
    private final Path dir;
    private final long idleNanos;
    private final long maxRss;
    private final int maxSessions;
    private final int uid = Host.call("getuid");
    private final Map<PsxSession, Thread> running = new ConcurrentHashMap<>();
    private volatile long lastActive = System.nanoTime();
    private final java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
    private ServicePort listener;

    /**
     * A service over {@code psxss} at {@code dir}: {@code options} turns a request into its program, or
     * null when it must run in-process. It exits after {@code idleSeconds} without a session, takes no new
     * session above {@code maxRssMiB} of resident memory or with {@code maxSessions} running.
     */
    public PsxService(PsxServer psxss, Function<Request, Program> options, Path dir, long idleSeconds, long maxRssMiB, int maxSessions) {
        this.psxss = psxss;
        this.options = options;
        this.dir = dir;
        this.idleNanos = idleSeconds * 1_000_000_000L;
        this.maxRss = maxRssMiB << 20;
        this.maxSessions = maxSessions;
    }

    /** The service's directory: {@code $LXRUN_SERVICE_DIR}, else {@code /tmp/lxrun-UID}. */
    public static Path directory(Map<String, String> env) {
        String d = env.get("LXRUN_SERVICE_DIR");
        return d != null && !d.isEmpty() ? Path.of(d) : Path.of("/tmp/lxrun-" + Host.call("getuid"));
    }

    static Path socket(Path dir) {
        return dir.resolve("service.sock");
    }

    /**
     * Makes sure {@code dir} is the user's own: created with mode 0700, or an existing real directory
     * (not a link) owned by this user with mode 0700; anything else is refused, since whoever can reach
     * the socket can run programs as this user.
     */
    static void checkDirectory(Path dir, boolean create) throws ServiceException {
        try {
            if (create && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory() || owner != Host.call("getuid") || !a.permissions().equals(PosixFilePermissions.fromString("rwx------"))) {
                throw new ServiceException(dir + ": not a directory of this user's with mode 0700; the service will not use it");
            }
        } catch (IOException e) {
            throw new ServiceException(dir + ": " + e.getMessage());
        }
    }

    /**
     * Runs the service on the calling thread until it is stopped or idle: listens at {@code dir/service.sock} (replacing a stale socket no service answers), serves
     * each client on a thread of its own. Throws if another service answers there or the socket cannot be made.
     */
    public void run() throws ServiceException {
        checkDirectory(dir, true);
        Path sock = socket(dir);
        if (Files.exists(sock, LinkOption.NOFOLLOW_LINKS)) {
            try (ServicePort p = ServicePort.connect(sock)) {
                throw new ServiceException("a service is already running at " + sock);
            } catch (ServiceException e) {
                if (e.errno != 111) throw e; // ECONNREFUSED: the socket of a service that is gone
            }
            try {
                Files.delete(sock);
            } catch (IOException e) {
                throw new ServiceException(sock + ": cannot remove the stale socket: " + e.getMessage());
            }
        }
        listener = ServicePort.listen(sock);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { // SIGTERM: no stale socket left behind
            try {
                Files.deleteIfExists(sock);
            } catch (IOException e) {
                // nothing more to do on the way out
            }
        }));
        Thread idle = Thread.ofPlatform().daemon().name("lxrun-service-idle").start(this::watchIdle);
        log("lxrun service: pid " + ProcessHandle.current().pid() + " at " + sock);
        for (ServicePort c; (c = listener.accept()) != null; ) {
            ServicePort client = c;
            Thread.ofPlatform().name("lxrun-service-client").start(() -> serve(client));
        }
        idle.interrupt();
        try {
            Files.deleteIfExists(sock);
        } catch (IOException e) {
            // another service took the name after this one's was gone: it is that one's now
        }
        for (PsxSession s : running.keySet()) kill(s);
        for (Thread t : running.values()) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                break;
            }
        }
        listener.close();
        log("lxrun service: stopped after " + served.get() + " sessions");
    }

    /** Stops taking clients: the accept loop ends, running sessions are killed. */
    private synchronized void stop() {
        if (listener != null) listener.shutdown();
    }

    /**
     * Exits after the idle time; and two seconds after the last session ended, collects the heap, which
     * the launcher's flags then shrink: each address space left garbage (its page-permission array alone
     * is 16 MiB), and the serial collector would otherwise fill the whole capped heap before a full
     * collection (85 runs of /bin/true: 1.3 GB resident, 17 MB of it live).
     */
    private void watchIdle() {
        int collected = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long quiet = System.nanoTime() - lastActive;
            if (running.isEmpty() && served.get() != collected && quiet > 2_000_000_000L) {
                collected = served.get();
                System.gc();
            }
            if (running.isEmpty() && quiet > idleNanos) {
                log("lxrun service: idle, exiting");
                stop();
                return;
            }
        }
    }

    private void serve(ServicePort c) {
        List<Integer> fds = new ArrayList<>();
        try (c) {
            ServicePort.Peer peer = c.peer();
            if (peer.uid() != uid) {
                log("lxrun service: refused a client of uid " + peer.uid());
                return;
            }
            ByteBuffer body = readRequest(c, fds);
            if (body == null) return;
            switch (body.getInt(4)) {
                case RUN -> run(c, body.position(12), fds);
                case STATUS -> text(c, status());
                case STOP -> {
                    text(c, "stopping (pid " + ProcessHandle.current().pid() + ")");
                    stop();
                }
                default -> { }
            }
        } catch (RuntimeException | Error e) {
            log("lxrun service: a client's request failed: " + e);
        } finally {
            for (int fd : fds) Host.call("close", fd); // those a session took are lxcore's now: see run
        }
    }

    /** The request with its descriptors; null if it is not one. */
    private static ByteBuffer readRequest(ServicePort c, List<Integer> fds) {
        byte[] first = new byte[65536];
        int n = c.receive(first, fds);
        if (n < 12) return null;
        ByteBuffer h = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN);
        int length = h.getInt(8);
        if (h.getInt(0) != MAGIC || length < 0 || length > 64 << 20) return null;
        byte[] all = java.util.Arrays.copyOf(first, 12 + length);
        if (n < all.length && !c.readFully(all, n, all.length - n)) return null;
        return ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void run(ServicePort c, ByteBuffer b, List<Integer> received) {
        Request r = parseRun(b, received);
        long rss = residentBytes();
        Program prog = null;
        if (running.size() < maxSessions && rss < maxRss) {
            try {
                prog = options.apply(r);
            } catch (RuntimeException e) {
                prog = null; // a usage error: the in-process run reports it as lxrun always has
            }
        } else {
            log("lxrun service: at its limits (" + running.size() + " sessions, " + (rss >> 20) + " MiB): client runs in-process");
        }
        if (prog == null) {
            reply(c, FALLBACK, 0);
            return;
        }
        Messages messages = new Messages(r.launch().fds().getOrDefault(2, -1));
        InstanceConfig c0 = prog.config();
        PsxSession session = psxss.openSession(new InstanceConfig(c0.root(), c0.strace(), c0.tmpfs(), c0.launch(), messages.stream));
        running.put(session, Thread.currentThread());
        served.incrementAndGet();
        Thread relay = null;
        try {
            reply(c, ACCEPTED, session.id());
            relay = Thread.ofPlatform().daemon().name("lxrun-service-signals-" + session.id()).start(() -> relaySignals(c, session));
            int status;
            try {
                status = psxss.runProcess(session, prog.path(), prog.argv(), prog.envp());
            } catch (LxExecException e) {
                messages.stream.println("lxrun: " + e.getMessage());
                status = e.errno == 2 ? 127 : 126;
            } catch (IllegalArgumentException e) { // a bad option value found while setting up (--tmpfs)
                messages.stream.println("lxrun: " + e.getMessage());
                status = 2;
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                // an lxrun bug or a runaway guest: the session ends, the service and the other sessions go on
                messages.stream.println("lxrun: internal error: " + e);
                log("lxrun service: session " + session.id() + " failed: " + e);
                kill(session);
                status = 70;
            }
            // once the program was created its descriptor table holds them, and lxcore closes them with it;
            // the terminal's stays the service's, closed with the session
            if (session.process() != null) received.retainAll(List.of(r.launch().terminal()));
            running.remove(session); // before the client hears: a status it asks next no longer counts it
            reply(c, EXIT, status);
        } finally {
            c.shutdown(); // ends the relay's read
            if (relay != null) {
                try {
                    relay.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            running.remove(session);
            messages.close();
            psxss.closeSession(session);
            lastActive = System.nanoTime();
        }
    }

    /** The client's signals for the session, until the client closes: then the session is killed. */
    private void relaySignals(ServicePort c, PsxSession session) {
        byte[] b = new byte[4];
        while (c.readFully(b, 0, 4)) {
            int sig = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
            LxInstance lx = session.instance();
            if (lx == null || session.process() == null || sig < 1 || sig > 64) continue;
            // SI_KERNEL, as the terminal's keys come; a kill(1) of the client would be SI_USER, which the
            // client cannot tell apart
            TerminalSignals.deliver(lx, session.process().id, new Signals.Info(sig, Signals.SI_KERNEL, 0, 0, 0));
        }
        if (!session.isComplete()) kill(session); // the client is gone (killed, or its terminal hung up)
    }

    /** SIGKILL to every process of the session's instance. */
    private static void kill(PsxSession session) {
        LxInstance lx = session.instance();
        if (lx != null) lx.signal(p -> true, new Signals.Info(Signals.SIGKILL, Signals.SI_KERNEL, 0, 0, 0, 0));
    }

    private static Request parseRun(ByteBuffer b, List<Integer> received) {
        long pid = b.getInt();
        int umask = b.getInt();
        long nofileSoft = b.getLong(), nofileHard = b.getLong(), stackSoft = b.getLong(), stackHard = b.getLong();
        int nfds = b.getInt(), terminal = InstanceConfig.Launch.NO_TERMINAL;
        Map<Integer, Integer> fds = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nfds; i++) {
            int guest = b.getInt();
            if (i >= received.size()) continue;
            if (guest == -1) terminal = received.get(i); // the client's /dev/tty: the program's controlling terminal
            else fds.put(guest, received.get(i));
        }
        Path cwd = Path.of(string(b));
        List<String> args = strings(b), env = strings(b);
        Map<Integer, long[]> limits = Map.of(RLIMIT_NOFILE, new long[] {nofileSoft, nofileHard},
                RLIMIT_STACK, new long[] {stackSoft, stackHard});
        return new Request(pid, cwd, args, env, new InstanceConfig.Launch(fds, cwd, pid, umask, limits, terminal));
    }

    private static List<String> strings(ByteBuffer b) {
        int n = b.getInt();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(string(b));
        return out;
    }

    private static String string(ByteBuffer b) {
        byte[] s = new byte[b.getInt()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private String status() {
        return "pid " + ProcessHandle.current().pid() + ", " + running.size() + " sessions running, " + served.get()
                + " served, " + (residentBytes() >> 20) + " MiB resident (limit " + (maxRss >> 20) + "), exits after "
                + idleNanos / 1_000_000_000L + " s idle";
    }

    private static void reply(ServicePort c, int type, int value) {
        c.send(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(value).array());
    }

    private static void text(ServicePort c, String s) {
        byte[] t = s.getBytes(StandardCharsets.UTF_8);
        reply(c, TEXT, t.length);
        c.send(t);
    }

    /**
     * lxrun's lines for a session (exec errors, SIGILL's disassembly, internal errors), on the client's
     * stderr as in-process lxrun prints them: through a duplicate of it, since the guest's own descriptor
     * may be closed (and its number reused by another session) while the session runs, and never after
     * the session, when processes it left behind may still try.
     */
    private static final class Messages extends java.io.OutputStream {
        private static final int F_DUPFD_CLOEXEC = 1030;
        private int fd;
        final java.io.PrintStream stream = new java.io.PrintStream(this, true, StandardCharsets.UTF_8);

        Messages(int stderr) {
            fd = stderr < 0 ? -1 : lxrun.lxcore.fs.HostFd.fcntl(stderr, F_DUPFD_CLOEXEC, 3);
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int n) {
            if (fd >= 0) Host.write(fd, b, off, n);
        }

        @Override
        public synchronized void close() {
            if (fd >= 0) Host.call("close", fd);
            fd = -1;
        }
    }

    private static void log(String line) {
        System.err.println(line);
    }

    /** This process's resident set (/proc/self/statm), in bytes. */
    private static long residentBytes() {
        try {
            String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(f[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * {@code lxrun --service status} and {@code stop}: asks the service at {@code dir}; its answer, or
     * null when none runs there.
     */
    public static String ask(Path dir, boolean stop) throws ServiceException {
        Path sock = socket(dir);
        if (!Files.exists(sock, LinkOption.NOFOLLOW_LINKS)) return null;
        checkDirectory(dir, false);
        try (ServicePort p = ServicePort.connect(sock)) {
            p.send(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(MAGIC).putInt(stop ? STOP : STATUS).putInt(0).array());
            byte[] h = new byte[8];
            if (!p.readFully(h, 0, 8)) return null;
            byte[] t = new byte[ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).getInt(4)];
            if (!p.readFully(t, 0, t.length)) return null;
            return new String(t, StandardCharsets.UTF_8);
        } catch (ServiceException e) {
            if (e.errno == 111 || e.errno == 2) return null; // a stale socket, or it just went
            throw e;
        }
    }
}
