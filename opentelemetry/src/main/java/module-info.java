/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */

/** OpenTelemetry log records and metrics for a monitor's episodes and hubs. */
module dev.unclog.opentelemetry {
  requires transitive dev.unclog;
  requires transitive io.opentelemetry.api;

  exports dev.unclog.opentelemetry;
}
