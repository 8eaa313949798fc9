package io.parley.support.files;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Objects in an S3 bucket, on AWS or any S3-compatible service (MinIO, Ceph, Garage…: set the
 * endpoint and, for most of them, path-style access). Keys may carry a prefix, so one bucket can
 * hold several installations.
 */
public class S3FileStore implements FileStore, AutoCloseable {

  /** Where and how to reach the bucket; blank credentials use the AWS default chain. */
  public record Settings(
      String bucket,
      String region,
      String endpoint,
      boolean pathStyle,
      String accessKeyId,
      String secretAccessKey,
      String prefix) {}

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  public S3FileStore(Settings settings) {
    this(client(settings), settings.bucket(), settings.prefix());
  }

  S3FileStore(S3Client s3, String bucket, String prefix) {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("parley.files.s3.bucket is not set");
    }
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix == null || prefix.isBlank() ? "" : StoreKeys.check(prefix) + "/";
  }

  static S3Client client(Settings settings) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(
                Region.of(blankToNull(settings.region()) == null ? "us-east-1" : settings.region()))
            .forcePathStyle(settings.pathStyle())
            .credentialsProvider(credentials(settings));
    if (blankToNull(settings.endpoint()) != null) {
      builder.endpointOverride(URI.create(settings.endpoint()));
    }
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(Settings settings) {
    if (blankToNull(settings.accessKeyId()) != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private String object(String key) {
    return prefix + StoreKeys.check(key);
  }

  @Override
  public void put(String key, Path source, String contentType) throws IOException {
    String object = object(key);
    try {
      s3.putObject(
          request ->
              request
                  .bucket(bucket)
                  .key(object)
                  .contentType(contentType == null ? "application/octet-stream" : contentType),
          RequestBody.fromFile(source));
    } catch (SdkException e) {
      throw new IOException("S3 put of " + object + " failed", e);
    }
  }

  @Override
  public Optional<Long> size(String key) throws IOException {
    String object = object(key);
    try {
      return Optional.of(
          s3.headObject(request -> request.bucket(bucket).key(object)).contentLength());
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw new IOException("S3 head of " + object + " failed", e);
    } catch (SdkException e) {
      throw new IOException("S3 head of " + object + " failed", e);
    }
  }

  @Override
  public Optional<InputStream> open(String key, long offset, long length) throws IOException {
    StoreKeys.checkRange(offset, length);
    String object = object(key);
    if (length == 0 || offset > 0) {
      // An empty range cannot be asked of S3, and one past the end is a 416: answer both here.
      Optional<Long> size = size(key);
      if (size.isEmpty()) {
        return Optional.empty();
      }
      if (length == 0 || offset >= size.get()) {
        return Optional.of(InputStream.nullInputStream());
      }
    }
    String range =
        length < 0 ? "bytes=" + offset + "-" : "bytes=" + offset + "-" + (offset + length - 1);
    try {
      return Optional.of(s3.getObject(request -> request.bucket(bucket).key(object).range(range)));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      if (e.statusCode() == 416) {
        return Optional.of(InputStream.nullInputStream());
      }
      throw new IOException("S3 get of " + object + " failed", e);
    } catch (SdkException e) {
      throw new IOException("S3 get of " + object + " failed", e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    String object = object(key);
    try {
      s3.deleteObject(request -> request.bucket(bucket).key(object));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw new IOException("S3 delete of " + object + " failed", e);
      }
    } catch (SdkException e) {
      throw new IOException("S3 delete of " + object + " failed", e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }
}
