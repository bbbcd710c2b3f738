package dev.plinth.core.migration;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where the schema migrations stand. Until {@link #isComplete()}, the API answers 503 and readiness
 * is DOWN: Plinth never serves requests against a half-migrated schema.
 */
@ApplicationScoped
public class MigrationState {

  /** One module's outcome. */
  public record ModuleResult(String module, String version, int applied) {}

  private volatile boolean complete;
  private volatile String failedModule;
  private volatile String failedVersion;
  private volatile String problem = "migrations have not started";
  private final List<ModuleResult> modules = new CopyOnWriteArrayList<>();

  public boolean isComplete() {
    return complete;
  }

  /** Why migrations are not complete: waiting for the database, or a failed migration. */
  public String problem() {
    return problem;
  }

  public String failedModule() {
    return failedModule;
  }

  public String failedVersion() {
    return failedVersion;
  }

  public List<ModuleResult> modules() {
    return List.copyOf(modules);
  }

  void started() {
    problem = "migrations are running";
  }

  void waiting(String why) {
    failedModule = null;
    failedVersion = null;
    problem = why;
  }

  void failed(String module, String version, String why) {
    failedModule = module;
    failedVersion = version;
    problem = why;
  }

  void completed(List<ModuleResult> results) {
    modules.clear();
    modules.addAll(results);
    failedModule = null;
    failedVersion = null;
    problem = null;
    complete = true;
  }
}
