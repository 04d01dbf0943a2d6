/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * The agent's entry point: {@code -javaagent:unclog-agent.jar[=options]}, a dynamic attach, {@code
 * java -jar unclog-agent.jar attach PID [options]}, or the report tool, {@code java -jar
 * unclog-agent.jar report FILE.jsonl [-o OUT.html]}.
 *
 * <p>This class alone is compiled for Java 8 and uses nothing newer, so that any JVM can load it:
 * on a JVM older than 21 it prints one line saying unclog is off, and the application runs as if no
 * agent were there. On 21+ it hands over to the installer. Nothing it does may throw into the
 * application.
 */
public final class UnclogAgent {
  private static final int REQUIRED_RELEASE = 21;
  private static final String ATTACH_TOOL = "dev.unclog.agent.internal.AttachTool";
  private static final String REPORT_TOOL = "dev.unclog.report.UnclogReport";
  private static final String USAGE =
      "usage: java -jar unclog-agent.jar COMMAND\n"
          + "  attach PID [name=value ...]      load the agent into running JVM PID\n"
          + "  status PID                       print what unclog in JVM PID has seen\n"
          + "  report FILE.jsonl [-o OUT.html]  write the HTML report of a JSON lines file\n"
          + "    [--folded]                     (or its stacks, folded, for flame-graph tools)\n"
          + "  --version                        print the version\n"
          + "  --help                           print this\n"
          + "or from a JVM's start: java -javaagent:unclog-agent.jar[=name=value,...] ...\n"
          + "(settings: README.md, Configuration; builds: docs/build.md)";

  private UnclogAgent() {}

  /** Called by {@code -javaagent} before {@code main}. */
  public static void premain(String options, Instrumentation instrumentation) {
    start(options, instrumentation, false);
  }

  /** Called when the agent is loaded into a running JVM. */
  public static void agentmain(String options, Instrumentation instrumentation) {
    start(options, instrumentation, true);
  }

  /**
   * {@code java -jar unclog-agent.jar attach PID [options]}: loads the agent into PID; {@code java
   * -jar unclog-agent.jar report FILE.jsonl [-o OUT.html]}: writes an HTML report; {@code
   * --version}, {@code --help}.
   */
  public static void main(String[] args) {
    String command = args.length > 0 ? args[0] : "";
    if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
      System.out.println(USAGE);
      return;
    }
    if (command.equals("--version") || command.equals("version")) {
      System.out.println("unclog " + version());
      return;
    }
    if (!command.equals("attach") && !command.equals("status") && !command.equals("report")) {
      System.err.println(
          (command.isEmpty() ? "unclog: no command" : "unclog: no command \"" + command + "\"")
              + "\n"
              + USAGE);
      System.exit(2);
    }
    boolean report = command.equals("report");
    int release = release();
    if (release < REQUIRED_RELEASE) {
      System.err.println(
          "unclog: "
              + (report ? "the report tool" : command.equals("status") ? "status" : "attaching")
              + " needs Java "
              + REQUIRED_RELEASE
              + " or newer; this is "
              + System.getProperty("java.specification.version"));
      System.exit(2);
    }
    try {
      if (report) {
        Class.forName(REPORT_TOOL)
            .getMethod("main", String[].class)
            .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
      } else {
        Class.forName(ATTACH_TOOL).getMethod("main", String[].class).invoke(null, (Object) args);
      }
    } catch (InvocationTargetException e) {
      System.err.println("unclog: " + e.getCause());
      System.exit(2);
    } catch (Exception | LinkageError e) {
      System.err.println("unclog: " + e);
      System.exit(2);
    }
  }

  private static void start(String options, Instrumentation instrumentation, boolean attached) {
    try {
      int release = release();
      if (release < REQUIRED_RELEASE) {
        System.err.println(
            "unclog: the agent needs Java "
                + REQUIRED_RELEASE
                + " or newer and this"
                + " JVM is Java "
                + System.getProperty("java.specification.version")
                + "; unclog is off and the application runs normally");
        return;
      }
      // A direct call, not reflection: the JVM resolves it only when it runs, past the check
      // above, so Java 8 never loads the installer; and a JVM's first reflective call of a new
      // shape spins method-handle classes, 30 ms and 6 MiB at start-up on this machine.
      dev.unclog.agent.internal.Installer.install(options, instrumentation, attached);
    } catch (Throwable t) {
      Throwable cause = t;
      try {
        System.err.println(
            "unclog: the agent could not start ("
                + cause
                + "); unclog is off and the application runs normally");
      } catch (Throwable ignored) {
        // nothing more can be said
      }
    }
  }

  /** This jar's version (its manifest's Implementation-Version), or "unknown". */
  public static String version() {
    Package here = UnclogAgent.class.getPackage();
    String version = here != null ? here.getImplementationVersion() : null;
    return version != null ? version : "unknown (not run from its jar)";
  }

  /** The feature release: 8 for "1.8", 21 for "21". */
  private static int release() {
    String version = System.getProperty("java.specification.version", "0");
    if (version.startsWith("1.")) {
      version = version.substring(2);
    }
    try {
      return Integer.parseInt(version);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
