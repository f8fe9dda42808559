package io.urlfetcher.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignalCopiesTest {

    private final SignalCopies copies = new SignalCopies();

    @Test
    void ctrlCInATerminalReachesTheRunAndTheLauncherAndCountsOnceInEitherOrder() {
        assertThat(copies.isNew("INT", false)).isTrue();
        assertThat(copies.isNew("INT", true)).isFalse();
        assertThat(copies.isNew("TERM", true)).as("another signal").isTrue();
        assertThat(copies.isNew("TERM", false)).isFalse();
    }

    @Test
    void aSecondCtrlCIsASecondEventEvenBeforeTheFirstCopyArrives() {
        assertThat(copies.isNew("INT", false)).isTrue();
        assertThat(copies.isNew("INT", false)).isTrue();
        assertThat(copies.isNew("INT", true)).isFalse();
        assertThat(copies.isNew("INT", true)).isFalse();
    }

    @Test
    void signalsSentToOneProcessOnlyEachCount() {
        assertThat(copies.isNew("TERM", true)).isTrue(); // kill <launcher>, Kubernetes, docker stop
        assertThat(copies.isNew("TERM", true)).isTrue();
        assertThat(copies.isNew("INT", false)).isTrue(); // kill -INT <run>
        assertThat(copies.isNew("INT", false)).isTrue();
    }
}
