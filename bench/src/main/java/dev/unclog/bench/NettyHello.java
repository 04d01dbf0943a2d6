/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 keep-alive hello-world server on Netty 4.2, for load generators such as {@code wrk}:
 * every request, whatever its path, gets {@code 200 OK} and {@code Hello, World!}. One acceptor
 * thread and two worker event loops ({@link MultiThreadIoEventLoopGroup} with {@link
 * NioIoHandler}), listening on {@code 127.0.0.1}. Prints {@code listening PORT} once it accepts
 * connections and runs until killed.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.unclog.bench.NettyHello [PORT]   (0, the default: any free port)
 * wrk -t2 -c64 -d10s --latency http://127.0.0.1:PORT/
 * </pre>
 *
 * With {@code -javaagent:agent/target/unclog-agent.jar} both worker loops are unclog hubs and every
 * task and I/O event passes through its hooks: {@code bench/agent-cost.sh} compares the two.
 */
public final class NettyHello {
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

  private NettyHello() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    try {
      Channel server =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline().addLast(new HttpServerCodec(), Hello.INSTANCE);
                    }
                  })
              .bind("127.0.0.1", port)
              .sync()
              .channel();
      System.out.println("listening " + ((InetSocketAddress) server.localAddress()).getPort());
      System.out.flush();
      server.closeFuture().sync();
    } finally {
      boss.shutdownGracefully();
      workers.shutdownGracefully();
    }
  }

  /** Answers each request head at once; request bodies, if any, are dropped. */
  @ChannelHandler.Sharable
  static final class Hello extends ChannelInboundHandlerAdapter {
    static final Hello INSTANCE = new Hello();
    private static final ByteBuf CONTENT =
        Unpooled.unreleasableBuffer(Unpooled.directBuffer(BODY.length).writeBytes(BODY));

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof HttpRequest request)) {
        ReferenceCountUtil.release(msg); // the (empty) body of a GET, or trailers
        return;
      }
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      ReferenceCountUtil.release(msg);
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.OK, CONTENT.duplicate());
      response
          .headers()
          .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
      if (keepAlive) {
        ctx.write(response);
      } else {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.write(response).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
