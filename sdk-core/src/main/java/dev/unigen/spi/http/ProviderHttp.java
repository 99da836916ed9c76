package dev.unigen.spi.http;

import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.OutcomeUnknownException;
import dev.unigen.ProviderFailureException;
import dev.unigen.spi.ProviderSettings;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * The one HTTP exchange every provider uses: it sends a request with the provider's headers,
 * reads the answer within a bound, maps error statuses to the typed exceptions, and closes every
 * response. What a failure means for money is decided here once:
 *
 * <ul>
 *   <li>a failure before the request reached the network is a retryable
 *       {@link ProviderFailureException};
 *   <li>for a {@link #submit}, anything that breaks after the request may have been sent — a lost
 *       connection, a 2xx whose body breaks, is too large, or is not what the decoder expects — is an
 *       {@link OutcomeUnknownException}: the provider may have accepted and billed it, so it is not
 *       re-sent;
 *   <li>for a {@link #read} (a status poll, a result fetch) the same failures are retryable;
 *   <li>an error status goes through the provider's {@link ErrorReader} first, then
 *       {@link HttpErrors#map}; messages are redacted.
 * </ul>
 *
 * <p>Answers are bounded by {@link ProviderSettings#maxAnswerBytes()}. Threadsafe.
 */
public final class ProviderHttp {
  /** How much of an error body is kept for its message. */
  static final long MAX_ERROR_BYTES = 64L << 10;
  private static final MediaType JSON = MediaType.get("application/json");

  private final ProviderSettings settings;
  private final UnaryOperator<Request.Builder> headers;
  private final ErrorReader errors;

  private ProviderHttp(Builder b) {
    settings = b.settings;
    headers = b.headers;
    errors = b.errors;
  }

  /** Returns a builder for the provider that {@code settings} describe. */
  public static Builder builder(ProviderSettings settings) {
    return new Builder(settings);
  }

  /** The provider's settings. */
  public ProviderSettings settings() {
    return settings;
  }

  /** The provider's instance name, as errors name it. */
  public String provider() {
    return settings.name();
  }

  /** A request to {@code path} under the base URL, with the provider's headers. */
  public Request.Builder request(String path) {
    return request(settings.url(path));
  }

  /** A request to {@code url}, with the provider's headers (for URLs the provider handed out). */
  public Request.Builder request(HttpUrl url) {
    return headers.apply(new Request.Builder().url(url));
  }

  /**
   * {@code value} ({@link Json#write}'s maps, lists, strings, numbers and booleans) as a JSON
   * request body.
   *
   * @throws InvalidRequestException if something in it has no JSON form, such as a raw option
   *     Unigen cannot write; thrown before anything is sent
   */
  public RequestBody json(Object value) {
    try {
      return RequestBody.create(Json.write(value), JSON);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(provider(), "cannot send the request: " + e.getMessage());
    }
  }

  /**
   * Sends a request that may cost money if the provider receives it, and decodes a 2xx answer.
   * Never re-sent; see the class description for what each failure becomes.
   */
  public <T> CompletableFuture<T> submit(Request request, Decoder<T> decoder) {
    return exchange(request, decoder, false);
  }

  /** Sends a request that is harmless to repeat (a status poll, a result fetch), and decodes a 2xx answer. */
  public <T> CompletableFuture<T> read(Request request, Decoder<T> decoder) {
    return exchange(request, decoder, true);
  }

  /**
   * Sends an idempotent request whose 2xx body is streamed by the caller (media), who must close
   * the response. An error status is read, mapped and closed here.
   */
  public CompletableFuture<Response> open(Request request) {
    return HttpCalls.send(settings.httpClient(), request, provider(), true).thenApply(response -> {
      if (response.isSuccessful()) return response;
      try (Response r = response) {
        throw error(readError(r, true));
      }
    });
  }

  /** The typed error for a non-2xx {@code answer}: the provider's reading, else the common mapping. */
  public GenerationException error(Answer answer) {
    Optional<GenerationException> own = errors.read(answer);
    if (own.isPresent()) return own.get();
    return HttpErrors.map(provider(), answer.status(), answer.text(), answer.headers(),
        settings.context().redactor(), settings.context().clock());
  }

  private <T> CompletableFuture<T> exchange(Request request, Decoder<T> decoder, boolean idempotent) {
    Objects.requireNonNull(decoder, "decoder");
    return HttpCalls.send(settings.httpClient(), request, provider(), idempotent)
        .thenApply(response -> decode(request, response, decoder, idempotent));
  }

  private <T> T decode(Request request, Response response, Decoder<T> decoder, boolean idempotent) {
    Answer answer;
    try (Response r = response) {
      if (!r.isSuccessful()) throw error(readError(r, idempotent));
      answer = readBounded(r, settings.maxAnswerBytes(), idempotent);
    } catch (AnswerTooLarge e) {
      throw afterSend(request, e.getMessage(), idempotent, response.code(), null);
    } catch (IOException e) {
      throw afterSend(request, "reading the answer failed (" + e.getClass().getSimpleName() + ")", idempotent,
          response.code(), e);
    }
    try {
      return decoder.decode(answer);
    } catch (GenerationException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw afterSend(request, "the " + answer.status() + " answer is not what was expected ("
          + settings.context().redactor().redact(String.valueOf(e.getMessage())) + ")", idempotent, answer.status(), e);
    }
  }

  private GenerationException afterSend(Request request, String why, boolean idempotent, int status, Throwable cause) {
    String what = HttpCalls.what(request);
    if (idempotent) return new ProviderFailureException(provider(), what + ": " + why, status, true, cause);
    return new OutcomeUnknownException(provider(), what + ": " + why
        + "; the provider may have accepted and billed it, so it is not re-sent", cause);
  }

  private static Answer readError(Response r, boolean idempotent) {
    ResponseBody body = r.body();
    try {
      BufferedSource source = body.source();
      boolean more = source.request(MAX_ERROR_BYTES + 1);
      Buffer buffer = new Buffer();
      long n = Math.min(source.getBuffer().size(), MAX_ERROR_BYTES);
      source.getBuffer().copyTo(buffer, 0, n);
      return new Answer(r.code(), r.headers(), body.contentType(), buffer.readByteString(), more, idempotent);
    } catch (IOException e) {
      return new Answer(r.code(), r.headers(), body.contentType(), okio.ByteString.EMPTY, true, idempotent);
    }
  }

  /** Reads the whole body, refusing one over {@code max} bytes without buffering it. */
  static Answer readBounded(Response r, long max, boolean idempotent) throws IOException {
    ResponseBody body = r.body();
    long declared = body.contentLength();
    if (declared > max) {
      throw new AnswerTooLarge("the answer of " + declared + " bytes is over the bound of " + max + " bytes");
    }
    BufferedSource source = body.source();
    if (declared >= 0) {
      // The length is known and within the bound: read exactly that, then make sure nothing follows.
      source.require(declared);
      if (source.request(declared + 1)) throw new AnswerTooLarge("the answer is longer than its declared " + declared + " bytes");
      return new Answer(r.code(), r.headers(), body.contentType(), source.getBuffer().readByteString(declared), false, idempotent);
    }
    if (source.request(max + 1)) {
      throw new AnswerTooLarge("the answer is over the bound of " + max + " bytes");
    }
    source.request(Long.MAX_VALUE);
    return new Answer(r.code(), r.headers(), body.contentType(), source.getBuffer().readByteString(), false, idempotent);
  }

  /** An answer larger than the bound. */
  static final class AnswerTooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    AnswerTooLarge(String message) {
      super(message);
    }
  }

  /** Decodes a 2xx answer into what the provider returns. */
  @FunctionalInterface
  public interface Decoder<T> {
    /**
     * Decodes {@code answer}. Throwing a {@link GenerationException} reports that error as it is;
     * any other exception means the answer was not what was promised.
     */
    T decode(Answer answer) throws IOException;
  }

  /** A provider's own reading of an error answer, before the common status mapping. */
  @FunctionalInterface
  public interface ErrorReader {
    /** Reads no error body of its own: every status gets the common mapping. */
    ErrorReader NONE = answer -> Optional.empty();

    /** The error {@code answer} (a non-2xx status) stands for, or empty for the common mapping. */
    Optional<GenerationException> read(Answer answer);
  }

  /** Builds a {@link ProviderHttp}. Not threadsafe. */
  public static final class Builder {
    private final ProviderSettings settings;
    private UnaryOperator<Request.Builder> headers = UnaryOperator.identity();
    private ErrorReader errors = ErrorReader.NONE;

    private Builder(ProviderSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Adds the provider's headers (its auth header, an API version) to every request. */
    public Builder headers(UnaryOperator<Request.Builder> headers) {
      this.headers = Objects.requireNonNull(headers, "headers");
      return this;
    }

    /** Sends {@code Authorization: Bearer <key>} with every request. */
    public Builder bearerAuth() {
      String value = "Bearer " + settings.apiKey();
      return headers(b -> b.header("Authorization", value));
    }

    /** Reads the provider's error bodies before the common status mapping. */
    public Builder errors(ErrorReader errors) {
      this.errors = Objects.requireNonNull(errors, "errors");
      return this;
    }

    /** Returns the exchange. */
    public ProviderHttp build() {
      return new ProviderHttp(this);
    }
  }
}
