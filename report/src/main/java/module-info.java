/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */

/** The report tool: one HTML page and a summary from JSON lines files. */
module dev.unclog.report {
  requires dev.unclog;

  exports dev.unclog.report;
}
