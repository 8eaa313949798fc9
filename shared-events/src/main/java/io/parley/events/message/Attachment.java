package io.parley.events.message;

import java.util.UUID;

/**
 * A file as events and views describe it (docs/adr/0140). The bytes live in the file store, never
 * in the event log. {@code attachmentId} is the id the file was uploaded under; {@code sha256} is
 * the lower-case hex digest of the bytes served; {@code width}/{@code height} are set for images;
 * {@code thumbnail} says whether a server-made preview exists.
 */
public record Attachment(
    UUID attachmentId,
    String name,
    String contentType,
    long size,
    String sha256,
    Integer width,
    Integer height,
    boolean thumbnail) {

  /** Whether this is a raster image the browser may show inline. */
  public boolean image() {
    return width != null && height != null;
  }
}
