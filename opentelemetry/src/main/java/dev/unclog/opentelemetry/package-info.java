/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * OpenTelemetry for unclog: each blocking episode's events as log records, and the episodes'
 * durations, counts and the hubs' lag as metrics, through the OpenTelemetry API. Bind {@link
 * dev.unclog.opentelemetry.UnclogOpenTelemetry} to an {@code OpenTelemetry} and a monitor.
 */
package dev.unclog.opentelemetry;
