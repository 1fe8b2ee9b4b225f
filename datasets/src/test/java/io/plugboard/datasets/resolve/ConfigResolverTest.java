package io.plugboard.datasets.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plugboard.datasets.Corpus;
import io.plugboard.datasets.DatasetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Every card in the corpus resolves to the configs and splits {@code datasets} gives. Expected
 * answers are written from the rules in hf-hub.md §2 (YAML configs, default pattern cascade,
 * filters, format inference), not from this code's output.
 */
class ConfigResolverTest {

  private static List<String> tree(String rel) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : Corpus.json("hub-responses/reconstructed-tree/" + rel).get("tree")) {
      if (e.get("type").asText().equals("file")) {
        out.add(e.get("path").asText());
      }
    }
    return out;
  }

  private static DatasetCard card(String rel) {
    return DatasetCard.parseReadme(Corpus.text(rel), rel);
  }

  private static final List<String> GSM8K_FILES = List.of(".gitattributes", "README.md", "main/test-00000-of-00001.parquet",
      "main/train-00000-of-00001.parquet", "socratic/test-00000-of-00001.parquet", "socratic/train-00000-of-00001.parquet");

  @Test
  void gsm8kCardHasTwoYamlConfigsAndNoDefault() {
    for (String rel : List.of("parquet/hub-openai-gsm8k/README.md", "cards/openai-gsm8k/README.md")) {
      DatasetLayout l = ConfigResolver.resolve("openai/gsm8k", card(rel), GSM8K_FILES, null);
      assertEquals(List.of("main", "socratic"), l.configNames());
      assertNull(l.defaultConfig(), "two configs, none named default, none marked default: true");
      ConfigSpec main = l.config("main");
      assertEquals(Map.of("train", List.of("main/train-00000-of-00001.parquet"), "test", List.of("main/test-00000-of-00001.parquet")),
          main.splits());
      assertEquals(List.of("train", "test"), List.copyOf(main.splits().keySet()), "YAML order");
      assertEquals(FileFormat.PARQUET, main.format());
      assertEquals(List.of("socratic/test-00000-of-00001.parquet"), l.config("socratic").files("test"));
      assertEquals(7473L, main.declaredCount("train").orElseThrow());
      assertEquals(1319L, l.config("socratic").declaredCount("test").orElseThrow());
      assertEquals("{\"question\":{\"dtype\":\"string\",\"_type\":\"Value\"},\"answer\":{\"dtype\":\"string\",\"_type\":\"Value\"}}",
          main.features().toString());
      DatasetException e = assertThrows(DatasetException.InvalidDataset.class, () -> l.config("default"));
      assertEquals("BuilderConfig 'default' not found. Available: [main, socratic]", e.getMessage());
    }
  }

  @Test
  void newsroomCardGlobsOnlyTheParquetShardsItNames() {
    DatasetLayout l = ConfigResolver.resolve("LogeshChandran/newsroom_dataset",
        card("cards/LogeshChandran-newsroom_dataset/README.md"), tree("LogeshChandran-newsroom_dataset-main-tree.json"), null);
    assertEquals(List.of("default"), l.configNames());
    assertEquals("default", l.defaultConfig());
    ConfigSpec c = l.config(null);
    assertEquals(List.of("train", "test", "validation"), List.copyOf(c.splits().keySet()));
    assertEquals(IntStream.range(0, 10).mapToObj(i -> "data/train-0000" + i + "-of-00010.parquet").toList(), c.files("train"));
    assertEquals(List.of("data/test-00000-of-00001.parquet"), c.files("test"));
    assertEquals(List.of("data/validation-00000-of-00001.parquet"), c.files("validation"));
    assertEquals(FileFormat.PARQUET, c.format());
    assertEquals("{\"dtype\":\"timestamp[ns]\",\"_type\":\"Value\"}", c.features().get("date").toString());
    assertEquals(995041L, c.declaredCount("train").orElseThrow());
  }

  @Test
  void withoutConfigsTheShardedRuleFindsEverySplitInDatasetsOrder() {
    DatasetLayout l = ConfigResolver.resolve("LogeshChandran/newsroom_dataset", DatasetCard.empty(),
        tree("LogeshChandran-newsroom_dataset-main-tree.json"), null);
    ConfigSpec c = l.config(null);
    assertEquals(List.of("train", "validation", "test", "dev"), List.copyOf(c.splits().keySet()));
    assertEquals(10, c.files("train").size(), "train.jsonl.gz is not a shard");
    assertEquals(List.of("data/dev-00000-of-00001.parquet"), c.files("dev"));
  }

  @Test
  void wikiassertionsHas174TrainShardsInPathOrder() {
    List<String> files = tree("leealmasy-wikiassertions-main-tree.json");
    ConfigSpec c = ConfigResolver.resolve("leealmasy/wikiassertions", DatasetCard.empty(), files, null).config(null);
    assertEquals(List.of("train"), List.copyOf(c.splits().keySet()));
    assertEquals(174, c.files("train").size());
    assertEquals("data/train-00000-of-00174.parquet", c.files("train").get(0));
    assertEquals("data/train-00173-of-00174.parquet", c.files("train").get(173));
  }

  @Test
  void cardWithoutConfigsAndOneCsvIsDefaultTrain() {
    DatasetLayout l = ConfigResolver.resolve("fka/awesome-chatgpt-prompts",
        card("parquet/convert-parquet-fka-awesome-chatgpt-prompts/main-branch/README.md"),
        tree("fka-awesome-chatgpt-prompts-main-tree-20250106.json"), null);
    assertEquals(List.of("default"), l.configNames());
    assertEquals(Map.of("train", List.of("prompts.csv")), l.config(null).splits());
    assertEquals(FileFormat.CSV, l.config(null).format());
    assertNull(l.config(null).features());
  }

  @Test
  void parquetConvertBranchUsesTheTrainDirectoryKeyword() {
    DatasetLayout l = ConfigResolver.resolve("fka/awesome-chatgpt-prompts", DatasetCard.empty(),
        tree("fka-awesome-chatgpt-prompts-refs-convert-parquet-tree.json"), null);
    assertEquals(Map.of("train", List.of("default/train/0000.parquet")), l.config(null).splits());
  }

  @Test
  void legacyCanonicalCardsWithoutDataFilesHaveNoDataLikeDatasets() {
    for (String name : List.of("ai2_arc", "commonsense_qa", "competition_math", "gsm8k", "hellaswag", "hendrycks_test", "mbpp",
        "openai_humaneval", "openbookqa", "truthful_qa")) {
      String base = "dataset_infos/legacy-canonical/" + name + "/";
      DatasetCard c = card(base + "README.md");
      assertTrue(c.configs().isMissingNode(), name + " has no configs: in its YAML");
      DatasetException e = assertThrows(DatasetException.InvalidDataset.class,
          () -> ConfigResolver.resolve("legacy/" + name, c, List.of("README.md", "dataset_infos.json"), Corpus.json(base + "dataset_infos.json")));
      assertEquals("The directory at the repository root of dataset 'legacy/" + name
          + "' doesn't contain any data files (config 'default').", e.getMessage());
      DatasetException script = assertThrows(DatasetException.InvalidDataset.class,
          () -> ConfigResolver.resolve("legacy/" + name, c, List.of("README.md", "dataset_infos.json", name + ".py"), null));
      assertTrue(script.getMessage().startsWith("Dataset scripts are no longer supported, but found " + name + ".py"));
    }
  }

  @Test
  void singleLegacyInfoIsRenamedDefaultAndGivesFeatures() {
    JsonNode infos = Corpus.json("dataset_infos/legacy-canonical/commonsense_qa/dataset_infos.json");
    ConfigSpec c = ConfigResolver.resolve("tau/commonsense_qa", DatasetCard.empty(),
        List.of("dataset_infos.json", "data/train-00000-of-00001.parquet", "data/validation-00000-of-00001.parquet"), infos).config(null);
    assertEquals(List.of("train", "validation"), List.copyOf(c.splits().keySet()));
    assertTrue(c.features().has("question"), c.features().toString());
    assertEquals(infos.elements().next().path("splits").path("train").path("num_examples").asLong(), c.declaredCount("train").orElseThrow());
  }

  @Test
  void splitKeywordsNeedASeparatorAndMapAliases() {
    ConfigSpec c = ConfigResolver.resolve("o/n", DatasetCard.empty(), List.of("train.csv", "my_train_file.csv", "train1.csv",
        "2test.csv", "testfile.csv", "latest.csv", "mytrain.csv", "eval.csv", "dev.csv"), null).config(null);
    assertEquals(List.of("train", "validation", "test"), List.copyOf(c.splits().keySet()));
    assertEquals(List.of("train.csv", "train1.csv", "my_train_file.csv"), c.files("train"));
    assertEquals(List.of("dev.csv"), c.files("validation"));
    assertEquals(List.of("2test.csv", "eval.csv"), c.files("test"), "pattern order: test keywords before eval");
  }

  @Test
  void aSplitDirectoryWinsOverFileNameKeywords() {
    ConfigSpec c = ConfigResolver.resolve("o/n", DatasetCard.empty(),
        List.of("train/a.jsonl", "train/b.jsonl.gz", "test.jsonl", "evaluation/x.jsonl", ".hidden/train.jsonl", "train/README.md"), null)
        .config(null);
    assertEquals(Map.of("train", List.of("train/a.jsonl", "train/b.jsonl.gz"), "test", List.of("evaluation/x.jsonl")), c.splits());
    assertEquals(FileFormat.JSON, c.format());
  }

  @Test
  void everythingElseIsTrainAndFormatTiesPreferParquet() {
    ConfigSpec c = ConfigResolver.resolve("o/n", DatasetCard.empty(), List.of("a.parquet", "b.csv", "notes.txt"), null).config(null);
    assertEquals(FileFormat.PARQUET, c.format());
    assertEquals(List.of("a.parquet"), c.files("train"));
  }

  @Test
  void yamlDataFilesFormsAndDataDir() {
    String readme = "---\nconfigs:\n- config_name: a\n  data_files: x/*.jsonl\n- config_name: b\n  default: true\n  data_dir: sub\n"
        + "- config_name: c\n  data_files:\n    train: [x/1.jsonl]\n    test: x/2.jsonl\n  sep: ';'\n---\n# card\n";
    List<String> files = List.of("x/1.jsonl", "x/2.jsonl", "sub/data/train-00000-of-00001.jsonl", "sub/data/test-00000-of-00001.jsonl");
    DatasetLayout l = ConfigResolver.resolve("o/n", DatasetCard.parseReadme(readme, "README.md"), files, null);
    assertEquals("b", l.defaultConfig());
    assertEquals(Map.of("train", List.of("x/1.jsonl", "x/2.jsonl")), l.config("a").splits());
    assertEquals(Map.of("train", List.of("sub/data/train-00000-of-00001.jsonl"), "test", List.of("sub/data/test-00000-of-00001.jsonl")),
        l.config(null).splits());
    assertEquals(Map.of("train", List.of("x/1.jsonl"), "test", List.of("x/2.jsonl")), l.config("c").splits());
    assertEquals(";", l.config("c").options().get("sep"));
  }

  @Test
  void malformedCardsFailNamingWhatAndWhere() {
    DatasetException dup = assertThrows(DatasetException.InvalidDataset.class,
        () -> DatasetCard.parseReadme("---\nlicense: mit\nlicense: apache-2.0\n---\n", "org/x/README.md"));
    assertTrue(dup.getMessage().startsWith("Invalid YAML metadata in org/x/README.md at line 3: Duplicate field 'license'"), dup.getMessage());
    String two = "---\nconfigs:\n- config_name: a\n  default: true\n- config_name: b\n  default: true\n---\n";
    DatasetException defaults = assertThrows(DatasetException.InvalidDataset.class,
        () -> ConfigResolver.resolve("o/n", DatasetCard.parseReadme(two, "README.md"), List.of("a.csv"), null));
    assertEquals("Dataset 'o/n' has several default configs: [a, b].", defaults.getMessage());
    String noName = "---\nconfigs:\n- data_files: a.csv\n---\n";
    DatasetException missing = assertThrows(DatasetException.InvalidDataset.class,
        () -> ConfigResolver.resolve("o/n", DatasetCard.parseReadme(noName, "README.md"), List.of("a.csv"), null));
    assertEquals("configs[0] of the README.md YAML of 'o/n' has no config_name (required, even for one config).", missing.getMessage());
    DatasetException mixed = assertThrows(DatasetException.InvalidDataset.class, () -> ConfigResolver.resolve("o/n",
        DatasetCard.empty(), List.of("train.csv", "test.parquet"), null));
    assertTrue(mixed.getMessage().startsWith("Couldn't infer the same data file format for all splits"), mixed.getMessage());
  }

  @Test
  void yamlConfigsAreAllReadWithTheBuilderOfTheFirstConfigLikeDatasets() {
    // datasets 5.2 infers one builder from the first config's data_files (load.py get_module) and hands
    // every config's files to it: load_dataset(repo, "jsonl") fails on the .jsonl file (ArrowInvalid)
    String readme = "---\nconfigs:\n- config_name: parquet\n  data_files: p/*\n- config_name: jsonl\n  data_files: j/*\n"
        + "- config_name: both\n  data_files: [p/*, j/*]\n---\n";
    List<String> files = List.of("p/train-00000-of-00001.parquet", "j/train.jsonl");
    DatasetLayout l = ConfigResolver.resolve("o/mixed", DatasetCard.parseReadme(readme, "README.md"), files, null);
    assertEquals(List.of("p/train-00000-of-00001.parquet"), l.config("parquet").files("train"));
    for (String cfg : List.of("jsonl", "both")) {
      DatasetException e = assertThrows(DatasetException.InvalidDataset.class, () -> l.config(cfg));
      assertTrue(e.getMessage().startsWith("Config '" + cfg + "' of 'o/mixed' lists j/train.jsonl (split 'train'), which is not"
          + " parquet: datasets reads every config of a repository with the one builder it infers from the first config's"
          + " data files (parquet, from config 'parquet')"), e.getMessage());
    }
    // the same files, jsonl listed first: now the parquet config is the one datasets cannot read
    String flipped = "---\nconfigs:\n- config_name: jsonl\n  data_files: j/*\n- config_name: parquet\n  data_files: p/*\n---\n";
    DatasetLayout f = ConfigResolver.resolve("o/mixed", DatasetCard.parseReadme(flipped, "README.md"), files, null);
    assertEquals(FileFormat.JSON, f.config("jsonl").format());
    assertThrows(DatasetException.InvalidDataset.class, () -> f.config("parquet"));
    // a first config without data_files: the builder comes from the default patterns over the whole repo
    String dirs = "---\nconfigs:\n- config_name: a\n  data_dir: p\n- config_name: b\n  data_files: j/*\n---\n";
    DatasetLayout d = ConfigResolver.resolve("o/mixed", DatasetCard.parseReadme(dirs, "README.md"),
        List.of("p/train.parquet", "p/test.parquet", "j/train.jsonl"), null);
    assertEquals(FileFormat.PARQUET, d.config("a").format());
    DatasetException e = assertThrows(DatasetException.InvalidDataset.class, () -> d.config("b"));
    assertTrue(e.getMessage().contains("(parquet, from the repository's data files)"), e.getMessage());
  }
}
