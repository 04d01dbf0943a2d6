/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

import dev.unclog.FailedToSwitchError;
import dev.unclog.Switches;
import java.time.Duration;

/**
 * {@code assertSwitches} cases run in a virtual thread, each printing how it ended: {@code NAME:
 * passed} or {@code NAME: failed: MESSAGE} (newlines as {@code |}).
 */
public final class SwitchesApp {
  private SwitchesApp() {}

  public static void main(String[] args) throws Exception {
    Thread.ofVirtual().start(SwitchesApp::cases).join();
  }

  static void cases() {
    check(
        "spin-then-yield",
        () -> {
          VirtualThreadApp.spinOnCarrier(300);
          Thread.yield();
        });
    check(
        "short-sleeps",
        () -> {
          for (int i = 0; i < 20; i++) {
            try {
              Thread.sleep(20);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    check("nothing", () -> {});
  }

  private static void check(String name, Runnable body) {
    try (Switches.Scope scope = Switches.assertSwitches(Duration.ofMillis(100))) {
      body.run();
    } catch (FailedToSwitchError e) {
      System.out.println(name + ": failed: " + e.getMessage().replace('\n', '|'));
      return;
    }
    System.out.println(name + ": passed");
  }
}
