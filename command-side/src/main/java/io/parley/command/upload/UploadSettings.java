package io.parley.command.upload;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/** The {@code parley.files.*} limits of uploads (docs/configuration.md, section Files). */
@Component
class UploadSettings {
  /** An upload within an hour of its expiry is no longer attachable (docs/adr/0140). */
  private static final Duration ATTACH_MARGIN = Duration.ofHours(1);

  final long maxSize;
  final long quota;
  final Duration orphanTtl;
  final Duration deletedRetention;
  final long maxImagePixels;

  UploadSettings(
      @Value("${parley.files.max-size:25MB}") DataSize maxSize,
      @Value("${parley.files.quota:1GB}") DataSize quota,
      @Value("${parley.files.orphan-ttl:24h}") Duration orphanTtl,
      @Value("${parley.files.deleted-retention:24h}") Duration deletedRetention,
      @Value("${parley.files.max-image-pixels:40000000}") long maxImagePixels) {
    this.maxSize = maxSize.toBytes();
    this.quota = quota.toBytes();
    this.orphanTtl = orphanTtl;
    this.deletedRetention = deletedRetention;
    this.maxImagePixels = maxImagePixels;
  }

  /** The hour of docs/adr/0140, or less when a test or an operator makes the TTLs that short. */
  Duration attachMargin() {
    Duration shortest = orphanTtl.compareTo(deletedRetention) < 0 ? orphanTtl : deletedRetention;
    Duration half = shortest.dividedBy(2);
    return half.compareTo(ATTACH_MARGIN) < 0 ? half : ATTACH_MARGIN;
  }
}
