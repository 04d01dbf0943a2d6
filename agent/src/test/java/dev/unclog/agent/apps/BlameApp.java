/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * A Netty 4.2 HTTP server (one boss loop, two worker loops) for the blame tests: {@code warm} warms
 * up first, {@code cold} serves at once, as a server just started does. Prints {@code listening
 * PORT}; on stdin, {@code vts} runs 20,000 well-behaved virtual threads and prints {@code vts
 * done}, {@code exit} stops.
 */
public final class BlameApp {
  private BlameApp() {}

  public static void main(String[] args) throws Exception {
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    boolean cold = args[0].equals("cold");
    NettyHttpApp.serveUntilExit(
        boss,
        workers,
        NioServerSocketChannel.class,
        cold,
        line -> {
          if (line.equals("vts")) {
            VirtualThreadApp.calm(20_000);
            System.out.println("vts done");
          }
        });
  }
}
