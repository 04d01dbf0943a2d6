/*
 * Copyright 2026 the unclog authors. Licensed under the Apache License, Version 2.0.
 */
package dev.unclog.junit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The extension, run on real test classes by the JUnit test kit. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UnclogExtensionTest {
  @Test
  void aTestThatBlocksTheLoop_failsWithTheCulpritInItsMessage_othersPass() {
    Events tests = run(Samples.BlockingSample.class).testEvents();
    tests.assertStatistics(stats -> stats.started(3).succeeded(2).failed(1));
    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("blocksTheLoop"),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(
                        m ->
                            m.startsWith(
                                    "1 episode on 1 hub blocked for 100 ms or more during this test:")
                                && m.contains(" blocked hub sample-loop (executor) for ")
                                && m.contains(
                                    "at dev.unclog.junit.Samples$BlockingSample.queryTheDatabase(")))));
    tests
        .assertThatEvents()
        .haveExactly(1, event(test("toleratedByItsOwnLimit"), finishedSuccessfully()));
  }

  @Test
  void twoEpisodesOnOneHub_areCountedAsSuch() {
    Events tests = run(Samples.BlocksTwiceSample.class).testEvents();
    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("blocksTwice"),
                finishedWithFailure(
                    message(m -> m.startsWith("2 episodes on 1 hub blocked for 100 ms or more")))));
  }

  @Test
  void aBlockageInBeforeAll_failsTheClass_notItsTests() {
    Events all = run(Samples.BlocksBeforeAllSample.class).allEvents();
    all.assertThatEvents().haveExactly(1, event(test("behaves"), finishedSuccessfully()));
    all.assertThatEvents()
        .haveExactly(
            1,
            event(
                org.junit.platform.testkit.engine.EventConditions.container(
                    Samples.BlocksBeforeAllSample.class),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(
                        m ->
                            m.startsWith(
                                    "1 episode on 1 hub blocked for 100 ms or more in @BeforeAll, @AfterAll or between"
                                        + " the tests of this class:")
                                && m.contains("Samples$BlocksBeforeAllSample.loadTheCache(")))));
  }

  @Test
  void withoutTheAgent_failOnNoAgent_failsTheTestSayingWhy() {
    // this module's tests run without the agent, as a library user's unit tests may
    Events tests = run(Samples.NeedsTheAgentSample.class).allEvents();
    tests
        .assertThatEvents()
        .haveAtLeastOne(
            event(
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(
                        m ->
                            m.startsWith("no agent is loaded")
                                && m.contains("-javaagent:unclog-agent.jar")))));
  }

  @Test
  void badLimits_areConfigurationErrorsThatSayWhy() {
    Events bad = run(Samples.BadLimitSample.class).testEvents();
    bad.assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        "@FailOnBlocking(maxBlockingTime = \"soon\") is not a duration: use 250ms, 2s"
                            + " or 0.5 (seconds)"))));
    Events below = run(Samples.LimitBelowTheMonitorSample.class).testEvents();
    below
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(m -> m.contains("is below the monitor's threshold of 100 ms")))));
  }

  @Test
  void inParallel_aBlockageIsChargedToTheTestWhoseCodeBlocked() {
    Events tests =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
            .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
            .configurationParameter(
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
            .selectors(
                selectMethod(Samples.ParallelBlockingSample.class, "blocksItsLoop"),
                selectMethod(Samples.ParallelCleanSample.class, "waitsOnItsOwnThread"))
            .execute()
            .testEvents();
    tests
        .assertThatEvents()
        .haveExactly(1, event(test("blocksItsLoop"), finishedWithFailure()))
        .haveExactly(1, event(test("waitsOnItsOwnThread"), finishedSuccessfully()));
    assertTrue(tests.started().count() == 2);
  }

  /** Runs the sample class through the Jupiter engine, as a build would. */
  private static EngineExecutionResults run(Class<?> sample) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute();
  }
}
