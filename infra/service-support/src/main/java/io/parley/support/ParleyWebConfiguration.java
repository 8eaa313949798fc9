package io.parley.support;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.support.text.TextModules;
import io.parley.support.web.CurrentUserResolvers;
import io.parley.support.web.SizedJsonConverter;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class ParleyWebConfiguration implements WebMvcConfigurer {
  /** Deeper JSON than any request of the API needs is refused while it is read (400). */
  static final int MAX_NESTING_DEPTH = 32;

  /** Digits of a JSON number: every number of the API fits a long; more is refused (400). */
  static final int MAX_NUMBER_LENGTH = 64;

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(CurrentUserResolvers.currentUser());
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(CurrentUserResolvers.requireUser());
  }

  /**
   * Request bodies are read by a copy of the application's mapper that refuses ill-formed text and
   * hostile shapes (docs/adr/0080); the application's own mapper, which also reads the event log,
   * stays tolerant. Answers go out with their length, in one write (docs/adr/0204).
   */
  @Override
  public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
    for (int i = 0; i < converters.size(); i++) {
      if (converters.get(i) instanceof MappingJackson2HttpMessageConverter jackson) {
        converters.set(i, new SizedJsonConverter(strict(jackson.getObjectMapper())));
      }
    }
  }

  static ObjectMapper strict(ObjectMapper shared) {
    ObjectMapper strict = shared.copy();
    strict
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build());
    strict.registerModule(TextModules.strict());
    return strict;
  }
}
