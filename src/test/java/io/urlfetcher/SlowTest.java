package io.urlfetcher;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that takes many seconds: every *IT (the packaged jar as a process, a nested Maven build, process
 * kills) and each unit test class that ran for more than 5 s in a full {@code mvn verify}. {@code mvn verify}
 * runs them all; {@code mvn verify -Pfast} leaves them out.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(SlowTest.TAG)
public @interface SlowTest {

    String TAG = "slow";
}
