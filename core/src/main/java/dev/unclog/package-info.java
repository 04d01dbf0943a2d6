/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * unclog finds the code that blocks a cooperative scheduler: an event loop, a virtual-thread
 * carrier, a watched executor.
 *
 * <p>Start with {@link dev.unclog.Monitor}: register a loop thread as a {@link dev.unclog.Hub} and
 * call its switch hooks, wrap an executor with {@code watch}, or let a heartbeat probe an executor
 * you cannot wrap. Reports arrive as {@link dev.unclog.BlockingEvent}s on stderr, in a JSON lines
 * file, or at a {@link dev.unclog.BlockingListener}.
 *
 * <h2>Memory-access naming (internal)</h2>
 *
 * Fields shared between a hub's owner thread and the monitor are accessed through {@link
 * java.lang.invoke.VarHandle}s, and the method or comment names the mode: {@code xPlain} (no
 * ordering), {@code xOpaque} (coherent, no ordering with other variables), {@code xAcquire}/{@code
 * setXRelease} (one-way ordering), and {@code xVolatile} (sequentially consistent). Each field's
 * comment says why its mode suffices; each claim has a jcstress test in the {@code stress} module.
 */
package dev.unclog;
