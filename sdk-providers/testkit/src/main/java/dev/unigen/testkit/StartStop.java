package dev.unigen.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the annotated {@code MockWebServer} field before each test and closes it after, so a test
 * class needs no set-up of its own for its local server:
 *
 * <pre>{@code
 * @StartStop private final MockWebServer server = new MockWebServer();
 * }</pre>
 *
 * The field must be an instance field, initialised with a new server (a closed server cannot be
 * started again; JUnit makes a new test instance for each test).
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(StartStopExtension.class)
public @interface StartStop {}
