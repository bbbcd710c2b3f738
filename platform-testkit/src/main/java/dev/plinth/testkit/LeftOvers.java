package dev.plinth.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a run command left behind when it was killed without a chance to clean up ({@code kill -9}).
 *
 * <p>PostgreSQL survives such a kill on its own: {@code pg_ctl} starts it in a session of its own,
 * and its {@code postmaster.pid} names it (see {@link DevDatabase}). Liberty and the Stripe
 * simulator are children of Maven's JVM: a kill of Maven's process group takes them along, but a
 * kill of the Maven process alone leaves them running, holding their ports and serving the old
 * build. So the run command records them: a watcher in Maven's JVM writes Maven's own pid and
 * command line, then each child's, to {@value #FILE} in the data directory as it appears. If the
 * recorded Maven is still alive, the earlier run is still going and the new one refuses to start.
 * The next run stops a recorded process only if a process with that pid is alive AND has the
 * recorded command line (so a reused pid is never taken for ours), and refuses to start, naming the
 * port and pid, when someone else's process holds a port it needs.
 */
final class LeftOvers {

  static final String FILE = "run-processes";

  /** The command-line marks of the processes the run command starts from Maven's JVM. */
  private static final List<String> MARKS =
      List.of("ws-server.jar", "dev.plinth.testkit.stripe.StripeSimulator");

  private LeftOvers() {}

  /**
   * Watches Maven's JVM for the processes the run command starts after the database (Liberty, the
   * simulator) and records each in {@code dir}. Runs for 30 minutes at most, a daemon thread in the
   * root thread group, using only JDK classes and this one (exec:java closes its class loader when
   * the goal ends).
   */
  static void recordChildren(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    Files.deleteIfExists(file);
    ProcessHandle maven = ProcessHandle.current();
    append(file, maven.pid() + "\t" + commandLine(maven) + "\n");
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread watcher = new Thread(root, () -> watch(file), "plinth-run-processes");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static void watch(Path file) {
    Set<Long> seen = new HashSet<>();
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (System.nanoTime() < until) {
      ProcessHandle.current()
          .descendants()
          .filter(p -> !seen.contains(p.pid()))
          .forEach(
              p -> {
                String command = commandLine(p);
                if (MARKS.stream().anyMatch(command::contains)) {
                  seen.add(p.pid());
                  append(file, p.pid() + "\t" + command + "\n");
                }
              });
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void append(Path file, String line) {
    try {
      Files.writeString(
          file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.out.println("[plinth] could not record a started process: " + e);
    }
  }

  /**
   * Stops every process recorded in {@code dir} that is still alive with its recorded command line:
   * SIGTERM (Liberty and the simulator stop cleanly on it), then SIGKILL after 30 s.
   */
  static void stopRecorded(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return;
    }
    for (String line : Files.readAllLines(file)) {
      int tab = line.indexOf('\t');
      if (tab < 0) {
        continue;
      }
      long pid = Long.parseLong(line.substring(0, tab));
      String command = line.substring(tab + 1);
      Optional<ProcessHandle> process =
          ProcessHandle.of(pid)
              .filter(ProcessHandle::isAlive)
              .filter(p -> commandLine(p).equals(command));
      if (process.isPresent() && process.get().equals(ProcessHandle.current())) {
        continue;
      }
      if (process.isPresent() && !MARKS.stream().anyMatch(command::contains)) {
        // the recording Maven itself is alive: that run was not killed, it is still going
        throw new DevDatabase.StartupRefused(
            "another run command is still running from this checkout (Maven, pid "
                + pid
                + "). Stop it first (Ctrl-C in its terminal).");
      }
      if (process.isPresent()) {
        System.out.println(
            "[plinth] a previous run left "
                + name(command)
                + " running (pid "
                + pid
                + "): stopping it");
        stop(process.get());
      }
    }
    Files.delete(file);
  }

  /**
   * The whole command line of {@code p}. {@link ProcessHandle.Info#commandLine} gives only the
   * executable when the arguments are long (the simulator's class path is), so on Linux it is read
   * from {@code /proc/<pid>/cmdline}.
   */
  static String commandLine(ProcessHandle p) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
      String line = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
      if (!line.isEmpty()) {
        return line;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or gone
    }
    return p.info().commandLine().orElse("");
  }

  private static String name(String command) {
    return command.contains("ws-server.jar") ? "its Liberty server" : "its Stripe simulator";
  }

  private static void stop(ProcessHandle process) {
    process.destroy();
    try {
      process.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }
  }

  /**
   * The process listening on TCP {@code port}, found through {@code /proc} (Linux); empty when none
   * is, or it cannot be told.
   */
  static Optional<ProcessHandle> holder(int port) {
    Set<String> inodes = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String row : Files.readAllLines(Path.of(table))) {
          String[] f = row.trim().split("\\s+");
          // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN; field 9 is the inode
          if (f.length > 9 && f[3].equals("0A") && f[1].endsWith(String.format(":%04X", port))) {
            inodes.add("socket:[" + f[9] + "]");
          }
        }
      } catch (IOException | RuntimeException e) {
        // no such table here
      }
    }
    if (inodes.isEmpty()) {
      return Optional.empty();
    }
    List<ProcessHandle> all = new ArrayList<>(ProcessHandle.allProcesses().toList());
    for (ProcessHandle p : all) {
      try (var fds = Files.list(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
        boolean holds =
            fds.anyMatch(
                fd -> {
                  try {
                    return inodes.contains(Files.readSymbolicLink(fd).toString());
                  } catch (IOException e) {
                    return false;
                  }
                });
        if (holds) {
          return Optional.of(p);
        }
      } catch (IOException | RuntimeException e) {
        // gone, or not ours to look at
      }
    }
    return Optional.empty();
  }

  /** "pid N (command)", the command cut to 120 characters, for a refusal message. */
  static String describe(ProcessHandle p) {
    String command = commandLine(p);
    return "pid "
        + p.pid()
        + " ("
        + (command.length() > 120 ? command.substring(0, 117) + "..." : command)
        + ")";
  }
}
