package io.plugboard.datasets.resolve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.datasets.DatasetException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One config ("subset") of a dataset as {@code datasets} builds it: its name, its splits in order
 * with each split's data files (repo paths, in load order), the file format, builder options from
 * the YAML ({@code sep}, ...), the declared features in {@code datasets} JSON form (may be null) and
 * the declared example counts per split. Immutable.
 */
public record ConfigSpec(String name, Map<String, List<String>> splits, FileFormat format,
    Map<String, String> options, ObjectNode features, Map<String, Long> declaredCounts) {

  /** The data files of {@code split}, or an error listing the splits there are. */
  public List<String> files(String split) {
    List<String> f = splits.get(split);
    if (f == null) {
      throw new DatasetException.InvalidDataset("Unknown split \"" + split + "\" in config '" + name
          + "'. Should be one of " + List.copyOf(splits.keySet()) + ".");
    }
    return f;
  }

  public Optional<Long> declaredCount(String split) {
    return Optional.ofNullable(declaredCounts.get(split));
  }
}
