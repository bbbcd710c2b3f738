package dev.plinth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftOversTest {

  @TempDir Path dir;

  Process simulator;
  Process other;

  @AfterEach
  void cleanUp() {
    for (Process p : new Process[] {simulator, other}) {
      if (p != null) {
        p.destroyForcibly();
      }
    }
  }

  /** A stand-in for a left-over child: its command line carries the simulator's mark. */
  private static Process child() throws Exception {
    return new ProcessBuilder(
            "sh", "-c", "sleep 60; :", "dev.plinth.testkit.stripe.StripeSimulator")
        .start();
  }

  private static String commandLine(Process p) throws Exception {
    return commandLine(p, "StripeSimulator");
  }

  private static String commandLine(Process p, String mark) throws Exception {
    // /proc may take a moment to show the new command line
    for (int i = 0; i < 50; i++) {
      String c = LeftOvers.commandLine(p.toHandle());
      if (c.contains(mark)) {
        return c;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no command line for " + p.pid());
  }

  private void record(long pid, String command) throws Exception {
    Files.writeString(
        dir.resolve(LeftOvers.FILE),
        pid + "\t" + command + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  @Test
  void aRecordedChildWhoseCommandLineStillMatchesIsStopped() throws Exception {
    simulator = child();
    record(simulator.pid(), commandLine(simulator));

    LeftOvers.stopRecorded(dir);

    assertThat(simulator.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(dir.resolve(LeftOvers.FILE)).doesNotExist();
  }

  @Test
  void aRecordedPidNowUsedByAnotherCommandIsLeftAlone() throws Exception {
    other = child();
    record(other.pid(), commandLine(other) + " --port 12111");

    LeftOvers.stopRecorded(dir);

    assertThat(other.isAlive()).as("not the recorded process, whatever its pid").isTrue();
  }

  @Test
  void aRunWhoseMavenIsStillAliveIsNotTakenForALeftOver() throws Exception {
    other = new ProcessBuilder("sleep", "60").start();
    record(other.pid(), commandLine(other, "sleep"));
    simulator = child();
    record(simulator.pid(), commandLine(simulator));

    assertThatThrownBy(() -> LeftOvers.stopRecorded(dir))
        .hasMessageContaining("another run command is still running from this checkout")
        .hasMessageContaining("pid " + other.pid());
    assertThat(simulator.isAlive()).as("the running run's simulator is left alone").isTrue();
  }

  @Test
  void theHolderOfAPortIsNamed() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      assertThat(LeftOvers.holder(s.getLocalPort()))
          .hasValueSatisfying(p -> assertThat(p.pid()).isEqualTo(ProcessHandle.current().pid()));
    }
  }
}
