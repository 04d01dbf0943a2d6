/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.BufferedReader;
import java.io.InputStreamReader;

/**
 * A Netty 4.2 HTTP server (one boss loop, two worker loops) for the blame tests: {@code warm}
 * warms up first, {@code cold} serves at once, as a server just started does. Prints
 * {@code listening PORT}; on stdin, {@code vts} runs 20,000 well-behaved virtual threads and
 * prints {@code vts done}, {@code exit} stops.
 */
public final class BlameApp {
  private BlameApp() {}

  public static void main(String[] args) throws Exception {
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    try {
      Channel server = args[0].equals("cold")
          ? NettyHttpApp.serveCold(boss, workers, NioServerSocketChannel.class)
          : NettyHttpApp.serve(boss, workers, NioServerSocketChannel.class);
      System.out.println("listening " + ((java.net.InetSocketAddress) server.localAddress())
          .getPort());
      BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
      for (String line = stdin.readLine(); line != null && !line.equals("exit");
          line = stdin.readLine()) {
        if (line.equals("vts")) {
          VirtualThreadApp.calm(20_000);
          System.out.println("vts done");
        }
      }
      server.close().sync();
    } finally {
      boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
      workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
  }
}
