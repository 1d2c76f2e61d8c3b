package dev.graduation.streams.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code api-catalog.csv} (columns looked up by header name; RFC 4180 quoting allowed). */
final class CatalogCsv {

  private static final List<String> COLUMNS =
      List.of("method", "path", "operation_id", "app_permission", "throttling_group", "is_oauth");

  private CatalogCsv() {}

  static List<Operation> readResource(String resource) {
    return parse(resourceText(resource).lines().toList(), resource);
  }

  static String resourceText(String resource) {
    InputStream in = CatalogCsv.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("catalog resource " + resource + " is not on the classpath");
    }
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  static List<Operation> parse(List<String> lines, String source) {
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(source + " is empty");
    }
    List<String> header = split(lines.get(0));
    int[] index = new int[COLUMNS.size()];
    for (int i = 0; i < COLUMNS.size(); i++) {
      index[i] = header.indexOf(COLUMNS.get(i));
      if (index[i] < 0) {
        throw new IllegalArgumentException(source + " has no column " + COLUMNS.get(i));
      }
    }
    List<Operation> operations = new ArrayList<>(lines.size() - 1);
    for (int n = 1; n < lines.size(); n++) {
      String line = lines.get(n);
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = split(line);
      if (cells.size() != header.size()) {
        throw new IllegalArgumentException(
            source
                + " line "
                + (n + 1)
                + ": "
                + cells.size()
                + " cells, expected "
                + header.size());
      }
      operations.add(
          new Operation(
              cells.get(index[0]),
              cells.get(index[1]),
              cells.get(index[2]),
              cells.get(index[3]),
              cells.get(index[4]),
              Boolean.parseBoolean(cells.get(index[5]))));
    }
    return operations;
  }

  /** One CSV record on one line; a quoted cell may hold commas and doubled quotes. */
  static List<String> split(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
