package io.parley.support.web;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.support.auth.AuthenticatedUser;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

class CurrentUserArgumentResolver implements HandlerMethodArgumentResolver {
  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.hasParameterAnnotation(CurrentUser.class)
        && parameter.getParameterType() == AuthenticatedUser.class;
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest,
      WebDataBinderFactory binderFactory) {
    Object user =
        webRequest.getAttribute(BearerTokenFilter.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    if (user == null) {
      throw new DomainException(ErrorCode.UNAUTHENTICATED, "A bearer access token is required.");
    }
    return user;
  }
}
