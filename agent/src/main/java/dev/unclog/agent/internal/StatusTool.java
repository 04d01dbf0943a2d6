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
 * MBean through the target's local management connector, which the attach mechanism starts (as
 * JConsole does; it stays on) without loading any agent into it. Text from the target is escaped as
 * in the text reports. Every failure, a target that hangs included, is one line and exit 2.
 */
final class StatusTool {
  private static final int WIDTH = 400;
  /* unclog registers its bean within a second or so of the server's making, which may be now. */
  private static final long WAIT_NANOS = 5_000_000_000L;
  private static final long GIVE_UP_MILLIS = 30_000;

  private StatusTool() {}

  static void print(String pid, VirtualMachine vm) {
    Thread giveUp =
        new Thread(
            () -> {
              try {
                Thread.sleep(GIVE_UP_MILLIS);
                AttachTool.fail("process " + pid + " did not answer within 30 s");
              } catch (InterruptedException done) {
                // answered
              }
            },
            "unclog-status-timeout");
    giveUp.setDaemon(true);
    giveUp.start();
    try {
      show(pid, vm);
    } catch (Exception | LinkageError e) {
      Throwable cause = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
      AttachTool.fail(
          "cannot read unclog's status in process "
              + pid
              + ": "
              + Text.printable(cause.toString(), 200));
    } finally {
      giveUp.interrupt();
    }
  }

  private static void show(String pid, VirtualMachine vm) throws Exception {
    Properties properties;
    String address;
    try {
      properties = vm.getSystemProperties();
      String loaded = properties.getProperty(MonitorMXBean.LOADED);
      if (loaded == null) { // checked first: no management agent started in a JVM without unclog
        String java = properties.getProperty("java.specification.version", "?");
        AttachTool.fail(
            "process "
                + pid
                + " has no unclog"
                + (AttachTool.release(java) < 21
                    ? " (it runs Java " + Text.printable(java, 20) + "; unclog needs 21 or newer)"
                    : " (start it with -javaagent:unclog-agent.jar, or ./unclog attach "
                        + pid
                        + ")"));
      }
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    String version = Text.printable(properties.getProperty(MonitorMXBean.LOADED), 40);
    try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
      MBeanServerConnection server = connector.getMBeanServerConnection();
      ObjectName name = new ObjectName(MonitorMXBean.NAME);
      long deadline = System.nanoTime() + WAIT_NANOS;
      while (!server.isRegistered(name) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      if (!server.isRegistered(name)) {
        AttachTool.fail(
            "unclog "
                + version
                + " in process "
                + pid
                + " shows no MBean: its monitor is off (UNCLOG_MONITOR_ENABLE=false) or has not"
                + " started (no hub yet)");
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
      out.flush();
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
