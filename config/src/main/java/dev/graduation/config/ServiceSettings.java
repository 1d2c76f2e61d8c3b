package dev.graduation.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one configuration scheme of both services. A service declares its settings once ({@link
 * Setting}, {@link PassThrough}) over its config record and that record's defaults; this class
 * reads them from their sources, the first that has a value winning: the command-line option,
 * the environment variable ({@code <PREFIX>_...}), the properties file ({@code --config FILE} or
 * {@code <PREFIX>_CONFIG}), the default. It also builds {@code --help} and the effective
 * configuration a service logs, secrets masked in both.
 */
public final class ServiceSettings<C> {

  private static final String CONFIG_OPTION = "--config";
  /** The one setting every service has, whatever its config record: how it writes its log. */
  static final String LOG_FORMAT_KEY = "log.format";
  private static final String LOG_FORMAT_OPTION = "--log-format";
  private static final String LOG_FORMAT_DESCRIPTION =
      "log format, one line per event: plain (time, level, thread, logger, message) or json (one object per line)";

  private final String name;
  private final String prefix;
  private final String description;
  private final C defaults;
  private final List<Setting<C>> settings;
  private final List<PassThrough<C>> passThroughs;

  /**
   * @param name the command's name, e.g. {@code ingest}
   * @param prefix of its environment variables, e.g. {@code INGEST}
   * @param description one line for {@code --help}
   * @param defaults the config when nothing is given: the one place its defaults live
   */
  public ServiceSettings(
      String name, String prefix, String description, C defaults, List<Setting<C>> settings,
      List<PassThrough<C>> passThroughs) {
    this.name = name;
    this.prefix = prefix;
    this.description = description;
    this.defaults = defaults;
    this.settings = List.copyOf(settings);
    this.passThroughs = List.copyOf(passThroughs);
  }

  /** What a command line asks for. */
  public sealed interface Command<C> {
    /** Print this text and exit 0. */
    record Help<C>(String text) implements Command<C> {}

    /** Start the service with this configuration. */
    record Run<C>(Resolved<C> resolved) implements Command<C> {}
  }

  public List<Setting<C>> settings() {
    return settings;
  }

  public String prefix() {
    return prefix;
  }

  public C defaults() {
    return defaults;
  }

  /**
   * Reads the command line, the environment and the file it names.
   *
   * @param env the environment (a map, so that tests never touch the real one)
   * @throws IllegalArgumentException for an unknown option, an unreadable file, a bad value or a
   *     missing required setting, naming the setting and where its value came from
   */
  public Command<C> parse(String[] args, Map<String, String> env) {
    CommandLine cli = new CommandLine(spec());
    ParseResult parsed;
    try {
      parsed = cli.parseArgs(args);
    } catch (ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (parsed.isUsageHelpRequested()) {
      StringWriter text = new StringWriter();
      cli.usage(new PrintWriter(text), CommandLine.Help.Ansi.OFF);
      return new Command.Help<>(text.toString());
    }
    Map<String, String> options = new LinkedHashMap<>();
    if (parsed.hasMatchedOption(LOG_FORMAT_OPTION)) {
      options.put(LOG_FORMAT_KEY, parsed.matchedOptionValue(LOG_FORMAT_OPTION, (String) null));
    }
    for (Setting<C> setting : settings) {
      if (parsed.hasMatchedOption(setting.option())) {
        options.put(setting.key(), parsed.matchedOptionValue(setting.option(), (String) null));
      }
    }
    List<String> warnings = new ArrayList<>();
    Map<PassThrough<C>, Map<String, String>> passOptions = new LinkedHashMap<>();
    for (PassThrough<C> passThrough : passThroughs) {
      if (parsed.hasMatchedOption(passThrough.option())) {
        passOptions.put(passThrough, parsed.matchedOptionValue(passThrough.option(), Map.of()));
      }
      for (String old : passThrough.deprecatedOptions()) {
        if (parsed.originalArgs().stream().anyMatch(arg -> arg.equals(old) || arg.startsWith(old + "="))) {
          warnings.add("option " + old + " is deprecated: use " + passThrough.option());
        }
      }
    }
    String path = parsed.hasMatchedOption(CONFIG_OPTION)
        ? parsed.matchedOptionValue(CONFIG_OPTION, "")
        : env.get(configEnvVar());
    Resolved<C> resolved = resolve(options, passOptions, env, path == null ? new Properties() : load(Path.of(path)));
    warnings.addAll(resolved.warnings());
    return new Command.Run<>(new Resolved<>(resolved.config(), resolved.effective(), warnings, resolved.logFormat()));
  }

  /**
   * For a {@code main}: the configuration, or exit after printing the help (status 0) or the one
   * line saying what is wrong (status 2).
   */
  public Resolved<C> parseOrExit(String[] args, Map<String, String> env) {
    Command<C> command;
    try {
      command = parse(args, env);
    } catch (IllegalArgumentException e) {
      System.err.println(name + ": " + e.getMessage());
      System.err.println("Run with --help for the options.");
      System.exit(2);
      throw e;
    }
    if (command instanceof Command.Help<C> help) {
      System.out.print(help.text());
      System.exit(0);
    }
    return ((Command.Run<C>) command).resolved();
  }

  /**
   * The configuration from declared settings' option values (by key), the environment and a file.
   *
   * @throws IllegalArgumentException as {@link #parse} does
   */
  public Resolved<C> resolve(Map<String, String> options, Map<String, String> env, Properties file) {
    return resolve(options, Map.of(), env, file);
  }

  private Resolved<C> resolve(
      Map<String, String> options, Map<PassThrough<C>, Map<String, String>> passOptions,
      Map<String, String> env, Properties file) {
    List<String> warnings = new ArrayList<>();
    Map<String, String> fileValues = fileValues(file, warnings);
    C config = defaults;
    List<String> effective = new ArrayList<>();
    for (Setting<C> setting : settings) {
      String envVar = setting.envVar(prefix);
      Found found = find(setting.key(), setting.option(), envVar, options, env, fileValues);
      String value = found.value();
      String source = found.source();
      if (value == null) {
        if (setting.isRequired()) {
          throw new IllegalArgumentException(
              setting.key() + " is required: set " + setting.option() + ", " + envVar + " or the config file key "
                  + setting.key());
        }
        source = "default";
      } else {
        try {
          config = setting.apply(config, value);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
      }
      effective.add(setting.key() + "=" + setting.shown(config) + " (" + source + ")");
    }
    for (PassThrough<C> passThrough : passThroughs) {
      config = resolve(passThrough, passOptions.getOrDefault(passThrough, Map.of()), env, fileValues, config, effective);
    }
    return new Resolved<>(config, effective, warnings, logFormat(options, env, fileValues, effective));
  }

  /** A setting's text and where it came from; both null when no source has it. */
  private record Found(String value, String source) {}

  /** The first source that has {@code key}: option, environment variable, file. */
  private static Found find(
      String key, String option, String envVar, Map<String, String> options, Map<String, String> env,
      Map<String, String> fileValues) {
    if (options.containsKey(key)) {
      return new Found(options.get(key), "option " + option);
    }
    if (env.containsKey(envVar)) {
      return new Found(env.get(envVar), "environment variable " + envVar);
    }
    if (fileValues.containsKey(key)) {
      return new Found(fileValues.get(key), "config file key " + key);
    }
    return new Found(null, null);
  }

  /** {@code log.format} from the same sources, first wins, as a declared setting. */
  private LogFormat logFormat(
      Map<String, String> options, Map<String, String> env, Map<String, String> fileValues, List<String> effective) {
    Found found = find(LOG_FORMAT_KEY, LOG_FORMAT_OPTION, Setting.envName(prefix, LOG_FORMAT_KEY), options, env, fileValues);
    String value = found.value();
    String source = found.source();
    LogFormat format = LogFormat.PLAIN;
    if (value == null) {
      source = "default";
    } else {
      try {
        format = LogFormat.parse(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
      }
    }
    effective.add(LOG_FORMAT_KEY + "=" + format + " (" + source + ")");
    return format;
  }

  private C resolve(
      PassThrough<C> passThrough, Map<String, String> options, Map<String, String> env,
      Map<String, String> fileValues, C config, List<String> effective) {
    Map<String, String> values = new TreeMap<>(passThrough.get(config));
    Map<String, String> sources = new TreeMap<>();
    fileValues.forEach((fileKey, value) -> {
      String key = passThrough.fromFileKey(fileKey);
      if (key != null && !isDeclared(fileKey)) {
        values.put(key, value);
        sources.put(key, "config file key " + fileKey);
      }
    });
    for (String envVar : new TreeSet<>(env.keySet())) {
      String key = passThrough.fromEnvVar(prefix, envVar);
      if (key != null && settings.stream().noneMatch(s -> s.envVar(prefix).equals(envVar))) {
        values.put(key, env.get(envVar));
        sources.put(key, "environment variable " + envVar);
      }
    }
    options.forEach((given, value) -> {
      String key = passThrough.fromOption(given);
      values.put(key, value);
      sources.put(key, "option " + passThrough.option());
    });
    values.forEach((key, value) -> effective.add(
        passThrough.fileKey(key) + "=" + Secrets.shown(key, value) + " (" + sources.getOrDefault(key, "default") + ")"));
    return passThrough.set(config, values);
  }

  /**
   * The file's entries under their keys. A dashed key ({@code bootstrap-servers}, the old
   * streams-app style) still names its dotted setting, with a warning; an unknown key is an error,
   * so that a typo is not silently ignored.
   */
  private Map<String, String> fileValues(Properties file, List<String> warnings) {
    Map<String, String> values = new TreeMap<>();
    for (String key : new TreeSet<>(file.stringPropertyNames())) {
      String value = file.getProperty(key);
      String dotted = key.replace('-', '.');
      if (isDeclared(key) || passThroughs.stream().anyMatch(p -> p.fromFileKey(key) != null)) {
        values.put(key, value);
      } else if (isDeclared(dotted)) {
        warnings.add("config file key " + key + " is deprecated: use " + dotted);
        values.putIfAbsent(dotted, value);
      } else {
        throw new IllegalArgumentException(
            "config file key " + key + ": unknown setting (" + name + " --help lists the keys)");
      }
    }
    return values;
  }

  /**
   * The settings as a Markdown table (option, environment, file key, default, meaning), as the
   * service's README shows it: a test there keeps the two the same.
   */
  public String markdownTable() {
    StringBuilder table = new StringBuilder("| option | environment | file key | default | meaning |\n|---|---|---|---|---|\n");
    for (Setting<C> setting : settings) {
      String defaultText = defaultText(setting);
      table.append("| `").append(setting.option()).append("` | `").append(setting.envVar(prefix)).append("` | `")
          .append(setting.key()).append("` | ")
          .append(defaultText.startsWith("none") ? defaultText : "`" + defaultText + "`").append(" | ")
          .append(setting.description().replace("|", "\\|")).append(" |\n");
    }
    table.append("| `").append(LOG_FORMAT_OPTION).append("` | `").append(Setting.envName(prefix, LOG_FORMAT_KEY))
        .append("` | `").append(LOG_FORMAT_KEY).append("` | `").append(LogFormat.PLAIN).append("` | ")
        .append(LOG_FORMAT_DESCRIPTION).append(" |\n");
    for (PassThrough<C> passThrough : passThroughs) {
      table.append("| `").append(passThrough.option()).append(" KEY=VALUE` | `")
          .append(passThrough.envVars(prefix).replace(", ", "`, `")).append("` | `")
          .append(passThrough.fileKeys().replace(", ", "`, `")).append("` | none | ")
          .append(passThrough.description().replace("|", "\\|")).append(" |\n");
    }
    return table.toString();
  }

  private String defaultText(Setting<C> setting) {
    String text = setting.shown(defaults);
    if (text.isEmpty()) {
      return setting.isRequired() ? "none (required)" : "none";
    }
    return text;
  }

  private boolean isDeclared(String key) {
    return key.equals(LOG_FORMAT_KEY) || settings.stream().anyMatch(s -> s.key().equals(key));
  }

  private String configEnvVar() {
    return prefix + "_CONFIG";
  }

  private static Properties load(Path path) {
    Properties file = new Properties();
    try (InputStream in = Files.newInputStream(path)) {
      file.load(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + path + ": " + e, e);
    }
    return file;
  }

  private CommandSpec spec() {
    CommandSpec spec = CommandSpec.create().name(name);
    spec.usageMessage()
        .description(
            description,
            "Each setting is read from its option, else its " + prefix + "_* environment variable, else the"
                + " --config file, else its default.")
        .footer(
            "",
            "Durations: 500ms, 15s, 2m, 1h, 7d or ISO-8601 (PT15S). Sizes: bytes, or KiB/MiB/GiB, KB/MB/GB.",
            "Secrets (tokens, passwords, sasl.jaas.config, basic.auth.user.info) are never printed or logged.")
        .sortOptions(false)
        .width(120);
    spec.addOption(
        OptionSpec.builder("-h", "--help").usageHelp(true).description("Print this help and exit.").build());
    spec.addOption(
        OptionSpec.builder(CONFIG_OPTION)
            .paramLabel("FILE")
            .type(String.class)
            .description(
                "Properties file with any of the file keys below (e.g. bootstrap.servers=kafka:9092).",
                "  env " + configEnvVar())
            .build());
    for (Setting<C> setting : settings) {
      String defaultText = defaultText(setting);
      spec.addOption(
          OptionSpec.builder(setting.option())
              .paramLabel(setting.label())
              .type(String.class)
              .description(
                  capitalize(setting.description()) + ".",
                  "  env " + setting.envVar(prefix) + ", file key " + setting.key() + ", default: " + defaultText)
              .build());
    }
    spec.addOption(
        OptionSpec.builder(LOG_FORMAT_OPTION)
            .paramLabel("plain|json")
            .type(String.class)
            .description(
                capitalize(LOG_FORMAT_DESCRIPTION) + ".",
                "  env " + Setting.envName(prefix, LOG_FORMAT_KEY) + ", file key " + LOG_FORMAT_KEY + ", default: "
                    + LogFormat.PLAIN)
            .build());
    for (PassThrough<C> passThrough : passThroughs) {
      List<String> names = new ArrayList<>(List.of(passThrough.option()));
      names.addAll(passThrough.deprecatedOptions());
      spec.addOption(
          OptionSpec.builder(names.toArray(String[]::new))
              .paramLabel("KEY=VALUE")
              .type(Map.class)
              .auxiliaryTypes(String.class, String.class)
              .description(
                  capitalize(passThrough.description()) + ", e.g. " + passThrough.example() + ".",
                  "  env " + passThrough.envVars(prefix) + ", file keys " + passThrough.fileKeys()
                      + (passThrough.deprecatedOptions().isEmpty()
                          ? ""
                          : "; " + String.join(", ", passThrough.deprecatedOptions()) + " is deprecated"))
              .build());
    }
    return spec;
  }

  private static String capitalize(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
