/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import dev.unclog.agent.Integration;
import dev.unclog.agent.SwitchPoint;

/**
 * One method to weave, and what to weave into it.
 *
 * @param type the class, internal name ({@code io/netty/channel/nio/NioEventLoop})
 * @param method the method's name
 * @param descriptor its descriptor, or a prefix of it (see {@link SwitchPoint})
 * @param action what is woven
 * @param absentWith a class (internal name) whose presence makes the method's absence expected, or
 *     null
 * @param library the library, for "unknown ... build" lines
 * @param relocatedFrom the library's package (internal form, {@code io/netty/}) if a copy of it
 *     relocated under a prefix is woven too; else null
 * @param firstUse for a class the JVM loads at start but uses only later, a class (internal name)
 *     whose loading comes before its first use: woven again only then (see {@link
 *     SwitchTable#add}); else null
 */
record Weave(
    String type,
    String method,
    String descriptor,
    Action action,
    String absentWith,
    String library,
    String relocatedFrom,
    String firstUse) {

  /**
   * An integration whose class is loaded at every JVM's start but used by few programs, so that
   * weaving it waits for the first sign of use: {@code firstUse}, a class loaded before that.
   */
  interface UsedLate {
    String firstUse();
  }

  /** What a weave adds to its method. */
  sealed interface Action {}

  /**
   * The enter hook {@code enter<hook>} of class {@code slots} at the start, handed the task, and
   * the exit hook on every way out; or, for {@link SwitchPoint.Task#EACH_RUNNABLE}, the same around
   * each call of {@code Runnable.run()}, through {@code run<hook>}.
   */
  record Switch(String slots, int hook, SwitchPoint.Task task) implements Action {}

  /** The spawn hook of class {@code slots} at the start, handed the receiver. */
  record Spawn(String slots) implements Action {}

  /** The weave of an integration's switch point, its hook in {@code slots}. */
  static Weave of(SwitchPoint point, String slots, int hook, Integration integration) {
    return new Weave(
        internal(point.type()),
        point.method(),
        point.descriptor(),
        new Switch(slots, hook, point.task()),
        point.absentWith() != null ? internal(point.absentWith()) : null,
        integration.name(),
        integration.relocatedFrom() != null ? internal(integration.relocatedFrom()) : null,
        integration instanceof UsedLate late ? internal(late.firstUse()) : null);
  }

  /** The slot class (internal name) the woven code reads its hooks from. */
  String slots() {
    return action instanceof Switch change ? change.slots() : ((Spawn) action).slots();
  }

  /** Whether this weaves method {@code name} with descriptor {@code actual}. */
  boolean matches(String name, String actual) {
    return method.equals(name) && actual.startsWith(descriptor);
  }

  /** The method, for messages: {@code handle(I)}. */
  String describe() {
    return method + descriptor;
  }

  /**
   * This weave for a copy of the library relocated under {@code prefix} (internal form, {@code
   * io/grpc/netty/shaded/}): the library's package moved alike in every name.
   */
  Weave relocated(String prefix) {
    return new Weave(
        prefix + type,
        method,
        descriptor.replace("L" + relocatedFrom, "L" + prefix + relocatedFrom),
        action,
        absentWith != null ? prefix + absentWith : null,
        library,
        relocatedFrom,
        firstUse);
  }

  static String internal(String binaryName) {
    return binaryName.replace('.', '/');
  }
}
