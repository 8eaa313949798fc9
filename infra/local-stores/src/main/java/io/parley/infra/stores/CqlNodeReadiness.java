package io.parley.infra.stores;

import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.util.ClassUtils;

/**
 * Holds back the creation of the CQL session until the local node, launched without waiting,
 * accepts CQL; every other bean is created meanwhile. A node that failed to start fails the
 * session's creation with the path of its log.
 */
final class CqlNodeReadiness implements InstantiationAwareBeanPostProcessor {
  static final String SESSION_TYPE = "com.datastax.oss.driver.api.core.CqlSession";

  private final LocalCqlNode node;

  CqlNodeReadiness(LocalCqlNode node) {
    this.node = node;
  }

  @Override
  public Object postProcessBeforeInstantiation(Class<?> beanClass, String beanName) {
    if (isCqlSession(beanClass)) {
      node.awaitReady();
    }
    return null;
  }

  static boolean isCqlSession(Class<?> type) {
    if (type.getName().equals(SESSION_TYPE)) {
      return true;
    }
    for (Class<?> implemented : ClassUtils.getAllInterfacesForClassAsSet(type)) {
      if (implemented.getName().equals(SESSION_TYPE)) {
        return true;
      }
    }
    return false;
  }
}
