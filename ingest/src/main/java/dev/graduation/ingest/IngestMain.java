package dev.graduation.ingest;

import dev.graduation.ingest.config.Setting;
import dev.graduation.ingest.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Runs the ingest service: {@code java -jar ingest-<version>-all.jar --tokens ... } (see
 * {@code --help}). Settings come from options, then {@code INGEST_*} environment variables, then
 * the {@code --config} properties file, then the defaults.
 */
public final class IngestMain {

  private static final String CONFIG_OPTION = "--config";

  /** What the command line asks for. */
  sealed interface Command {
    /** Print this text and exit 0. */
    record Help(String text) implements Command {}

    /** Start the service with this configuration. */
    record Run(IngestConfig config) implements Command {}
  }

  private IngestMain() {}

  public static void main(String[] args) {
    Command command;
    try {
      command = parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("ingest: " + e.getMessage());
      System.err.println("Run with --help for the options.");
      System.exit(2);
      return;
    }
    if (command instanceof Command.Help help) {
      System.out.print(help.text());
      return;
    }
    IngestServer server;
    try {
      server = IngestServer.start(((Command.Run) command).config());
    } catch (RuntimeException e) {
      System.err.println("ingest: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "ingest-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Reads the command line and the environment.
   *
   * @throws IllegalArgumentException for an unknown option, an unreadable file or a bad value
   */
  static Command parse(String[] args, Map<String, String> env) {
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
      return new Command.Help(text.toString());
    }
    Map<Setting, String> options = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      if (parsed.hasMatchedOption(setting.option())) {
        options.put(setting, parsed.matchedOptionValue(setting.option(), (String) null));
      }
    }
    Properties file = new Properties();
    if (parsed.hasMatchedOption(CONFIG_OPTION)) {
      Path path = Path.of(parsed.matchedOptionValue(CONFIG_OPTION, ""));
      try (InputStream in = Files.newInputStream(path)) {
        file.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read config file " + path + ": " + e, e);
      }
    }
    return new Command.Run(Settings.resolve(options, env, file));
  }

  private static CommandSpec spec() {
    CommandSpec spec = CommandSpec.create().name("ingest");
    spec.usageMessage()
        .description(
            "The gateway's HTTP front door: POST /v1/events and PUT /v1/apps/{appId}, written to Kafka.",
            "Each setting is read from its option, else its INGEST_* environment variable,"
                + " else the --config file, else its default.")
        .sortOptions(false)
        .width(120);
    spec.addOption(
        OptionSpec.builder("-h", "--help").usageHelp(true).description("Print this help and exit.").build());
    spec.addOption(
        OptionSpec.builder(CONFIG_OPTION)
            .paramLabel("FILE")
            .type(String.class)
            .description("Properties file with any of the keys below (e.g. port=8080).")
            .build());
    for (Setting setting : Setting.values()) {
      String defaultText = setting.defaultValue().isEmpty() ? "none" : setting.defaultValue();
      spec.addOption(
          OptionSpec.builder(setting.option())
              .paramLabel(setting.label())
              .type(String.class)
              .description(
                  capitalize(setting.description()) + ".",
                  "  env " + setting.envVar() + ", file key " + setting.key() + ", default: " + defaultText)
              .build());
    }
    return spec;
  }

  private static String capitalize(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
