/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A Netty HTTP server for the agent's tests, runnable on Netty 4.1 and 4.2. {@code /slow} sleeps
 * 600 ms on the event loop; every other path answers at once. Modes: {@code nio} and {@code epoll}
 * (both lines), {@code io-nio}, {@code io-epoll} and {@code io-uring} (4.2's
 * MultiThreadIoEventLoopGroup). Prints {@code listening PORT}; stops on {@code exit} on stdin.
 */
@SuppressWarnings("deprecation") // the 4.1-style groups, still in 4.2
public final class NettyHttpApp {
  private NettyHttpApp() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    if (mode.contains("epoll") && !Epoll.isAvailable()) {
      System.out.println("epoll unavailable: " + Epoll.unavailabilityCause());
      return;
    }
    if (mode.equals("io-uring") && !Netty42.ioUringAvailable()) {
      System.out.println("io_uring unavailable: " + Netty42.ioUringUnavailabilityCause());
      return;
    }
    Class<? extends ServerChannel> channel =
        mode.equals("io-uring")
            ? Netty42.ioUringServerChannel()
            : mode.contains("epoll")
                ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
    serveUntilExit(
        group(mode, 1),
        group(mode, 2),
        channel,
        false,
        line -> {
          if (line.equals("schedule")) {
            schedule(mode);
            System.out.println("scheduled");
          }
        });
  }

  /** What a server app does with a line of its stdin other than {@code exit}. */
  interface Command {
    void run(String line) throws Exception;
  }

  /**
   * Serves HTTP with {@link Handler} on {@code boss} and {@code workers}, warmed up first unless
   * {@code cold}, and prints {@code listening PORT}; hands each line of stdin to {@code command}
   * until {@code exit} or its end, then closes the server and shuts both groups down.
   */
  static void serveUntilExit(
      EventLoopGroup boss,
      EventLoopGroup workers,
      Class<? extends ServerChannel> channel,
      boolean cold,
      Command command)
      throws Exception {
    try {
      Channel server = cold ? serveCold(boss, workers, channel) : serve(boss, workers, channel);
      System.out.println("listening " + ((InetSocketAddress) server.localAddress()).getPort());
      BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
      for (String line = stdin.readLine();
          line != null && !line.equals("exit");
          line = stdin.readLine()) {
        command.run(line);
      }
      server.close().sync();
    } finally {
      shutDown(boss);
      shutDown(workers);
    }
  }

  /** Shuts a group down without the quiet period that keeps a server's tests waiting. */
  static void shutDown(EventExecutorGroup group) throws InterruptedException {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  private static EventLoopGroup group(String mode, int threads) {
    return switch (mode) {
      case "nio" -> new NioEventLoopGroup(threads);
      case "epoll" -> new EpollEventLoopGroup(threads);
      default -> Netty42.group(mode, threads);
    };
  }

  /**
   * A loop of a group that never did I/O, used as a scheduler, runs a 600 ms sleep; so does one of
   * Netty's offload executors, where blocking work is meant to go.
   */
  private static void schedule(String mode) throws Exception {
    EventLoopGroup scheduler = group(mode, 1);
    DefaultEventExecutorGroup offload = new DefaultEventExecutorGroup(1);
    try {
      scheduler.next().submit(() -> {}).sync(); // its thread starts, its first task quick
      scheduler.next().submit(NettyHttpApp::sleepOnALoop).sync();
      offload.next().submit(NettyHttpApp::sleepOnAnOffloadExecutor).sync();
    } finally {
      shutDown(scheduler);
      shutDown(offload);
    }
  }

  static void sleepOnALoop() {
    Handler.handleSlowly();
  }

  static void sleepOnAnOffloadExecutor() {
    Handler.handleSlowly();
  }

  /** Warms up, then serves HTTP on a free loopback port with {@link Handler}. */
  static Channel serve(
      EventLoopGroup boss, EventLoopGroup workers, Class<? extends ServerChannel> channel)
      throws InterruptedException {
    warmUp();
    return serveCold(boss, workers, channel);
  }

  /** Serves HTTP as a server does just after start: its first requests load what they need. */
  private static Channel serveCold(
      EventLoopGroup boss, EventLoopGroup workers, Class<? extends ServerChannel> channel)
      throws InterruptedException {
    return new ServerBootstrap()
        .group(boss, workers)
        .channel(channel)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast(new HttpServerCodec(), new HttpObjectAggregator(65536), new Handler());
              }
            })
        .bind("127.0.0.1", 0)
        .sync()
        .channel();
  }

  /**
   * Does before the server listens what a warmed-up server has done: loads the classes the first
   * request needs, and makes the first pooled buffer allocation, which in Netty 4.2 registers a JFR
   * event and initialises JFR's metadata. Else the first connections do that on the event loop,
   * which here takes over 100 ms and is reported, truthfully (unclog found it), but it is not what
   * these tests are about.
   */
  private static void warmUp() {
    io.netty.buffer.ByteBufAllocator.DEFAULT.ioBuffer(1024).release();
    new HttpServerCodec();
    new HttpObjectAggregator(65536);
    new Handler();
    new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.OK,
            Unpooled.copiedBuffer("ok\n", StandardCharsets.UTF_8))
        .release();
  }

  /** Netty 4.2's group style; a class of its own, so that 4.1 never loads it. */
  static final class Netty42 {
    private Netty42() {}

    static EventLoopGroup group(String mode, int threads) {
      return new io.netty.channel.MultiThreadIoEventLoopGroup(
          threads,
          switch (mode) {
            case "io-epoll" -> io.netty.channel.epoll.EpollIoHandler.newFactory();
            case "io-uring" -> io.netty.channel.uring.IoUringIoHandler.newFactory();
            default -> io.netty.channel.nio.NioIoHandler.newFactory();
          });
    }

    static boolean ioUringAvailable() {
      return io.netty.channel.uring.IoUring.isAvailable();
    }

    static Throwable ioUringUnavailabilityCause() {
      return io.netty.channel.uring.IoUring.unavailabilityCause();
    }

    static Class<? extends ServerChannel> ioUringServerChannel() {
      return io.netty.channel.uring.IoUringServerSocketChannel.class;
    }
  }

  static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      if (request.uri().equals("/slow")) {
        handleSlowly();
      } else if (request.uri().equals("/spin")) {
        spin();
      }
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.OK,
              Unpooled.copiedBuffer("ok\n", StandardCharsets.UTF_8));
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
      HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
      ctx.writeAndFlush(response);
    }

    /** 500 ms of this thread's CPU spent computing on the event loop: a CPU hog. */
    static void spin() {
      // fixed work, as a real computation is: it takes longer on a busy or throttled machine;
      // the CPU clock is read every million steps, so that samples find the computation
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long end = threads.getCurrentThreadCpuTime() + 500_000_000L;
      long x = 0;
      while (threads.getCurrentThreadCpuTime() - end < 0) {
        for (int i = 0; i < 1_000_000; i++) {
          x = x * 31 + 7;
        }
      }
      if (x == 42) {
        System.out.println("unlikely");
      }
    }

    /** A blocking call on the event loop: what unclog must name. */
    static void handleSlowly() {
      Pause.millis(600);
    }
  }
}
