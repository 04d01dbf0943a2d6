/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */

/** Micrometer meters for a monitor's episodes and hubs. */
module dev.unclog.micrometer {
  requires transitive dev.unclog;
  requires transitive micrometer.core;

  exports dev.unclog.micrometer;
}
