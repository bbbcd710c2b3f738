package dev.plinth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.TestTenant;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * More tenants than one page of the registry: scheduled jobs and the admins' list reach every one.
 * The tenants belong to the test-only {@code echo} vertical, whose job no other test runs, so the
 * thousand tenants they leave in the shared database slow no other test's job runs.
 */
class ManyTenantsIT extends ItBase {

  static final int TENANTS = 1_001;

  @Test
  void aJobReachesEveryTenantOfItsVerticalPastAThousand() throws Exception {
    long started = System.nanoTime();
    List<TestTenant> made = inParallel(TENANTS, () -> client.onboard(ADMIN, "echo"));
    long onboardedMs = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("onboarded %d tenants in %d ms%n", TENANTS, onboardedMs);
    int inDatabase =
        Integer.parseInt(
            Db.ownerQuery("SELECT count(*) FROM core.tenants WHERE vertical = ?", "echo"));
    assertThat(inDatabase).isGreaterThanOrEqualTo(TENANTS);

    started = System.nanoTime();
    JsonObject run = runJob("echo", "visit");
    System.out.printf(
        "ran echo/visit for %d tenants in %d ms%n",
        run.getInt("tenants"), (System.nanoTime() - started) / 1_000_000);
    assertThat(run.getInt("tenants")).isEqualTo(inDatabase);

    // and the job's work really ran with each of them bound
    List<Boolean> visited =
        inParallel(
            made,
            t ->
                client
                    .get("api/t/" + t.slug() + "/echo/visited", t.apiKey())
                    .json()
                    .getBoolean("visited"));
    assertThat(visited).hasSize(TENANTS).containsOnly(true);
  }

  @Test
  void adminsPageThroughEveryTenant() throws Exception {
    TestTenant newest = client.onboard(ADMIN, "echo");
    List<String> slugs = TenantApiIT.allTenantSlugs(client, 50);
    int inDatabase =
        Integer.parseInt(Db.ownerQuery("SELECT count(*) FROM core.tenants WHERE slug <> ?", ""));
    assertThat(slugs).hasSize(inDatabase).doesNotHaveDuplicates().contains(newest.slug());
  }

  private static <T> List<T> inParallel(int times, Callable<T> call) throws Exception {
    return inParallel(Collections.nCopies(times, 0), i -> call.call());
  }

  /** Work on one input that may throw. */
  interface Work<I, T> {
    T apply(I input) throws Exception;
  }

  /** Applies {@code work} to every input on eight threads; the results in the inputs' order. */
  private static <I, T> List<T> inParallel(List<I> inputs, Work<I, T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (I input : inputs) {
        futures.add(pool.submit(() -> work.apply(input)));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
