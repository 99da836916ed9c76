package dev.unigen.provider.openai;

import dev.unigen.GenerationException;
import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.catalog.Catalog;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.spi.Provider;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import dev.unigen.spi.ProviderOutput;
import dev.unigen.spi.Submission;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OpenAI's Image API for the GPT Image models: text-to-image through
 * {@code POST /images/generations}, and image-to-image, inpainting (with a mask) and
 * multi-reference generation (up to 16 input images) through {@code POST /images/edits}. Every
 * call answers at once with base64 images, which become assets holding their bytes.
 *
 * <p>The actual cost is computed from the token {@code usage} of each answer (text and image
 * input tokens, image output tokens) multiplied by the offer's rate card; OpenAI reports tokens,
 * not money.
 *
 * <pre>{@code
 * try (Generator gen = Generator.builder()
 *     .provider(ctx -> OpenAiProvider.builder().build(ctx))   // reads OPENAI_API_KEY
 *     .build()) {
 *   Generation g = gen.image("gpt-image-2").prompt("a red bicycle in the rain")
 *       .size(1536, 1024).quality("medium").generate();
 * }
 * }</pre>
 *
 * <p>This class is threadsafe; its builder is not.
 */
public final class OpenAiProvider implements Provider {
  /** The provider's name in catalogs. */
  public static final String NAME = "openai";
  /** The variable the official clients read the API key from. */
  public static final String KEY_VARIABLE = "OPENAI_API_KEY";
  /** The variable the official clients read the organization id from; sent as {@code OpenAI-Organization}. */
  public static final String ORGANIZATION_VARIABLE = "OPENAI_ORG_ID";
  /** The variable the official clients read the project id from; sent as {@code OpenAI-Project}. */
  public static final String PROJECT_VARIABLE = "OPENAI_PROJECT_ID";
  /** The API's base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  /** How long one call may take by default; complex prompts can take two minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

  private final String name;
  private final Catalog catalog;
  private final ProviderContext context;
  private final OkHttpClient client;
  private final String baseUrl;
  private final Headers headers;

  private OpenAiProvider(String name, ProviderContext context, String apiKey, String organization, String project,
      String baseUrl, Duration timeout) {
    this.name = name;
    this.context = context;
    this.baseUrl = baseUrl;
    this.headers = ImageCall.headers(apiKey, organization, project);
    Catalog bundled = Bundled.CATALOG;
    this.catalog = name.equals(NAME) ? bundled : bundled.withProvider(name);
    this.client = context.httpClient().newBuilder().readTimeout(timeout).writeTimeout(timeout).build();
  }

  /** Returns a builder for a provider named {@value #NAME} that reads its key from {@value #KEY_VARIABLE}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The name given to the builder, {@value #NAME} by default; every offer in {@link #catalog()} carries it. */
  @Override
  public String name() {
    return name;
  }

  /** The GPT Image offers this module ships, under this provider's name. */
  @Override
  public Catalog catalog() {
    return catalog;
  }

  /** The base URL requests go to, without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * Sends {@code call} to {@code /images/generations} or {@code /images/edits} and completes
   * with the images. Fails with {@link dev.unigen.InvalidRequestException} before sending for a
   * value the API cannot take, with a non-retryable {@link ProviderFailureException} for a model
   * OpenAI has shut down, and otherwise with the typed error of OpenAI's answer.
   */
  @Override
  public CompletableFuture<Submission> submit(ProviderCall call) {
    Objects.requireNonNull(call, "call");
    ImageCall image;
    try {
      LocalDate today = LocalDate.ofInstant(context.clock().instant(), ZoneOffset.UTC);
      Optional<String> retired = Lifecycle.shutDown(call.endpoint(), today);
      if (retired.isPresent()) throw new ProviderFailureException(name, retired.get());
      image = ImageCall.of(name, call);
    } catch (GenerationException e) {
      return CompletableFuture.failedFuture(e);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new InvalidRequestException(name, context.redactor().redact(e.getMessage())));
    }
    Request request = new Request.Builder().url(baseUrl + image.path).headers(headers).post(image.body).build();
    return HttpCalls.send(client, request, name, false).thenApply(response -> answer(image, response));
  }

  private Submission answer(ImageCall call, Response response) {
    try (Response r = response) {
      String body = r.body().string();
      if (!r.isSuccessful()) {
        throw OpenAiErrors.map(name, r.code(), body, r.headers(), context.redactor(), context.clock());
      }
      ProviderOutput output = ImageOutputs.read(name, call, r.code(), body, r.header("x-request-id"), context.redactor());
      return Submission.completed(output);
    } catch (IOException e) {
      throw new ProviderFailureException(name, context.redactor().redact("reading the answer failed: " + e), 0, false, e);
    }
  }

  /** Returns the name and base URL; never the key. */
  @Override
  public String toString() {
    return "OpenAiProvider(" + name + " " + baseUrl + ")";
  }

  /** The catalog shipped in this module, read once. */
  private static final class Bundled {
    static final Catalog CATALOG = Catalog.ofModule(OpenAiProvider.class);
  }

  /** Builds an {@link OpenAiProvider}. Not threadsafe. */
  public static final class Builder {
    private String name = NAME;
    private String apiKey;
    private String organization;
    private String project;
    private String baseUrl;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder() {}

    /**
     * Names the provider, for a second OpenAI account beside the first (for example
     * {@code openai-backup}); its base URL override is then {@code UNIGEN_OPENAI_BACKUP_BASE_URL}.
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Sets the API key instead of reading {@value #KEY_VARIABLE}; it is registered with the redactor. */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /** Sets the organization sent as {@code OpenAI-Organization}, instead of reading {@value #ORGANIZATION_VARIABLE}. */
    public Builder organization(String organization) {
      this.organization = Objects.requireNonNull(organization, "organization");
      return this;
    }

    /** Sets the project sent as {@code OpenAI-Project}, instead of reading {@value #PROJECT_VARIABLE}. */
    public Builder project(String project) {
      this.project = Objects.requireNonNull(project, "project");
      return this;
    }

    /** Sets the base URL instead of {@code UNIGEN_OPENAI_BASE_URL} or {@value #DEFAULT_BASE_URL}. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /**
     * Sets how long reading an answer (and writing an upload) may take, {@link #DEFAULT_TIMEOUT}
     * by default.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive: " + timeout);
      this.timeout = timeout;
      return this;
    }

    /**
     * Returns the provider, using {@code context}'s HTTP client, clock and redactor.
     *
     * @throws IllegalStateException if no key was given and {@value #KEY_VARIABLE} is not set
     * @throws IllegalArgumentException if the name is not a valid provider name
     */
    public OpenAiProvider build(ProviderContext context) {
      Objects.requireNonNull(context, "context");
      String key = context.apiKey(apiKey, List.of(KEY_VARIABLE), "OpenAI API key");
      String org = organization != null ? organization : context.env(ORGANIZATION_VARIABLE).orElse(null);
      String proj = project != null ? project : context.env(PROJECT_VARIABLE).orElse(null);
      String url = baseUrl != null ? stripSlash(baseUrl) : context.baseUrl(name, DEFAULT_BASE_URL);
      return new OpenAiProvider(name, context, key, org, proj, url, timeout);
    }

    private static String stripSlash(String url) {
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
  }
}
