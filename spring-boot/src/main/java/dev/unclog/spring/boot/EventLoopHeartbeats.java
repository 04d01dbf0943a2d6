/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.spring.boot;

import dev.unclog.Hub;
import dev.unclog.Monitor;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;

/**
 * Heartbeat hubs for the event loops of a Reactor Netty web server: one per loop, named after the
 * loop's thread, started once the server runs and closed when the context closes, before the loops
 * shut down (a probe left in a loop that stopped would look like a blockage).
 *
 * <p>Not with the agent: it watches every task of those loops already, and a heartbeat hub beside
 * each would report every blockage twice. The server has bound its port through one of the loops by
 * now, so the agent's {@code event-loop} hub for it is there.
 */
final class EventLoopHeartbeats
    implements ApplicationListener<ApplicationEvent>, ApplicationContextAware {
  static final String NETTY_WEB_SERVER = "org.springframework.boot.reactor.netty.NettyWebServer";
  private static final Log LOG = LogFactory.getLog(UnclogEventLoopAutoConfiguration.class);

  private final Monitor monitor;
  private final ObjectProvider<ReactorResourceFactory> resources;
  private final Set<EventExecutor> probed = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<Hub> hubs = new ArrayList<>();
  private ApplicationContext context;

  EventLoopHeartbeats(Monitor monitor, ObjectProvider<ReactorResourceFactory> resources) {
    this.monitor = monitor;
    this.resources = resources;
  }

  @Override
  public void setApplicationContext(ApplicationContext context) {
    this.context = context;
  }

  @Override
  public void onApplicationEvent(ApplicationEvent event) {
    if (event instanceof WebServerInitializedEvent started
        && started.getWebServer().getClass().getName().equals(NETTY_WEB_SERVER)) {
      start();
    } else if (event instanceof ContextClosedEvent closed
        && closed.getApplicationContext() == context) { // a child's (management) comes here too
      close();
    }
  }

  /** The hubs probing the loops now; for tests. */
  synchronized List<Hub> hubs() {
    return List.copyOf(hubs);
  }

  private synchronized void start() {
    if (!monitor.enabled()) {
      return;
    }
    if (monitor.hubs().stream().anyMatch(hub -> Hub.EVENT_LOOP.equals(hub.kind()))) {
      LOG.info(
          "unclog: the agent watches the event loops; unclog.spring.heartbeat-event-loops is"
              + " not needed and does nothing");
      return;
    }
    // Spring Boot's Netty server runs on this factory's loops (Reactor Netty's global ones, or
    // the factory's own); without a factory there is nothing known to probe.
    ReactorResourceFactory factory = resources.getIfAvailable();
    LoopResources loops = factory != null ? factory.getLoopResources() : null;
    if (loops == null) {
      LOG.info("unclog: no ReactorResourceFactory, so no event loop heartbeats");
      return;
    }
    // The group the server runs on: Reactor Netty's HttpServer.runOn(loops) prefers native
    // transport as LoopResources.DEFAULT_NATIVE says, and the loop resources cache that group.
    EventLoopGroup group = loops.onServer(LoopResources.DEFAULT_NATIVE);
    int added = 0;
    for (EventExecutor loop : group) {
      if (probed.add(loop)) { // a management server on another port shares the loops
        hubs.add(monitor.heartbeat(loop, threadName(loop, hubs.size())));
        added++;
      }
    }
    if (added > 0) {
      LOG.info("unclog: probing " + added + " Reactor Netty event loops with heartbeats");
    }
  }

  /* The loop's thread name, which reports and metrics show; it starts the thread if need be. */
  private static String threadName(EventExecutor loop, int index) {
    try {
      return loop.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS);
    } catch (Exception e) { // shutting down, or busy for 10 s: a name is all that is lost
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return "reactor-netty-loop-" + index;
    }
  }

  private synchronized void close() {
    for (Hub hub : hubs) {
      hub.close();
    }
    hubs.clear();
    probed.clear();
  }
}
