package io.plugboard.datasets;

import io.plugboard.datasets.emulator.HubEmulator;
import io.plugboard.datasets.hub.HubClient;
import io.plugboard.datasets.hub.HubSettings;
import io.plugboard.datasets.hub.RetryPolicy;
import io.plugboard.datasets.hub.Sleeper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;

/**
 * A Hub folder built from the corpus in the Hub's own layout, an emulator serving it on a free
 * port, and clients whose sleeper records waits instead of sleeping.
 */
public final class HubFixture implements AutoCloseable {
  public static final String GRANTED = "hf_granted0123456789abcdefABCDEF";
  public static final String NOT_GRANTED = "hf_other0123456789abcdefABCDEFGH";
  public static final OkHttpClient HTTP = new OkHttpClient();

  public final Path root;
  public final HubEmulator emulator;
  public final List<Duration> waits = new CopyOnWriteArrayList<>();

  public HubFixture(Path tmp, int pageSize, boolean strict) {
    this.root = tmp.resolve("hub");
    build(root);
    HubEmulator e = HubEmulator.over(root).withPageSize(pageSize);
    this.emulator = (strict ? e.withStrictTokens() : e).start("127.0.0.1", 0);
  }

  /** Lays out openai/gsm8k, fka/awesome-chatgpt-prompts (+ refs/convert/parquet), a gated and a private repo. */
  public static void build(Path root) {
    Path gsm = root.resolve("datasets/openai/gsm8k");
    copy("parquet/hub-openai-gsm8k/README.md", gsm.resolve("README.md"));
    copy("parquet/hub-openai-gsm8k/.gitattributes", gsm.resolve(".gitattributes"));
    copy("parquet/hub-openai-gsm8k/main/test-00000-of-00001.parquet", gsm.resolve("main/test-00000-of-00001.parquet"));
    copy("parquet/hub-openai-gsm8k/main/train-00000-of-00001.parquet", gsm.resolve("main/train-00000-of-00001.parquet"));
    copy("parquet/hub-openai-gsm8k/socratic/test-00000-of-00001.parquet", gsm.resolve("socratic/test-00000-of-00001.parquet"));
    Path fka = root.resolve("datasets/fka/awesome-chatgpt-prompts");
    copy("parquet/convert-parquet-fka-awesome-chatgpt-prompts/main-branch/README.md", fka.resolve("README.md"));
    copy("parquet/convert-parquet-fka-awesome-chatgpt-prompts/main-branch/prompts.csv", fka.resolve("prompts.csv"));
    Path conv = fka.resolve(".hub/refs/convert/parquet");
    copy("parquet/convert-parquet-fka-awesome-chatgpt-prompts/.gitattributes", conv.resolve(".gitattributes"));
    copy("parquet/convert-parquet-fka-awesome-chatgpt-prompts/default/train/0000.parquet", conv.resolve("default/train/0000.parquet"));
    Path gated = root.resolve("datasets/acme/gated-math");
    copy("parquet/hub-openai-gsm8k/.gitattributes", gated.resolve(".gitattributes"));
    copy("parquet/hub-openai-gsm8k/main/test-00000-of-00001.parquet", gated.resolve("data/test-00000-of-00001.parquet"));
    write(gated.resolve(".hub/repo.json"), "{\"gated\": \"manual\", \"tokens\": [\"" + GRANTED + "\"]}");
    Path tasks = root.resolve("datasets/acme/tasks");
    copy("parquet/hub-openai-gsm8k/.gitattributes", tasks.resolve(".gitattributes"));
    copy("parquet/hub-openai-gsm8k/main/test-00000-of-00001.parquet", tasks.resolve("main/test-00000-of-00001.parquet"));
    copy("parquet/hub-openai-gsm8k/main/train-00000-of-00001.parquet", tasks.resolve("main/train-00000-of-00001.parquet"));
    write(tasks.resolve("README.md"), "---\nconfigs:\n- config_name: main\n  data_files:\n  - split: train\n    path: main/train-*\n"
        + "  - split: test\n    path: main/test-*\n- config_name: other\n  data_files: other/*.jsonl\n---\n# Tasks\n");
    write(tasks.resolve("environment.yaml"), "spec_version: hf-rl-env-0.1\nenvironments:\n  - id: math\n    config_name: main\n"
        + "    splits: [test]\n    hidden_columns: [answer]\n    frameworks:\n      openenv:\n        package: openenv-math>=0.1\n");
    Path priv = root.resolve("datasets/acme/private-set");
    copy("parquet/hub-openai-gsm8k/main/test-00000-of-00001.parquet", priv.resolve("data/test-00000-of-00001.parquet"));
    write(root.resolve("tokens.txt"), GRANTED + "\n" + NOT_GRANTED + "\n");
    write(priv.resolve(".hub/repo.json"), "{\"private\": true, \"tokens\": [\"" + GRANTED + "\"]}");
  }

  public HubSettings settings(Path cache) {
    return new HubSettings(emulator.endpoint(), cache, Optional.empty(), false);
  }

  public HubClient client(HubSettings settings) {
    Sleeper recording = waits::add;
    return new HubClient(HTTP, settings, RetryPolicy.DEFAULT, recording);
  }

  public HfDatasets datasets(Path cache) {
    return new HfDatasets(client(settings(cache)));
  }

  public HfDatasets datasets(HubSettings s) {
    return new HfDatasets(client(s));
  }

  static void copy(String corpusRel, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.copy(Corpus.file(corpusRel), to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path to, String text) {
    try {
      Files.createDirectories(to.getParent());
      Files.writeString(to, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    emulator.close();
  }
}
