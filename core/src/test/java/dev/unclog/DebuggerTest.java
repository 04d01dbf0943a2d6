/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.Location;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.EventRequest;
import dev.unclog.testing.ChildJava;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real debugger (JDI over JDWP) stops a watched task at a breakpoint for a second: by default
 * unclog stays quiet about it, with one line; with UNCLOG_DEBUGGER=report the episode is reported
 * with cause "debugger".
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DebuggerTest {
  private static final Pattern PORT = Pattern.compile("address: (?:[^:]*:)?(\\d+)");

  @TempDir Path dir;

  @Test
  void breakpoint_isNotReportedByDefault_andNamedOnce() throws Exception {
    String err = runStoppedAtABreakpoint(Map.of());
    assertFalse(err.contains("blocked hub child-loop"), err);
    assertEquals(
        1,
        err.lines().filter(l -> l.startsWith("unclog: a debugger suspended child-loop")).count(),
        err);
  }

  @Test
  void breakpoint_isReportedAsDebugger_whenAskedFor() throws Exception {
    String err = runStoppedAtABreakpoint(Map.of("UNCLOG_DEBUGGER", "report"));
    assertTrue(err.contains("blocked hub child-loop (executor) for "), err);
    assertTrue(err.contains(", suspended by a debugger"), err);
  }

  /** Runs DebuggedApp, holds it at the breakpoint for a second, and returns its stderr. */
  private String runStoppedAtABreakpoint(Map<String, String> env) throws Exception {
    Path errFile = dir.resolve("err.txt");
    ProcessBuilder builder =
        ChildJava.builder(
            List.of("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0"),
            DebuggedApp.class);
    builder.environment().putAll(env);
    builder.redirectError(errFile.toFile());
    Process child = builder.start();
    VirtualMachine vm = null;
    try (BufferedReader out = child.inputReader(StandardCharsets.UTF_8);
        PrintStream in = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8)) {
      List<String> lines = new ArrayList<>();
      String port = null;
      for (String line = out.readLine();
          line != null && !line.equals("ready");
          line = out.readLine()) {
        lines.add(line);
        Matcher matcher = PORT.matcher(line);
        if (port == null && matcher.find()) {
          port = matcher.group(1);
        }
      }
      assertTrue(port != null, "the JDWP port in " + lines);
      vm = attach(port);
      ReferenceType app = vm.classesByName(DebuggedApp.class.getName()).get(0);
      Location location = app.methodsByName("breakHere").get(0).location();
      BreakpointRequest breakpoint = vm.eventRequestManager().createBreakpointRequest(location);
      breakpoint.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
      breakpoint.enable();
      in.println("go");
      BreakpointEvent hit = awaitBreakpoint(vm);
      assertEquals("child-loop", hit.thread().name());
      Thread.sleep(1000); // stopped at the breakpoint, as a developer would be
      breakpoint.disable();
      hit.thread().resume();
      String rest = String.join("\n", out.lines().toList());
      assertTrue(rest.contains("app done"), rest);
    } finally {
      if (vm != null) {
        try {
          vm.dispose();
        } catch (RuntimeException gone) {
          // the child has exited
        }
      }
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child exits");
    }
    return Files.readString(errFile);
  }

  private static VirtualMachine attach(String port) throws Exception {
    AttachingConnector socket =
        Bootstrap.virtualMachineManager().attachingConnectors().stream()
            .filter(c -> c.name().equals("com.sun.jdi.SocketAttach"))
            .findFirst()
            .orElseThrow();
    Map<String, Connector.Argument> arguments = socket.defaultArguments();
    arguments.get("hostname").setValue("127.0.0.1");
    arguments.get("port").setValue(port);
    return socket.attach(arguments);
  }

  private static BreakpointEvent awaitBreakpoint(VirtualMachine vm) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() - deadline < 0) {
      EventSet events = vm.eventQueue().remove(1000);
      if (events == null) {
        continue;
      }
      for (Event event : events) {
        if (event instanceof BreakpointEvent hit) {
          return hit;
        }
      }
      events.resume();
    }
    throw new AssertionError("no breakpoint hit within 30 s");
  }
}
