/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Micrometer meters for unclog: blocking episodes, their real durations, and each hub's lag. Bind
 * {@link dev.unclog.micrometer.UnclogMetrics} to a registry.
 */
package dev.unclog.micrometer;
