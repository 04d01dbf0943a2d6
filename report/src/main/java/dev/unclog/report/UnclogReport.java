/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.report;

import dev.unclog.internal.JsonReader;
import dev.unclog.internal.OwnFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code unclog report FILE.jsonl [-o OUT.html]}: turns a JSON lines report file ({@code
 * UNCLOG_REPORT_FILE}) into one self-contained HTML page with the top offenders and their stacks, a
 * timeline per JVM run, a table of the episodes and a flame graph of the blocked stacks. With
 * {@code --folded}, it writes the flame graph's stacks instead as folded stacks ({@code
 * frame;frame;frame ms}, outermost first), for speedscope, flamegraph.pl or Pyroscope: on stdout,
 * or to the {@code -o} file.
 *
 * <p>The file is read as a stream, in bounded memory and time whatever its size. Bad lines (a
 * truncated last line, garbage, hostile JSON) are skipped and counted on stderr. Input that cannot
 * be read and output that cannot be written end in one line on stderr and exit status 2.
 */
public final class UnclogReport {
  static final String USAGE = "usage: unclog report FILE.jsonl [-o OUT.html] [--folded]";

  private UnclogReport() {}

  /** Runs the tool; exits with status 2 if it failed. */
  public static void main(String[] args) {
    int status = run(args, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the tool, printing to {@code err}; returns the exit status. */
  static int run(String[] args, PrintStream err) {
    return run(args, System.out, err);
  }

  /** Runs the tool, folded stacks without {@code -o} going to {@code out}; the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Path input = null;
    Path output = null;
    boolean folded = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--folded")) {
        folded = true;
      } else if ((args[i].equals("-o") || args[i].equals("--output")) && i + 1 < args.length) {
        output = Path.of(args[++i]);
      } else if (args[i].equals("-h") || args[i].equals("--help")) {
        err.println(USAGE);
        return 0;
      } else if (input == null && !args[i].startsWith("-")) {
        input = Path.of(args[i]);
      } else {
        err.println("unclog report: unexpected argument \"" + args[i] + "\"; " + USAGE);
        return 2;
      }
    }
    if (input == null) {
      err.println("unclog report: no input file; " + USAGE);
      return 2;
    }
    if (output == null && !folded) {
      output = defaultOutput(input);
    }
    try {
      return report(input, output, folded ? out : null, err);
    } catch (RuntimeException | OutOfMemoryError e) {
      // the bounds should make this unreachable; if not, one line rather than a trace
      err.println("unclog report: failed: " + e);
      return 2;
    }
  }

  /** {@code FILE.html} for {@code FILE.jsonl} or {@code FILE.json}, else the name + .html. */
  static Path defaultOutput(Path input) {
    String name = input.getFileName().toString();
    String stem = name.replaceFirst("\\.jsonl?$", "");
    return input.resolveSibling(stem + ".html");
  }

  /* The page to output, or with {@code folded} the folded stacks to output or, if null, there. */
  private static int report(Path input, Path output, PrintStream folded, PrintStream err) {
    if (Files.isDirectory(input)) {
      err.println("unclog report: cannot read " + input + ": it is a directory");
      return 2;
    }
    Summary summary = new Summary();
    BadLines badLines = new BadLines(err);
    long lines;
    // undecodable bytes become U+FFFD (the reader's default), so the lines around them survive
    try (Reader in = new InputStreamReader(Files.newInputStream(input), StandardCharsets.UTF_8)) {
      lines = read(new LineReader(in), summary, badLines);
    } catch (IOException e) {
      err.println("unclog report: cannot read " + input + ": " + describe(e));
      return 2;
    }
    badLines.printTotal();
    if (folded != null) {
      return writeFolded(summary, output, folded, err);
    }
    HtmlReport.Source source = new HtmlReport.Source(input.toString(), lines, badLines.count());
    if (!writeTo(output, "the report", out -> HtmlReport.write(summary, source, out), err)) {
      return 2;
    }
    Summary.Totals totals = summary.totals();
    err.println(
        "unclog report: wrote "
            + output
            + " ("
            + totals.episodes()
            + " episodes, "
            + totals.hubs()
            + " hubs)");
    return 0;
  }

  private static int writeFolded(
      Summary summary, Path output, PrintStream stdout, PrintStream err) {
    if (output == null) {
      try {
        FlameGraph.writeFolded(summary.flameGraph().root(), stdout);
      } catch (IOException e) {
        // a PrintStream does not throw: it sets its error flag, read below
      }
      stdout.flush();
      if (stdout.checkError()) {
        err.println("unclog report: cannot write the folded stacks to stdout");
        return 2;
      }
      return 0;
    }
    if (!writeTo(
        output,
        "the folded stacks",
        out -> FlameGraph.writeFolded(summary.flameGraph().root(), out),
        err)) {
      return 2;
    }
    err.println("unclog report: wrote " + output);
    return 0;
  }

  /* What writes an output file's text. */
  private interface Body {
    void write(Writer out) throws IOException;
  }

  /**
   * Writes {@code output} (owner-only when new, never through a link: it holds stacks and thread
   * names); false, having said why in one line, if it could not.
   */
  private static boolean writeTo(Path output, String what, Body body, PrintStream err) {
    try (Writer out =
        new BufferedWriter(
            new OutputStreamWriter(OwnFiles.replace(output, what), StandardCharsets.UTF_8),
            1 << 16)) {
      body.write(out);
      return true;
    } catch (IOException e) {
      err.println("unclog report: cannot write " + output + ": " + describe(e));
    } catch (IllegalStateException refused) {
      err.println("unclog report: " + refused.getMessage());
    }
    return false;
  }

  /** Reads every line into {@code summary}; returns the number of lines. */
  private static long read(LineReader lines, Summary summary, BadLines badLines)
      throws IOException {
    Episodes episodes = new Episodes(summary);
    for (String line = lines.next(); line != null; line = lines.next()) {
      if (lines.tooLong()) {
        badLines.skip(lines.number(), "longer than " + LineReader.MAX_LINE + " characters");
        continue;
      }
      if (line.isBlank()) {
        continue;
      }
      try {
        Map<String, Object> json = JsonReader.object(line);
        if (!(json.get("event") instanceof String event)) {
          throw new IllegalArgumentException("no \"event\"");
        }
        if (EventLine.isEpisodeEvent(json)) {
          EventLine episodeEvent = EventLine.of(json);
          summary.event(episodeEvent.jvmRun(), episodeEvent.timeMillis());
          episodes.accept(episodeEvent);
        } else if (event.startsWith("memory_")) {
          summary.event(EventLine.jvmRun(json), EventLine.timeMillis(json));
          summary.memoryEvent();
        } // other events are newer than this tool: not an error
      } catch (IllegalArgumentException e) {
        badLines.skip(lines.number(), e.getMessage());
      }
    }
    episodes.endOfFile();
    return lines.number();
  }

  /** A one-line reason: "no such file" rather than the bare path NoSuchFileException gives. */
  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }
}
