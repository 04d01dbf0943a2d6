/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.agent.apps;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * gRPC 1.85 on its default transport, {@code grpc-netty-shaded}, as most run it: two servers with
 * one unary method each. On {@code direct}, built with {@code directExecutor()}, the handler runs
 * on the shaded Netty event loop; on {@code pooled}, gRPC's default executor runs it, a pool for
 * blocking work. The program calls each: {@code Fast} 50 times, then {@code Slow} (a 700 ms sleep
 * in the handler) once, then exits.
 */
public final class GrpcApp {
  private GrpcApp() {}

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  public static void main(String[] args) throws Exception {
    Server direct = server(true);
    Server pooled = server(false);
    call(direct, "direct");
    call(pooled, "pooled");
    direct.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    pooled.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    System.out.println("calls done");
  }

  private static void call(Server server, String service) throws InterruptedException {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    for (int i = 0; i < 50; i++) {
      ClientCalls.blockingUnaryCall(
          channel, method(service, "Fast"), CallOptions.DEFAULT, new byte[] {1});
    }
    ClientCalls.blockingUnaryCall(
        channel, method(service, "Slow"), CallOptions.DEFAULT, new byte[] {1});
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private static Server server(boolean directExecutor) throws IOException {
    String service = directExecutor ? "direct" : "pooled";
    ServerServiceDefinition definition =
        ServerServiceDefinition.builder(service)
            .addMethod(
                method(service, "Fast"),
                ServerCalls.asyncUnaryCall(
                    (request, response) -> {
                      response.onNext(request);
                      response.onCompleted();
                    }))
            .addMethod(
                method(service, "Slow"),
                ServerCalls.asyncUnaryCall(
                    (request, response) -> {
                      if (directExecutor) {
                        lookUpTheInventory();
                      } else {
                        lookUpTheInventoryOffTheLoop();
                      }
                      response.onNext(request);
                      response.onCompleted();
                    }))
            .build();
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(definition);
    if (directExecutor) {
      builder.directExecutor();
    }
    return builder.build().start();
  }

  private static MethodDescriptor<byte[], byte[]> method(String service, String name) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(service, name))
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }

  /** A blocking call on the event loop: what unclog must name. */
  static void lookUpTheInventory() {
    Pause.millis(700);
  }

  /** The same call on gRPC's executor, a pool meant for it: not a hub, nothing to report. */
  static void lookUpTheInventoryOffTheLoop() {
    Pause.millis(700);
  }
}
