package io.parley.command.upload;

import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.InvalidInputException;
import io.parley.support.web.Problems;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /api/uploads/{uploadId}?name=} with the raw bytes, and {@code DELETE} to cancel
 * (docs/api.md, Files). The body is streamed to a temporary file and refused with 413 the moment it
 * passes {@code parley.files.max-size}: nothing of it is kept, and it is never held in memory.
 */
@RestController
class UploadController {
  static final String CHECKSUM_HEADER = "Content-SHA256";
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("The file is larger than " + limit + " bytes.", null, false, false);
    }
  }

  private final Uploads uploads;
  private final UploadSettings settings;

  UploadController(Uploads uploads, UploadSettings settings) {
    this.uploads = uploads;
    this.settings = settings;
  }

  @Operation(
      summary = "Upload a file's raw bytes under a client-chosen id (retry-safe)",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              description = "The file's bytes; any Content-Type (it is not trusted)",
              content =
                  @io.swagger.v3.oas.annotations.media.Content(
                      mediaType = "application/octet-stream",
                      schema =
                          @io.swagger.v3.oas.annotations.media.Schema(
                              type = "string",
                              format = "binary"))))
  @PutMapping(path = "/api/uploads/{uploadId}", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, UploadView>> put(
      @CurrentUser AuthenticatedUser user,
      @PathVariable String uploadId,
      @RequestParam(required = false) String name,
      @RequestHeader(name = CHECKSUM_HEADER, required = false) String checksum,
      HttpServletRequest request)
      throws IOException {
    Validator v = new Validator();
    UUID id = v.uuid(uploadId, "uploadId");
    String fileName = FileNames.check(name, v);
    v.require(
        checksum == null || HEX_SHA256.matcher(checksum).matches(),
        CHECKSUM_HEADER,
        "must be 64 hexadecimal digits");
    v.throwIfInvalid();
    if (request.getContentLengthLong() > settings.maxSize) {
      throw new TooLarge(settings.maxSize);
    }
    Path work = Files.createTempDirectory("parley-upload-");
    try {
      Path received = work.resolve("received");
      MessageDigest digest = Digests.sha256();
      long size = receive(request.getInputStream(), received, digest);
      if (size == 0) {
        throw InvalidInputException.of("body", "must not be empty");
      }
      String sha256 = Digests.hex(digest);
      if (checksum != null && !checksum.toLowerCase(Locale.ROOT).equals(sha256)) {
        throw InvalidInputException.of(CHECKSUM_HEADER, "does not match the bytes received");
      }
      Uploads.Stored stored = uploads.receive(user.userId(), id, fileName, received, sha256, work);
      return ResponseEntity.status(stored.created() ? HttpStatus.CREATED : HttpStatus.OK)
          .body(Map.of("upload", UploadView.of(stored.upload(), settings)));
    } finally {
      deleteTree(work);
    }
  }

  @Operation(summary = "Cancel an upload that is not attached to anything")
  @DeleteMapping("/api/uploads/{uploadId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@CurrentUser AuthenticatedUser user, @PathVariable String uploadId)
      throws IOException {
    Validator v = new Validator();
    UUID id = v.uuid(uploadId, "uploadId");
    v.throwIfInvalid();
    uploads.cancel(user.userId(), id);
  }

  @ExceptionHandler(TooLarge.class)
  ResponseEntity<ProblemDetail> tooLarge(TooLarge e) {
    return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", e.getMessage()));
  }

  @ExceptionHandler(LifecycleBarrier.Lagging.class)
  ResponseEntity<ProblemDetail> lagging(LifecycleBarrier.Lagging e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(org.springframework.http.HttpHeaders.RETRY_AFTER, "1")
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "read-models-lagging", e.getMessage()));
  }

  /** Copies the body to {@code target}, hashing it; over the limit it stops with 413. */
  private long receive(InputStream in, Path target, MessageDigest digest) throws IOException {
    long total = 0;
    byte[] buffer = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(target)) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        total += n;
        if (total > settings.maxSize) {
          throw new TooLarge(settings.maxSize);
        }
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    }
    return total;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
