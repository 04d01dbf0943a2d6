/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent;

import java.util.Objects;

/**
 * A method where a hub switches: its thread starts a task on entry and returns to its loop on exit,
 * whether the method returns or throws. The agent weaves an enter hook at its start, handed the
 * task, and an exit hook before each return and on the way out of a throw.
 *
 * @param type the declaring class, by its binary name ({@code io.netty.channel.nio.NioEventLoop})
 * @param method the method's name
 * @param descriptor the method's JVM descriptor or a prefix of it: {@code "(I)V"} exactly, {@code
 *     "(I)"} for any return type, {@code "(Ljava/nio/channels/SelectionKey;"} for every overload
 *     whose first parameter is a key, {@code "("} for every overload
 * @param task what names the task the hub runs, which reports show
 * @param hubs which threads are hubs, of which kind, and which of their tasks are switches
 * @param absentWith a class whose presence means the method's absence is expected (a newer line of
 *     the library moved this switch elsewhere); null if its absence is always news. Absent and not
 *     expected, the agent says once that the build is unknown to it and leaves the point unwatched.
 */
public record SwitchPoint(
    String type, String method, String descriptor, Task task, Hubs hubs, String absentWith) {
  public SwitchPoint {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(hubs, "hubs");
    if (!descriptor.startsWith("(")) {
      throw new IllegalArgumentException("a method descriptor starts with (: " + descriptor);
    }
  }

  /** A switch point whose absence is always said. */
  public SwitchPoint(String type, String method, String descriptor, Task task, Hubs hubs) {
    this(type, method, descriptor, task, hubs, null);
  }

  /** What names a task: a value the woven method has at its start, of a reference type. */
  public sealed interface Task {
    /** The object whose method it is: a task that runs itself ({@code call()}, {@code run()}). */
    Task THIS = new This();

    /** An argument, from 0: {@code runTask(Runnable)}'s task is argument 0. */
    static Task argument(int index) {
      return new Argument(index);
    }

    /** A field of the object, declared by the class woven: a wrapper's {@code task}. */
    static Task field(String name) {
      return new Field(name);
    }

    /**
     * Each call of {@code Runnable.run()} the method makes, the Runnable being the task: a worker
     * loop that runs its tasks inline ({@code ThreadPoolExecutor.runWorker}). The switch is each
     * call, not the method.
     */
    Task EACH_RUNNABLE = new EachRunnable();

    /** The receiver. */
    record This() implements Task {}

    /** An argument of the method. */
    record Argument(int index) implements Task {
      public Argument {
        if (index < 0) {
          throw new IllegalArgumentException("an argument index is 0 or more: " + index);
        }
      }
    }

    /** A field of the receiver. */
    record Field(String name) implements Task {
      public Field {
        Objects.requireNonNull(name, "name");
      }
    }

    /** Each call of Runnable.run() in the method. */
    record EachRunnable() implements Task {}
  }
}
