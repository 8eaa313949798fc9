package io.parley.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.Arrays;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.lang.Nullable;

/**
 * Writes a JSON answer with its {@code Content-Length}, in one piece (docs/adr/0204).
 *
 * <p>Spring's converter streams the JSON and flushes it, which commits the response before its
 * length is known: Tomcat then sends it chunked, in two writes (headers and body, then the closing
 * chunk), and the client reads two segments. An answer of the API is a few hundred bytes to a few
 * tens of kilobytes, so it is serialised into memory first and sent with its length in one write. A
 * body larger than {@link #MAX_BUFFERED} is streamed as before, from the bytes buffered so far.
 */
public final class SizedJsonConverter extends MappingJackson2HttpMessageConverter {
  /** Above this, the answer is streamed (chunked) instead of held in memory. */
  public static final int MAX_BUFFERED = 256 * 1024;

  public SizedJsonConverter(ObjectMapper mapper) {
    super(mapper);
  }

  @Override
  protected void writeInternal(Object object, @Nullable Type type, HttpOutputMessage output)
      throws IOException {
    Sized sized = new Sized(output);
    super.writeInternal(object, type, sized);
    sized.finish();
  }

  /**
   * The response seen through a buffer: its body goes out on {@link #finish()}, or once too big.
   */
  private static final class Sized extends OutputStream implements HttpOutputMessage {
    private final HttpOutputMessage target;
    private byte[] buffer = new byte[1024];
    private int size;
    private OutputStream streaming;

    Sized(HttpOutputMessage target) {
      this.target = target;
    }

    @Override
    public HttpHeaders getHeaders() {
      return target.getHeaders();
    }

    @Override
    public OutputStream getBody() {
      return this;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (streaming != null) {
        streaming.write(bytes, offset, length);
        return;
      }
      if (size + length > MAX_BUFFERED) {
        streaming = target.getBody();
        streaming.write(buffer, 0, size);
        streaming.write(bytes, offset, length);
        buffer = null;
        return;
      }
      if (size + length > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(size + length, Math.min(MAX_BUFFERED, size * 2)));
      }
      System.arraycopy(bytes, offset, buffer, size, length);
      size += length;
    }

    /** The converter flushes after writing; a buffered answer is not sent before it is whole. */
    @Override
    public void flush() throws IOException {
      if (streaming != null) {
        streaming.flush();
      }
    }

    void finish() throws IOException {
      if (streaming == null) {
        target.getHeaders().setContentLength(size);
        target.getBody().write(buffer, 0, size);
      }
    }
  }
}
