package io.plugboard.validators.run;

import io.plugboard.validators.check.CheckContext;
import io.plugboard.validators.check.CheckDefinition;
import io.plugboard.validators.check.CheckOutcome;
import io.plugboard.validators.check.CheckResult;
import io.plugboard.validators.check.CheckStatus;
import io.plugboard.validators.check.Level;
import io.plugboard.validators.check.Prerequisite;
import io.plugboard.validators.policy.SeverityPolicy;
import io.plugboard.validators.report.ValidationReport;
import io.plugboard.validators.subject.ValidationTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;

/**
 * Runs checks against a target: in level order (stable within a level), up to a maximum level,
 * skipping checks whose prerequisites are missing (naming them), continuing after failures,
 * running each check on its own thread with its own sessions and time budget, and stopping the
 * whole run at an overall deadline. Immutable; {@link #run} may be called from several threads.
 */
public final class ValidationRunner {
  private final List<CheckDefinition> checks;
  private final SeverityPolicy policy;
  private final Level maxLevel;
  private final Duration runBudget;
  private final Duration checkBudget;
  private final OkHttpClient http;
  private final String tool;

  private ValidationRunner(Builder b) {
    this.checks = b.checks.stream()
        .sorted(Comparator.comparingInt(c -> c.level().number()))
        .collect(Collectors.toUnmodifiableList());
    this.policy = b.policy;
    this.maxLevel = b.maxLevel;
    this.runBudget = b.runBudget;
    this.checkBudget = b.checkBudget;
    this.http = b.http;
    this.tool = b.tool;
  }

  /** Starts a runner over the given checks. */
  public static Builder builder(List<CheckDefinition> checks) {
    return new Builder(checks);
  }

  /** Runs every selected check and returns the report. Never throws for a check's failure. */
  public ValidationReport run(ValidationTarget target, ProgressListener listener) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    Instant runDeadline = started.plus(runBudget);
    Set<Prerequisite> available = target.available();
    List<CheckDefinition> selected = checks.stream()
        .filter(c -> c.level().number() <= maxLevel.number()).toList();
    List<CheckResult> results = new ArrayList<>();
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "plugboard-check");
      t.setDaemon(true);
      return t;
    });
    try {
      int i = 0;
      for (CheckDefinition def : selected) {
        i++;
        listener.started(def, i, selected.size());
        CheckResult result = runOne(def, target, available, runDeadline, pool);
        results.add(result);
        listener.finished(result, i, selected.size());
      }
    } finally {
      pool.shutdownNow();
    }
    long duration = (System.nanoTime() - t0) / 1_000_000;
    return new ValidationReport(tool, policy.version(),
        target.environment().map(Object::toString).orElse(null),
        target.dataset().map(d -> d.reference()).orElse(null),
        target.rewardEndpoint().map(Object::toString).orElse(null),
        started, duration, results, policy.verdict(results));
  }

  private CheckResult runOne(CheckDefinition def, ValidationTarget target, Set<Prerequisite> available,
      Instant runDeadline, ExecutorService pool) {
    String severity = policy.severityOf(def.id());
    List<Prerequisite> missing = def.prerequisites().stream()
        .filter(p -> !available.contains(p)).sorted().toList();
    if (!missing.isEmpty()) {
      String names = missing.stream().map(Prerequisite::description).collect(Collectors.joining(", "));
      CheckOutcome o = CheckOutcome.builder()
          .measure("missing_prerequisites", missing.stream().map(p -> p.name().toLowerCase()).toList())
          .evidence("skipped: needs " + names)
          .build(CheckStatus.SKIP);
      return new CheckResult(def.id(), def.level(), severity, o, 0);
    }
    Duration left = Duration.between(Instant.now(), runDeadline);
    if (left.isNegative() || left.isZero()) {
      return new CheckResult(def.id(), def.level(), severity, CheckOutcome.builder()
          .evidence("not run: the run's time budget of " + runBudget.toSeconds() + " s was spent")
          .remediation("Raise --timeout or validate fewer levels.")
          .build(CheckStatus.ERROR), 0);
    }
    Duration budget = min(min(def.budget(), checkBudget), left);
    long t0 = System.nanoTime();
    CheckContext ctx = new CheckContext(target, http, Instant.now().plus(budget));
    Future<CheckOutcome> f = pool.submit(() -> def.body().run(ctx));
    CheckOutcome outcome;
    try {
      outcome = Objects.requireNonNull(f.get(budget.toMillis(), TimeUnit.MILLISECONDS), "check returned null");
    } catch (TimeoutException e) {
      f.cancel(true);
      outcome = CheckOutcome.builder()
          .measure("budget_ms", budget.toMillis())
          .evidence("stopped after " + budget.toMillis() + " ms: the check did not finish within its time budget")
          .remediation("The target answers too slowly for this check; raise --timeout or investigate latency.")
          .build(CheckStatus.ERROR);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      outcome = CheckOutcome.builder()
          .evidence("validator error: " + c.getClass().getSimpleName() + ": " + c.getMessage())
          .build(CheckStatus.ERROR);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      outcome = CheckOutcome.builder().evidence("interrupted").build(CheckStatus.ERROR);
    } catch (RuntimeException e) {
      outcome = CheckOutcome.builder().evidence("validator error: " + e).build(CheckStatus.ERROR);
    } finally {
      ctx.close();
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    return new CheckResult(def.id(), def.level(), severity, outcome, ms);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Configures a runner; not thread-safe. */
  public static final class Builder {
    private final List<CheckDefinition> checks;
    private SeverityPolicy policy = SeverityPolicy.load("v1");
    private Level maxLevel = Level.STATISTICAL;
    private Duration runBudget = Duration.ofMinutes(10);
    private Duration checkBudget = Duration.ofMinutes(2);
    private OkHttpClient http;
    private String tool = "plugboard 0.1.0";

    private Builder(List<CheckDefinition> checks) {
      this.checks = List.copyOf(checks);
      Set<String> ids = new java.util.HashSet<>();
      for (CheckDefinition c : checks) {
        if (!ids.add(c.id())) throw new IllegalArgumentException("duplicate check id " + c.id());
      }
    }

    public Builder policy(SeverityPolicy p) {
      this.policy = Objects.requireNonNull(p);
      return this;
    }

    /** Runs levels up to and including this one. */
    public Builder maxLevel(Level l) {
      this.maxLevel = Objects.requireNonNull(l);
      return this;
    }

    /** The whole run's time budget; checks not started by then are recorded as errors. */
    public Builder runBudget(Duration d) {
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("run budget must be positive");
      this.runBudget = d;
      return this;
    }

    /** Upper bound on any one check's budget (each check's own budget still applies). */
    public Builder checkBudget(Duration d) {
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("check budget must be positive");
      this.checkBudget = d;
      return this;
    }

    /** The shared HTTP client; one is created when none is given. */
    public Builder http(OkHttpClient c) {
      this.http = c;
      return this;
    }

    /** The tool string recorded in reports. */
    public Builder tool(String t) {
      this.tool = t;
      return this;
    }

    public ValidationRunner build() {
      if (http == null) {
        http = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(30))
            .pingInterval(Duration.ofSeconds(20)).build();
      }
      return new ValidationRunner(this);
    }
  }
}
