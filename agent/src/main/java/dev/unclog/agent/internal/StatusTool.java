/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import com.sun.tools.attach.VirtualMachine;
import dev.unclog.MonitorMXBean;
import dev.unclog.internal.Text;
import java.io.PrintStream;
import java.util.Properties;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * {@code java -jar unclog-agent.jar status PID} ({@code ./unclog status PID}): what the unclog in a
 * running JVM has seen, from its MBean ({@link MonitorMXBean}), on this terminal. It reaches the
 * MBean through the target's local management connector, which the attach mechanism starts without
 * loading any agent into it. Text from the application is escaped as in the text reports. No unclog
 * there, or one that has watched nothing yet: one line, and exit status 2 or 0.
 */
final class StatusTool {
  /* Set by the agent at start: a JVM that has it runs unclog, whether or not it watches yet. */
  static final String LOADED = "dev.unclog.agent.version";
  private static final int WIDTH = 400;
  private static final long WAIT_NANOS = 3_000_000_000L;

  private StatusTool() {}

  static void print(String pid, VirtualMachine vm) throws Exception {
    Properties properties;
    String address;
    try {
      properties = vm.getSystemProperties();
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    String loaded = properties.getProperty(LOADED);
    try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
      MBeanServerConnection server = connector.getMBeanServerConnection();
      ObjectName name = new ObjectName(MonitorMXBean.NAME);
      // unclog registers its bean once it sees the server, which the call above may just have
      // made: it looks about once a second
      long deadline = System.nanoTime() + WAIT_NANOS;
      while (loaded != null && !server.isRegistered(name) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      if (!server.isRegistered(name)) {
        if (loaded == null) {
          String java = properties.getProperty("java.specification.version", "?");
          AttachTool.fail(
              "process "
                  + pid
                  + " has no unclog"
                  + (AttachTool.release(java) < 21
                      ? " (it runs Java " + java + "; unclog needs 21 or newer)"
                      : " (start it with -javaagent:unclog-agent.jar, or ./unclog attach "
                          + pid
                          + ")"));
        }
        System.out.println(
            "unclog " + Text.printable(loaded, 40) + " in process " + pid + ": no hub watched yet");
        return;
      }
      MonitorMXBean bean = JMX.newMXBeanProxy(server, name, MonitorMXBean.class);
      PrintStream out = System.out;
      out.println(
          "unclog "
              + Text.printable(bean.getVersion(), 40)
              + " in process "
              + pid
              + ": "
              + count(bean.getHubCount(), "hub")
              + ", "
              + count(bean.getEpisodeCount(), "episode")
              + " so far, threshold "
              + bean.getMaxBlockingTimeMillis()
              + " ms");
      section(out, "Blocked now", bean.getEpisodesInProgress());
      section(out, "Top offenders", bean.getTopOffenders());
      section(out, "Hubs", bean.getHubs());
    }
  }

  private static String count(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  private static void section(PrintStream out, String title, String[] lines) {
    out.println(title + (lines.length == 0 ? ": none" : ":"));
    for (String line : lines) {
      out.println("  " + Text.printable(line, WIDTH));
    }
  }
}
