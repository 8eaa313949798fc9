package io.parley.query.files;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.message.Attachment;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.files.FileKeys;
import io.parley.support.files.FileStore;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/files/{id}} and its {@code /thumbnail} (docs/api.md "Files", docs/adr/0146): the
 * bytes from the {@link FileStore}, for whoever {@link FileAccess} lets through, 404 for everyone
 * else and for bytes that are gone. Every file answer is safe to open in a browser: the detected
 * type with {@code nosniff}, a sandboxing CSP instead of the page's, and {@code inline} only for
 * raster images.
 */
@RestController
class FileController {
  private static final Logger log = LoggerFactory.getLogger(FileController.class);
  static final String SANDBOX = "sandbox; default-src 'none'";

  private final FileAccess access;
  private final ObjectProvider<FileStore> store;

  FileController(FileAccess access, ObjectProvider<FileStore> store) {
    this.access = access;
    this.store = store;
  }

  @GetMapping("/api/files/{attachmentId}")
  void file(
      @CurrentUser AuthenticatedUser user,
      @PathVariable String attachmentId,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    Attachment attachment = access.require(id(attachmentId), user.userId());
    serve(
        FileKeys.original(attachment.attachmentId()),
        attachment.contentType(),
        attachment.name(),
        "\"" + attachment.sha256() + "\"",
        request,
        response);
  }

  @GetMapping("/api/files/{attachmentId}/thumbnail")
  void thumbnail(
      @CurrentUser AuthenticatedUser user,
      @PathVariable String attachmentId,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    Attachment attachment = access.require(id(attachmentId), user.userId());
    if (!attachment.thumbnail()) {
      throw notFound();
    }
    String key = FileKeys.thumbnail(attachment.attachmentId());
    String type = thumbnailType(key);
    serve(
        key,
        type,
        thumbnailName(attachment.name(), type),
        "\"" + attachment.sha256() + "-thumbnail\"",
        request,
        response);
  }

  private void serve(
      String key,
      String contentType,
      String name,
      String etag,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    FileStore files = files();
    long size = files.size(key).orElseThrow(FileController::gone);
    String disposition =
        Dispositions.of(contentType, request.getParameter("download") != null, name);
    if (matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
      fileHeaders(response, disposition, etag);
      response.setStatus(HttpStatus.NOT_MODIFIED.value());
      return;
    }
    Optional<ByteRange> range;
    String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
    try {
      range =
          ifRange == null || ifRange.strip().equals(etag)
              ? ByteRange.parse(request.getHeader(HttpHeaders.RANGE), size)
              : Optional.empty();
    } catch (ByteRange.Unsatisfiable e) {
      fileHeaders(response, disposition, etag);
      response.setStatus(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE.value());
      response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
      response.setContentLength(0);
      return;
    }
    long offset = range.map(ByteRange::first).orElse(0L);
    long length = range.map(ByteRange::length).orElse(size);
    InputStream bytes =
        files.open(key, offset, range.isPresent() ? length : -1).orElseThrow(FileController::gone);
    try (bytes) {
      // Only now: bytes that vanished since size() answer a plain 404 problem.
      fileHeaders(response, disposition, etag);
      response.setContentType(contentType);
      response.setContentLengthLong(length);
      if (range.isPresent()) {
        response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
        response.setHeader(
            HttpHeaders.CONTENT_RANGE,
            "bytes " + range.get().first() + "-" + range.get().last() + "/" + size);
      } else {
        response.setStatus(HttpStatus.OK.value());
      }
      if (!"HEAD".equals(request.getMethod())) {
        OutputStream out = response.getOutputStream();
        bytes.transferTo(out);
        out.flush();
      }
    }
  }

  /** What makes any file safe to open in a browser: it replaces the page's CSP (docs/adr/0146). */
  private static void fileHeaders(HttpServletResponse response, String disposition, String etag) {
    response.setHeader("Content-Security-Policy", SANDBOX);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader(HttpHeaders.CACHE_CONTROL, "private");
    response.setHeader(HttpHeaders.ETAG, etag);
    response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, disposition);
  }

  /** Thumbnails are JPEG, or PNG when the image had transparency: the bytes say which. */
  private String thumbnailType(String key) throws IOException {
    Optional<InputStream> head = files().open(key, 0, 8);
    if (head.isEmpty()) {
      throw gone();
    }
    try (InputStream in = head.get()) {
      byte[] magic = in.readNBytes(8);
      return magic.length >= 4
              && (magic[0] & 0xff) == 0x89
              && magic[1] == 'P'
              && magic[2] == 'N'
              && magic[3] == 'G'
          ? MediaType.IMAGE_PNG_VALUE
          : MediaType.IMAGE_JPEG_VALUE;
    }
  }

  private static String thumbnailName(String name, String type) {
    String base = name == null ? "file" : name;
    int dot = base.lastIndexOf('.');
    if (dot > 0) {
      base = base.substring(0, dot);
    }
    return base + "-thumbnail" + (MediaType.IMAGE_PNG_VALUE.equals(type) ? ".png" : ".jpg");
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.strip();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals("*") || tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private FileStore files() {
    FileStore files = store.getIfAvailable();
    if (files == null) {
      log.warn("No file store configured: files cannot be served");
      throw notFound();
    }
    return files;
  }

  private static UUID id(String attachmentId) {
    Validator v = new Validator();
    UUID id = v.uuid(attachmentId, "attachmentId");
    v.throwIfInvalid();
    return id;
  }

  /** Bytes removed after their retention delay, or never stored: as for an unknown id. */
  private static DomainException gone() {
    return notFound();
  }

  static DomainException notFound() {
    return new DomainException(ErrorCode.NOT_FOUND, "No such file.");
  }
}
