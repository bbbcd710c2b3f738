package dev.plinth.testkit;

import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts and stops the embedded PostgreSQL that the run command and the integration tests use.
 *
 * <p>Run from Maven with {@code exec:java} before Liberty starts:
 *
 * <ul>
 *   <li>{@code start}: starts PostgreSQL on {@code plinth.devdb.port} with its data in {@code
 *       plinth.devdb.dir} (kept across runs), and creates the {@code plinth} database, its owner
 *       and the application role {@value #APP_ROLE}, which owns nothing and cannot bypass row-level
 *       security. With {@code plinth.devdb.proxyPort} it also starts a {@link TcpProxy} in front of
 *       it that tests can cut with {@code POST /down} and restore with {@code POST /up} on {@code
 *       plinth.devdb.controlPort}.
 *   <li>{@code stop}: stops the server whose {@code postmaster.pid} is in the data directory. It
 *       keeps no state, so it works from a later Maven execution.
 * </ul>
 *
 * <p>A PostgreSQL that an earlier run left running on the same data (its {@code postmaster.pid}
 * names a live process: {@code pg_ctl} starts the server in a session of its own, so it survives a
 * {@code kill -9} of Maven) is stopped with a fast shutdown and started afresh, and a line says so;
 * it is never silently reused.
 *
 * <p>In {@code plinth.devdb.mode=run} it also prepares the run command: it stops the Liberty server
 * and Stripe simulator that a killed run left behind (see {@link LeftOvers}); checks that the ports
 * it needs are free, naming the process that holds one; when {@code PLINTH_DB_URL} points at an
 * external database (in which case no embedded one is started), checks that {@code
 * PLINTH_DB_PASSWORD}, {@code PLINTH_DB_MIGRATION_PASSWORD}, {@code PLINTH_ADMIN_TOKEN}, {@code
 * PLINTH_SECRETS_KEY} and {@code PLINTH_SESSION_KEY} are set. (That a run on the embedded database
 * is a local run, with the embedded roles' passwords, the root POM's {@code run} and {@code
 * external-db} profiles tell Liberty.)
 *
 * <h2>Durability</h2>
 *
 * <p>A 200 from Plinth means the change is on disk, so the settings of each {@link Durability} are
 * chosen, not inherited: zonky starts PostgreSQL with {@code -F} (fsync off) and {@code
 * synchronous_commit=off}, and Plinth overrides both with {@code -c} options, which come after
 * {@code -F} on the command line and win.
 *
 * <ul>
 *   <li>{@link Durability#RUN} (the run command): {@code fsync=on}, {@code synchronous_commit=on},
 *       {@code full_page_writes=on}. A commit returns only when its WAL is flushed to disk, so an
 *       acknowledged change survives the death of a backend, of PostgreSQL, of the machine, and a
 *       power cut.
 *   <li>{@link Durability#TEST} (integration tests and the testkit's own tests): {@code fsync=off},
 *       {@code synchronous_commit=on}, {@code full_page_writes=off}. A commit still waits until its
 *       WAL has been written out of PostgreSQL's shared memory to the operating system; only the
 *       flush to the disk is skipped. When a test kills a backend (or the whole PostgreSQL), the
 *       postmaster throws away shared memory and replays the WAL that the operating system holds,
 *       so nothing acknowledged is lost and a test that kills a backend right after an
 *       acknowledgement is valid. Only a crash of the machine itself could lose data, and a test
 *       database is thrown away after such a crash anyway. With {@code synchronous_commit=off}, by
 *       contrast, a commit returns while its WAL may still be only in shared memory, and a killed
 *       backend takes up to three WAL-writer rounds of acknowledged commits with it.
 * </ul>
 *
 * <p>{@code fsync=off} is never acceptable for the run command: its data directory is kept across
 * runs and is where a developer's (or a demo's) real state lives, and an operating-system crash or
 * power cut with fsync off can leave the cluster corrupt, not merely a few commits short. The
 * measured cost of each setting, and what an external PostgreSQL needs, are in docs/DURABILITY.md.
 */
public final class DevDatabase {

  public static final String DATABASE = "plinth";
  public static final String OWNER_ROLE = "plinth_owner";
  public static final String APP_ROLE = "plinth_app";

  private DevDatabase() {}

  /** The durability settings of an embedded PostgreSQL; see the class comment for why. */
  public enum Durability {
    /** The run command: every acknowledged commit is on disk. */
    RUN(Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on")),
    /** Tests: every acknowledged commit is in the operating system's hands, not yet on disk. */
    TEST(Map.of("fsync", "off", "synchronous_commit", "on", "full_page_writes", "off"));

    private final Map<String, String> settings;

    Durability(Map<String, String> settings) {
      this.settings = settings;
    }

    /** The server settings, by PostgreSQL name, as {@code SHOW} reports them. */
    public Map<String, String> settings() {
      return settings;
    }
  }

  public static void main(String[] args) throws Exception {
    String command = args.length > 0 ? args[0] : "start";
    Path dir = Path.of(System.getProperty("plinth.devdb.dir", ".devdb")).toAbsolutePath();
    int port = Integer.getInteger("plinth.devdb.port", 55432);
    boolean runMode = "run".equals(System.getProperty("plinth.devdb.mode"));
    try {
      switch (command) {
        case "start" -> {
          if (runMode) {
            // what a kill -9 of the last run left behind goes first, so that it frees its ports
            LeftOvers.stopRecorded(dir);
            stopLeftOver(dir);
            if (!preflight(
                System.getenv(), port, Integer.getInteger("plinth.devdb.stripeSimPort", 12111))) {
              return;
            }
          }
          start(dir, port, runMode ? Durability.RUN : Durability.TEST);
          if (runMode) {
            LeftOvers.recordChildren(dir);
          }
          Integer proxyPort = Integer.getInteger("plinth.devdb.proxyPort");
          if (proxyPort != null) {
            startProxy(proxyPort, port, Integer.getInteger("plinth.devdb.controlPort", 55434));
          }
        }
        case "stop" -> stop(dir);
        default -> throw new IllegalArgumentException("usage: DevDatabase start|stop");
      }
    } catch (StartupRefused e) {
      System.err.println();
      System.err.println("Plinth cannot start: " + e.getMessage());
      System.err.println();
      // exit rather than throw, so that the user sees the reason and not a stack trace
      System.exit(2);
    }
  }

  /**
   * Checks the run command's environment: that the ports it needs are free (the HTTP and monitoring
   * ports; the simulator's unless {@code STRIPE_API_BASE} is set; the database's unless {@code
   * PLINTH_DB_URL} is), naming the process that holds one, and that an external database comes with
   * the secrets. Returns false when an external database is configured, so that no embedded one is
   * needed.
   */
  static boolean preflight(Map<String, String> environment, int dbPort, int simPort) {
    java.util.function.Function<String, Optional<String>> env =
        name -> Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
    int httpPort = Integer.parseInt(env.apply("PLINTH_HTTP_PORT").orElse("9080"));
    requireFree(httpPort, "Plinth's HTTP port", "choose another port with PLINTH_HTTP_PORT=<port>");
    // held by another server, Plinth would relay /health and /metrics to that server's
    int monitoringPort = Integer.parseInt(env.apply("PLINTH_MONITORING_PORT").orElse("9081"));
    requireFree(
        monitoringPort,
        "Liberty's monitoring port",
        "choose another port with PLINTH_MONITORING_PORT=<port>");
    if (env.apply("STRIPE_API_BASE").isEmpty()) {
      requireFree(simPort, "the Stripe simulator's port", "set STRIPE_API_BASE to use another");
    }
    if (env.apply("PLINTH_DB_URL").isEmpty()) {
      requireFree(dbPort, "the embedded PostgreSQL's port", "point PLINTH_DB_URL at that database");
    }
    if (env.apply("PLINTH_DB_URL").isEmpty()) {
      return true;
    }
    List<String> missing =
        List.of(
                "PLINTH_DB_PASSWORD",
                "PLINTH_DB_MIGRATION_PASSWORD",
                "PLINTH_ADMIN_TOKEN",
                "PLINTH_SECRETS_KEY",
                "PLINTH_SESSION_KEY")
            .stream()
            .filter(name -> env.apply(name).isEmpty())
            .toList();
    if (!missing.isEmpty()) {
      throw new StartupRefused(
          "PLINTH_DB_URL points at an external database, so "
              + String.join(", ", missing)
              + (missing.size() == 1 ? " is" : " are")
              + " required: set them in the environment (make an admin token, a secrets key and a"
              + " session key with `openssl rand -base64 32`).");
    }
    System.out.println(
        "[plinth] using the external database at " + env.apply("PLINTH_DB_URL").get());
    return false;
  }

  private static void requireFree(int port, String what, String alternative) {
    if (portFree(port)) {
      return;
    }
    throw new StartupRefused(
        "port "
            + port
            + " ("
            + what
            + ") is already in use"
            + LeftOvers.holder(port).map(p -> " by " + LeftOvers.describe(p)).orElse("")
            + ", which this run did not start. Stop it, or "
            + alternative
            + ".");
  }

  /**
   * Starts PostgreSQL on the data in {@code dir}. A server that a killed run left running on the
   * same data is stopped first (see {@link #stopLeftOver}), never silently reused.
   */
  static EmbeddedPostgres start(Path dir, int port, Durability durability)
      throws IOException, SQLException {
    Files.createDirectories(dir);
    stopLeftOver(dir);
    long started = System.nanoTime();
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir.resolve("data"))
            .setCleanDataDirectory(false)
            .setPort(port)
            .setRegisterShutdownHook(false)
            .setServerConfig("max_connections", "200");
    durability.settings().forEach(builder::setServerConfig);
    EmbeddedPostgres pg = builder.start();
    releaseLock(pg);
    prepare(port);
    System.out.printf(
        "[plinth] embedded PostgreSQL ready on port %d (data in %s, %s) in %d ms%n",
        port,
        dir.resolve("data"),
        describe(durability),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    rootGroupHook(dir);
    return pg;
  }

  private static String describe(Durability durability) {
    return durability.settings().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(java.util.stream.Collectors.joining(" "));
  }

  /**
   * Lets go of zonky's in-JVM lock on the data directory. Plinth stops PostgreSQL without keeping
   * state (see {@link #stop}), so the lock would only be freed when the garbage collector happens
   * to close its file, and a second start in the same JVM failed, now and then, with {@code
   * OverlappingFileLockException}. PostgreSQL's own {@code postmaster.pid} still refuses a second
   * server on the same data.
   */
  private static void releaseLock(EmbeddedPostgres pg) {
    try {
      for (String name : List.of("lock", "lockStream")) {
        java.lang.reflect.Field f = EmbeddedPostgres.class.getDeclaredField(name);
        f.setAccessible(true);
        Object held = f.get(pg);
        if (held instanceof AutoCloseable c) {
          c.close();
        }
      }
    } catch (Exception e) {
      System.out.println("[plinth] could not release the data directory lock: " + e);
    }
  }

  /** Creates the database and the two roles, if they are missing. */
  static void prepare(int port) throws SQLException {
    String admin = "jdbc:postgresql://localhost:" + port + "/postgres";
    try (Connection c = DriverManager.getConnection(admin, "postgres", "postgres");
        Statement s = c.createStatement()) {
      if (!exists(s, "SELECT 1 FROM pg_roles WHERE rolname = '" + OWNER_ROLE + "'")) {
        s.execute(
            "CREATE ROLE "
                + OWNER_ROLE
                + " LOGIN PASSWORD '"
                + OWNER_ROLE
                + "' NOSUPERUSER NOCREATEROLE");
      }
      if (!exists(s, "SELECT 1 FROM pg_roles WHERE rolname = '" + APP_ROLE + "'")) {
        s.execute(
            "CREATE ROLE "
                + APP_ROLE
                + " LOGIN PASSWORD '"
                + APP_ROLE
                + "' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE");
      }
      if (!exists(s, "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        s.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER_ROLE);
      }
    }
    String db = "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    try (Connection c = DriverManager.getConnection(db, "postgres", "postgres");
        Statement s = c.createStatement()) {
      s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      s.execute("GRANT CONNECT ON DATABASE " + DATABASE + " TO " + APP_ROLE);
    }
  }

  private static boolean exists(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      return rs.next();
    }
  }

  private static void startProxy(int proxyPort, int targetPort, int controlPort)
      throws IOException {
    TcpProxy proxy = new TcpProxy(proxyPort, targetPort);
    proxy.up();
    // threads inherit daemon status: started from a daemon thread, the control server's own
    // dispatcher thread is a daemon too, and exec:java does not wait for it
    Thread starter =
        new Thread(
            () -> {
              try {
                startControl(proxy, controlPort);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            "plinth-devdb-control");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.printf(
        "[plinth] database proxy on port %d -> %d, control on port %d%n",
        proxyPort, targetPort, controlPort);
  }

  private static void startControl(TcpProxy proxy, int controlPort) throws IOException {
    HttpServer control =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), controlPort), 0);
    control.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          if (path.equals("/down")) {
            proxy.down();
          } else if (path.equals("/up")) {
            proxy.up();
          }
          byte[] body = (proxy.isUp() ? "up" : "down").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    control.start();
  }

  /** Stops the server whose pid file is in {@code dir}; waits up to 30 s for it to go. */
  static void stop(Path dir) throws IOException {
    Optional<ProcessHandle> postmaster = postmaster(dir);
    if (postmaster.isEmpty()) {
      System.out.println("[plinth] embedded PostgreSQL is not running");
      return;
    }
    fastShutdown(postmaster.get());
    System.out.println("[plinth] embedded PostgreSQL stopped");
  }

  /**
   * Stops a PostgreSQL that a killed run left running on the data in {@code dir}, saying so in one
   * line. Its acknowledged commits are safe: they are in its WAL (on disk in the run command's
   * mode), and a fast shutdown writes them out; even had it been killed instead, the next start
   * would replay them.
   */
  static void stopLeftOver(Path dir) throws IOException {
    Optional<ProcessHandle> postmaster = postmaster(dir);
    if (postmaster.isEmpty()) {
      return;
    }
    System.out.println(
        "[plinth] found PostgreSQL (pid "
            + postmaster.get().pid()
            + ") left running on "
            + dir.resolve("data")
            + " by an earlier run: stopping it (fast shutdown) and starting afresh");
    fastShutdown(postmaster.get());
  }

  /**
   * SIGINT is PostgreSQL's "fast" shutdown ({@code pg_ctl stop -m fast}): clients go, data stays.
   */
  private static void fastShutdown(ProcessHandle postmaster) throws IOException {
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid()))
          .inheritIO()
          .start()
          .waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping PostgreSQL", e);
    }
    postmaster.onExit().orTimeout(30, TimeUnit.SECONDS).join();
  }

  private static Optional<ProcessHandle> postmaster(Path dir) throws IOException {
    Path pidFile = dir.resolve("data").resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    String first = Files.readAllLines(pidFile).get(0).trim();
    // a pid file outlives a killed server, and its pid may since have gone to another process
    return ProcessHandle.of(Long.parseLong(first))
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
  }

  private static volatile Path hookDir;

  /**
   * exec:java closes its class loader when the goal ends, and a hook created in its thread group
   * never runs, so the hook lives in the root thread group and uses only JDK classes.
   */
  private static void rootGroupHook(Path dir) {
    hookDir = dir;
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread hook = new Thread(root, DevDatabase::stopQuietly, "plinth-devdb-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private static void stopQuietly() {
    awaitLibertyExit();
    try {
      Path pidFile = hookDir.resolve("data").resolve("postmaster.pid");
      if (Files.exists(pidFile)) {
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        ProcessHandle.of(pid)
            .ifPresent(
                p -> {
                  try {
                    new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
                    p.onExit().get(20, TimeUnit.SECONDS);
                  } catch (Exception ignored) {
                    // best effort at exit
                  }
                });
      }
    } catch (Exception ignored) {
      // best effort at exit
    }
  }

  /**
   * On Ctrl-C every shutdown hook of the run command's JVM starts at once, the one that stops
   * Liberty among them; the database goes last, so that the application's last calls still reach
   * it. Waits up to 20 s for a Liberty server started from this JVM to exit.
   */
  private static void awaitLibertyExit() {
    ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().commandLine().map(c -> c.contains("ws-server.jar")).orElse(false))
        .forEach(
            p -> {
              try {
                p.onExit().get(20, TimeUnit.SECONDS);
              } catch (Exception e) {
                // stop the database anyway
              }
            });
  }

  private static boolean portFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A refusal to start that the user can fix; printed without a stack trace. */
  static final class StartupRefused extends RuntimeException {
    StartupRefused(String message) {
      super(message);
    }
  }
}
