/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * unclog's internals: configuration, sinks, the reporter thread. Public only so that unclog's own
 * modules (the agent, integrations) can use them; not an API, and it changes without notice.
 */
package dev.unclog.internal;
