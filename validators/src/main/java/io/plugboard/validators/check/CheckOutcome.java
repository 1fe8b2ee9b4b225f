package io.plugboard.validators.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a check found: a status, the values it measured, evidence quoting offending responses,
 * one remediation sentence, numeric samples for charts (series named {@code reward/<policy>} or
 * {@code latency_ms/<what>}) and an optional transcript of the exchange that failed. Immutable;
 * build one with {@link #builder()}.
 */
public record CheckOutcome(
    CheckStatus status,
    Map<String, Object> measured,
    List<String> evidence,
    String remediation,
    Map<String, List<Double>> samples,
    List<String> transcript) {

  public CheckOutcome {
    Objects.requireNonNull(status, "status");
    measured = Collections.unmodifiableMap(new LinkedHashMap<>(measured));
    evidence = List.copyOf(evidence);
    remediation = remediation == null ? "" : remediation;
    Map<String, List<Double>> s = new LinkedHashMap<>();
    samples.forEach((k, v) -> s.put(k, List.copyOf(v)));
    samples = Collections.unmodifiableMap(s);
    transcript = List.copyOf(transcript);
  }

  /** A skip naming what is missing. */
  public static CheckOutcome skip(String reason) {
    return builder().evidence("skipped: " + reason).build(CheckStatus.SKIP);
  }

  /** Starts an outcome. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the parts of an outcome; not thread-safe. */
  public static final class Builder {
    private final Map<String, Object> measured = new LinkedHashMap<>();
    private final List<String> evidence = new ArrayList<>();
    private final Map<String, List<Double>> samples = new LinkedHashMap<>();
    private final List<String> transcript = new ArrayList<>();
    private String remediation = "";
    private int maxEvidence = 20;
    private int droppedEvidence;

    private Builder() {}

    /** Records a measured value (number, string, boolean, list or map). */
    public Builder measure(String name, Object value) {
      measured.put(name, value);
      return this;
    }

    /** Adds one evidence line; after 20 lines further ones are counted, not kept. */
    public Builder evidence(String line) {
      if (evidence.size() < maxEvidence) {
        evidence.add(line);
      } else {
        droppedEvidence++;
      }
      return this;
    }

    /** Number of evidence lines recorded so far (kept or dropped). */
    public int evidenceCount() {
      return evidence.size() + droppedEvidence;
    }

    /** Sets the remediation sentence shown when the check fails. */
    public Builder remediation(String text) {
      this.remediation = text;
      return this;
    }

    /** Appends one numeric sample to a named series. */
    public Builder sample(String series, double value) {
      samples.computeIfAbsent(series, k -> new ArrayList<>()).add(value);
      return this;
    }

    /** Appends transcript lines (frames sent and received). */
    public Builder transcript(List<String> lines) {
      transcript.addAll(lines);
      return this;
    }

    /** Builds a pass if no evidence of failure was recorded with {@link #fail}, else a fail. */
    public CheckOutcome build(CheckStatus status) {
      List<String> ev = new ArrayList<>(evidence);
      if (droppedEvidence > 0) {
        ev.add("... and " + droppedEvidence + " more");
      }
      return new CheckOutcome(status, measured, ev, remediation, samples, transcript);
    }

    /** Builds {@code fail} when {@code failed} is true, else {@code pass}. */
    public CheckOutcome passIf(boolean passed) {
      return build(passed ? CheckStatus.PASS : CheckStatus.FAIL);
    }
  }
}
