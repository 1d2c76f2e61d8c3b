package dev.graduation.loadtest.suites;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one suite measured: its figures (written as JSON under the suite's name), the lines of the
 * combined table {@code all} prints, and the exit code it earned (0, or {@link #ERROR} on an error).
 */
record SuiteResult(String suite, Map<String, Object> figures, List<Line> lines, int exitCode) {

  /** An error happened: a failed send, a dead-letter record, a stream thread that died. */
  static final int ERROR = 1;

  /** One line of the combined table. */
  record Line(String figure, String value) {}

  /** Writes {@code figures} to {@code file} as indented JSON, creating its directory. */
  static void write(Path file, Map<String, Object> figures) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(file.toFile(), figures);
    System.out.println("written to " + file);
  }

  /** A Markdown table: the heading row, its rule, one row per entry. */
  static void printTable(List<String> headings, List<List<String>> rows) {
    System.out.println();
    System.out.println("| " + String.join(" | ", headings) + " |");
    System.out.println("|" + "---|".repeat(headings.size()));
    rows.forEach(row -> System.out.println("| " + String.join(" | ", row) + " |"));
  }

  /** This suite's lines as rows of the combined table (suite, figure, value). */
  List<List<String>> rows() {
    List<List<String>> rows = new ArrayList<>();
    lines.forEach(line -> rows.add(List.of(suite, line.figure(), line.value())));
    return rows;
  }

  /** The figures with the suite's name and exit code on top, as every JSON file starts. */
  Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("suite", suite);
    json.put("exitCode", exitCode);
    json.putAll(figures);
    return json;
  }
}
