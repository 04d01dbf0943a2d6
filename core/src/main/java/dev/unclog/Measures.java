/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.time.Duration;

/**
 * An event's verdict and the figures behind it, as the monitor judged them (see Causes).
 *
 * @param blocked how long the hub has been blocked: so far, or in all
 * @param cause the cause
 * @param fingerprint the place (see BlockingEvent.fingerprint)
 * @param cpu the hub thread's CPU time over the judged span, or null
 * @param runQueue its run-queue time over the span, or null
 * @param throttled the cgroup's throttled time over the span, or null
 * @param gc stop-the-world GC time since the task began
 * @param stall the monitor's stalls since the task began
 */
record Measures(
    Duration blocked,
    BlockingEvent.Cause cause,
    String fingerprint,
    Duration cpu,
    Duration runQueue,
    Duration throttled,
    Duration gc,
    Duration stall) {}
