package io.parley.query;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The query side alone on throw-away embedded Postgres and a local CQL node, with its real
 * processors. Every projection test uses exactly this annotation, so they share one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    classes = QuerySideApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Import({PublishedEvents.class, ReplayPause.class, CommitModeProbe.class})
public @interface ProjectionTest {}
