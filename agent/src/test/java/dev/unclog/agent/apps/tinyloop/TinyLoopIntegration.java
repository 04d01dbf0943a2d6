/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps.tinyloop;

import dev.unclog.agent.Hubs;
import dev.unclog.agent.Integration;
import dev.unclog.agent.SwitchPoint;
import java.util.List;

/**
 * What a library adds so that unclog watches its scheduler, as docs/schedulers.md shows: this
 * class, and its name in {@code META-INF/services/dev.unclog.agent.Integration}.
 */
public final class TinyLoopIntegration implements Integration {
  @Override
  public String name() {
    return "tiny-loop watching";
  }

  @Override
  public List<SwitchPoint> switchPoints() {
    return List.of(
        new SwitchPoint(
            "dev.unclog.agent.apps.tinyloop.TinyLoop",
            "runTask",
            "(Ljava/lang/Runnable;)V",
            SwitchPoint.Task.argument(0),
            Hubs.of("tiny-loop", thread -> thread.getName().equals("tiny-loop"))));
  }
}
