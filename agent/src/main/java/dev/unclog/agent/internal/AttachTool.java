/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.unclog.internal.Diagnostics;
import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.Properties;

/**
 * {@code java -jar unclog-agent.jar attach PID [name=value ...]}: loads the agent into a running
 * JVM. Every way it can fail ends in one line naming why, and exit status 2.
 */
public final class AttachTool {
  private AttachTool() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || !args[0].equals("attach")) {
      fail("usage: attach PID [name=value ...]");
    }
    String pid = args[1];
    if (!pid.matches("[0-9]{1,10}")) {
      fail("\"" + pid + "\" is not a process id");
    }
    if (ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
      fail("no process " + pid);
    }
    String options = String.join(",", Arrays.asList(args).subList(2, args.length));
    AgentOptions.parse(options, line -> fail(line)); // refuse bad options here, not in the target
    File jar =
        new File(AttachTool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    VirtualMachine vm;
    try {
      vm = VirtualMachine.attach(pid);
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
                + jar.getName()
                + " attach "
                + pid
                + ")");
      }
      fail(
          "cannot attach to process "
              + pid
              + ": not a JVM, a JVM of another user, or one that"
              + " disallows attaching ("
              + e.getMessage()
              + ")");
      return;
    }
    try {
      Properties properties = vm.getSystemProperties();
      String version = properties.getProperty("java.specification.version", "?");
      if (release(version) < 21) {
        fail("process " + pid + " runs Java " + version + "; unclog needs Java 21 or newer");
      }
      vm.loadAgent(jar.getPath(), options);
      Diagnostics.line(
          "attached to process "
              + pid
              + " (Java "
              + properties.getProperty("java.runtime.version", version)
              + "); its reports go to its own stderr"
              + (options.contains("reportFile=") ? " and report file" : ""));
    } catch (AgentLoadException | AgentInitializationException | IOException e) {
      fail("loading the agent into process " + pid + " failed: " + e.getMessage());
    } finally {
      vm.detach();
    }
  }

  private static int release(String version) {
    String feature = version.startsWith("1.") ? version.substring(2) : version;
    try {
      return Integer.parseInt(feature.split("\\.")[0]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void fail(String line) {
    Diagnostics.line(line);
    System.exit(2);
  }
}
