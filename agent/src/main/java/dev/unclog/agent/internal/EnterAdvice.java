/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.internal;

import java.util.function.Function;
import net.bytebuddy.asm.Advice;

/**
 * The enter halves woven into hook points, one per way a hook point names its task; exit is {@link
 * ExitAdvice}. Each hands the task to its hook point's enter hook.
 */
final class EnterAdvice {
  private EnterAdvice() {}

  /**
   * The first argument: Netty's {@code AbstractEventExecutor.runTask(Runnable)}, every queued and
   * scheduled task; Kotlin's {@code Worker.executeTask(Task)}.
   */
  static final class FirstArgument {
    private FirstArgument() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(
        @Advice.Argument(0) Object task, @HookSlots.EnterHook Function<Object, Object> hook) {
      return hook.apply(task);
    }
  }

  /** 4.1 {@code NioEventLoop.processSelectedKey(SelectionKey, channel or NioTask)}. */
  static final class SecondArgument {
    private SecondArgument() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(
        @Advice.Argument(1) Object channel, @HookSlots.EnterHook Function<Object, Object> hook) {
      return hook.apply(channel);
    }
  }

  /** 4.2 {@code Nio/EpollIoHandler}'s registration {@code handle(ready)}: its I/O handle. */
  static final class HandleField {
    private HandleField() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(
        @Advice.FieldValue("handle") Object handle,
        @HookSlots.EnterHook Function<Object, Object> hook) {
      return hook.apply(handle);
    }
  }

  /** 4.1 {@code EpollEventLoop.processReady(events, ready)}: one switch per batch of events. */
  static final class Receiver {
    private Receiver() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(
        @Advice.This Object loop, @HookSlots.EnterHook Function<Object, Object> hook) {
      return hook.apply(loop);
    }
  }

  /** The {@code task} field: Reactor's task wrappers ({@code SchedulerTask.call()} and kin). */
  static final class TaskField {
    private TaskField() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(
        @Advice.FieldValue("task") Object task,
        @HookSlots.EnterHook Function<Object, Object> hook) {
      return hook.apply(task);
    }
  }
}
