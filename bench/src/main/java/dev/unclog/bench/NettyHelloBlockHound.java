/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * {@link NettyHello} with BlockHound installed, for comparing unclog with it under the same load.
 * BlockHound is installed in the application, as its documentation says: {@link BlockHound#install}
 * finds the Netty integration that Netty itself ships ({@code
 * io.netty.util.internal.Hidden$NettyBlockHoundIntegration}, through the service loader), which
 * marks Netty's event-loop threads as non-blocking. Before serving, it checks that BlockHound
 * really is active: a {@code Thread.sleep} on an event loop must fail with {@link
 * BlockingOperationError}; if it does not, it says so and exits with status 3.
 *
 * <p>BlockHound is not in {@code benchmarks.jar}: the build copies it to {@code
 * bench/target/blockhound.jar}. On JDK 13+ it needs {@code
 * -XX:+AllowRedefinitionToAddDeleteMethods}; on JDK 21+ it loads its agent into the running JVM,
 * which warns unless {@code -XX:+EnableDynamicAgentLoading} is given:
 *
 * <pre>
 * java -XX:+AllowRedefinitionToAddDeleteMethods -XX:+EnableDynamicAgentLoading \
 *     -cp bench/target/benchmarks.jar:bench/target/blockhound.jar dev.unclog.bench.NettyHelloBlockHound [PORT]
 * </pre>
 */
public final class NettyHelloBlockHound {
  private NettyHelloBlockHound() {}

  public static void main(String[] args) throws InterruptedException {
    BlockHound.install();
    selfCheck();
    NettyHello.main(args);
  }

  private static void selfCheck() throws InterruptedException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Future<Object> sleep =
          group.submit(
              () -> {
                Thread.sleep(1);
                return null;
              });
      if (!sleep.await(10, TimeUnit.SECONDS)) {
        System.out.println("blockhound: the self-check did not finish");
        System.exit(3);
      }
      if (sleep.cause() instanceof BlockingOperationError error) {
        System.out.println("blockhound: active (" + error.getMessage() + ")");
      } else {
        System.out.println(
            "blockhound: NOT active: Thread.sleep on an event loop "
                + (sleep.cause() == null ? "returned" : "failed with " + sleep.cause()));
        System.exit(3);
      }
    } finally {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }
  }
}
