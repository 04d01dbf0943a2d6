/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.unclog.internal.Diagnostics;
import dev.unclog.internal.Text;
import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.Properties;

/**
 * {@code java -jar unclog-agent.jar attach PID [name=value ...]}: loads the agent into a running
 * JVM; {@code status PID}: prints what its unclog has seen ({@link StatusTool}). Every way either
 * can fail ends in one line naming why, and exit status 2.
 */
public final class AttachTool {
  private AttachTool() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("status")) {
      StatusTool.print(args[1], connect(args[1], "status " + args[1]));
      System.exit(0); // the JMX client's threads are not daemons
    }
    if (args.length < 2 || !args[0].equals("attach")) {
      fail("usage: attach PID [name=value ...], or status PID");
    }
    String pid = args[1];
    String options = String.join(",", Arrays.asList(args).subList(2, args.length));
    AgentOptions.parse(options, line -> fail(line)); // refuse bad options here, not in the target
    File jar = agentJar();
    VirtualMachine vm = connect(pid, "attach " + pid);
    try {
      Properties properties = vm.getSystemProperties();
      String version = properties.getProperty("java.specification.version", "?");
      if (release(version) < 21) {
        fail(
            "process "
                + pid
                + " runs Java "
                + Text.printable(version, 20)
                + "; unclog needs Java 21 or newer");
      }
      vm.loadAgent(jar.getPath(), options);
      Diagnostics.line(
          "attached to process "
              + pid
              + " (Java "
              + Text.printable(properties.getProperty("java.runtime.version", version), 60)
              + "); its reports go to its own stderr"
              + (options.contains("reportFile=") ? " and report file" : ""));
    } catch (AgentLoadException | AgentInitializationException | IOException e) {
      fail("loading the agent into process " + pid + " failed: " + e.getMessage());
    } finally {
      vm.detach();
    }
  }

  /**
   * Attaches to {@code pid}, or exits 2 with one line saying why not: not a number, no such
   * process, another user's, not a JVM or one that refuses. {@code again} is the command to suggest
   * running as the process's owner.
   */
  static VirtualMachine connect(String pid, String again) throws Exception {
    if (!pid.matches("[0-9]{1,10}")) {
      fail("\"" + Text.printable(pid, 40) + "\" is not a process id");
    }
    if (ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
      fail("no process " + pid);
    }
    try {
      return VirtualMachine.attach(pid);
    } catch (AttachNotSupportedException | IOException e) {
      String owner =
          ProcessHandle.of(Long.parseLong(pid)).flatMap(p -> p.info().user()).orElse(null);
      String me = System.getProperty("user.name");
      if (owner != null && !owner.equals(me)) { // the JDK only attaches to its own user's JVMs
        fail(
            "cannot attach to process "
                + pid
                + ": it belongs to user "
                + owner
                + ", not "
                + me
                + "; run this as "
                + owner
                + " (sudo -u "
                + owner
                + " java -jar "
                + agentJar().getName()
                + " "
                + again
                + ")");
      }
      fail(
          "cannot attach to process "
              + pid
              + ": not a JVM, a JVM of another user, or one that"
              + " disallows attaching ("
              + e.getMessage()
              + ")");
      return null;
    }
  }

  private static File agentJar() throws Exception {
    return new File(AttachTool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  static int release(String version) {
    String feature = version.startsWith("1.") ? version.substring(2) : version;
    try {
      return Integer.parseInt(feature.split("\\.")[0]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static void fail(String line) {
    Diagnostics.line(line);
    System.exit(2);
  }
}
