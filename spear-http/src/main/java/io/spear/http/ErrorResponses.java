package io.spear.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.spear.model.error.ErrorBody;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.SpearException;
import java.util.UUID;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the JSON error body with its code's status.
 *
 * <p>Internal exception messages and stack traces go to the server log under a reference id; the
 * client sees only the reference.
 */
final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  static void install(Javalin app) {
    app.exception(SpearException.class, (e, ctx) -> answer(ctx, ErrorBody.of(e), e.code()));
    app.exception(
        JsonProcessingException.class,
        (e, ctx) ->
            answer(
                ctx,
                ErrorBody.of(
                    ErrorCode.INVALID_REQUEST,
                    "request body is not valid JSON: " + e.getOriginalMessage()),
                ErrorCode.INVALID_REQUEST));
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          ErrorCode code = codeForStatus(e.getStatus());
          ctx.status(e.getStatus());
          Answered.mark(ctx);
          ctx.json(ErrorBody.of(code, e.getMessage()));
        });
    // Jetty refusing the request itself, e.g. a body slower than ClientLimits allows (408).
    app.exception(
        BadMessageException.class,
        (e, ctx) -> {
          ErrorCode code = codeForStatus(e.getCode());
          answer(ctx, ErrorBody.of(code, "request refused: " + e.getReason()), code);
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          String ref = UUID.randomUUID().toString();
          LOG.error("internal error ref={} on {} {}", ref, ctx.method(), ctx.path(), e);
          answer(
              ctx,
              ErrorBody.of(ErrorCode.INTERNAL_ERROR, "internal error (ref " + ref + ")"),
              ErrorCode.INTERNAL_ERROR);
        });
    app.error(404, ctx -> answerUnlessAnswered(ctx, ErrorCode.NOT_FOUND, "no route for "));
    app.error(
        405,
        ctx -> answerUnlessAnswered(ctx, ErrorCode.METHOD_NOT_ALLOWED, "method not allowed: "));
  }

  private static void answer(Context ctx, ErrorBody body, ErrorCode code) {
    Answered.mark(ctx);
    if (code == ErrorCode.RESOURCE_EXHAUSTED) {
      ctx.header("Retry-After", "1");
    }
    ctx.status(code.httpStatus());
    ctx.json(body);
  }

  private static void answerUnlessAnswered(Context ctx, ErrorCode code, String prefix) {
    // Handlers that answered 404/405 themselves (with their own code) keep their body.
    if (!Answered.is(ctx) && ctx.resultInputStream() == null) {
      answer(ctx, ErrorBody.of(code, prefix + ctx.method() + " " + ctx.path()), code);
    }
  }

  private static ErrorCode codeForStatus(int status) {
    return switch (status) {
      case 401 -> ErrorCode.UNAUTHENTICATED;
      case 403 -> ErrorCode.PERMISSION_DENIED;
      case 404 -> ErrorCode.NOT_FOUND;
      case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
      case 408 -> ErrorCode.REQUEST_TIMEOUT;
      case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
      case 429 -> ErrorCode.RESOURCE_EXHAUSTED;
      default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_REQUEST;
    };
  }
}
