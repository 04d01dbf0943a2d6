/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The hubs a monitor watches: registered from any thread, scanned by the monitor thread from an
 * array it re-reads only after a change, so that a scan allocates nothing.
 */
final class HubRegistry {
  /* By owner thread, or by the hub itself for a heartbeat hub, which has no thread of its own. */
  private final ConcurrentHashMap<Object, Hub> hubs = new ConcurrentHashMap<>();
  /* Hubs forgotten since the monitor's last scan, which ends their episodes. */
  private final ConcurrentLinkedQueue<Hub> closing = new ConcurrentLinkedQueue<>();
  /*
   * Set (volatile) after every change to the map; the monitor clears it before it re-reads, so
   * a change racing with the read sets it again and is read at the next scan.
   */
  private volatile boolean changed;
  /* Monitor thread only. */
  private Hub[] scanned = new Hub[0];

  /** The thread's hub, or null: no lock, so the agent's hooks may come here inside a mount. */
  Hub get(Thread thread) {
    return hubs.get(thread);
  }

  /** Adds the thread's hub unless it has one; returns the hub it has. */
  Hub addIfAbsent(Thread thread, Hub hub) {
    Hub existing = hubs.putIfAbsent(thread, hub);
    if (existing != null) {
      return existing;
    }
    changed = true;
    return hub;
  }

  /** Adds a hub that has no thread of its own (a heartbeat's). */
  void add(Hub hub) {
    hubs.put(hub, hub);
    changed = true;
  }

  /** Stops watching {@code hub}. Its episode, if any, is ended at the next scan. */
  void forget(Hub hub) {
    if (hubs.remove(key(hub), hub)) {
      closing.add(hub);
      changed = true;
    }
  }

  boolean isWatched(Hub hub) {
    return hubs.get(key(hub)) == hub;
  }

  int size() {
    return hubs.size();
  }

  List<Hub> snapshot() {
    return List.copyOf(hubs.values());
  }

  /** Monitor thread only: the next hub forgotten since the last call, or null. */
  Hub pollClosed() {
    return closing.poll();
  }

  /** Monitor thread only: the hubs to scan, re-read after a change. */
  Hub[] toScan() {
    if (changed) {
      changed = false; // before the read: a change racing with it sets it again
      scanned = hubs.values().toArray(new Hub[0]);
    }
    return scanned;
  }

  private static Object key(Hub hub) {
    return hub.owner() != null ? hub.owner() : hub;
  }
}
