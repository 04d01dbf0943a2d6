/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.bench;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A gRPC unary hello-world server on {@code grpc-netty-shaded}, as gRPC is most often run: its
 * Netty event loops do the I/O and each call runs on gRPC's default executor. The method {@code
 * bench.Hello/Say} takes and returns raw bytes (no protobuf: the benchmark measures the transport
 * and the scheduling, not a codec). Listens on {@code 127.0.0.1}, prints {@code listening PORT} and
 * runs until killed. {@link FixedRateLoad} is its client.
 *
 * <pre>
 * java -cp 'bench/target/classes:bench/target/servers/*' dev.unclog.bench.GrpcHello [PORT]
 * </pre>
 */
public final class GrpcHello {
  static final MethodDescriptor<byte[], byte[]> SAY =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("bench.Hello", "Say"))
          .setRequestMarshaller(Bytes.INSTANCE)
          .setResponseMarshaller(Bytes.INSTANCE)
          .build();

  private static final byte[] ANSWER = Hello.TEXT.getBytes(StandardCharsets.US_ASCII);

  private GrpcHello() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
            .addService(
                ServerServiceDefinition.builder("bench.Hello")
                    .addMethod(
                        SAY,
                        ServerCalls.asyncUnaryCall(
                            (request, response) -> {
                              response.onNext(ANSWER);
                              response.onCompleted();
                            }))
                    .build())
            .build()
            .start();
    Hello.listening(server.getPort());
    server.awaitTermination();
  }

  /** Messages as they are on the wire. */
  static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    static final Bytes INSTANCE = new Bytes();

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
  }
}
