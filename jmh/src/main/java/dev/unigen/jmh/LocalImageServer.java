package dev.unigen.jmh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny OpenAI-compatible image server on loopback: every HTTP/1.1 request (keep-alive) gets the
 * same {@code 200} Image API answer, {@code created}, one {@code b64_json} PNG and the token
 * {@code usage}, after an optional delay. One non-blocking thread serves every connection, so the
 * server adds one platform thread however many calls are in flight, and its CPU time and
 * allocation can be told apart from the client's by that thread.
 *
 * <p>In HTTP/2 mode it speaks cleartext HTTP/2 with prior knowledge (RFC 9113 §3.3) instead: each
 * connection carries any number of concurrent streams, as calls to a real provider over TLS do,
 * and the answers keep to the client's flow-control windows. It reads frames but not the request
 * headers' HPACK, since every request gets the same answer.
 */
public final class LocalImageServer implements AutoCloseable {
  /** A 1×1 PNG. */
  static final byte[] PNG = Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

  static final String BODY = "{\"created\":1713833628,\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(PNG)
      + "\"}],\"background\":\"opaque\",\"output_format\":\"png\",\"size\":\"1024x1024\",\"quality\":\"low\","
      + "\"usage\":{\"total_tokens\":282,\"input_tokens\":10,\"output_tokens\":272,"
      + "\"input_tokens_details\":{\"text_tokens\":10,\"image_tokens\":0}}}";

  private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
      + BODY.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + BODY).getBytes(StandardCharsets.UTF_8);

  private static final byte[] BODY_BYTES = BODY.getBytes(StandardCharsets.UTF_8);
  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7,
      WINDOW_UPDATE = 8, CONTINUATION = 9;
  private static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4;
  private static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4, SETTINGS_MAX_FRAME_SIZE = 0x5;
  /** What the server lets each stream and the connection receive: far more than any request body. */
  private static final int RECEIVE_WINDOW = 1 << 30;
  /** The HPACK block of every answer's HEADERS frame. */
  private static final byte[] H2_HEADERS = answerHeaders();

  private final ServerSocketChannel server;
  private final Selector selector;
  private final Thread thread;
  private final long delayNanos;
  private final boolean h2;
  private final PriorityQueue<Due> due = new PriorityQueue<>();
  /** HTTP/2 connections with frames written since their last flush. */
  private final List<Conn> touched = new ArrayList<>();
  final AtomicLong requests = new AtomicLong();
  private volatile boolean running = true;

  /** Starts serving HTTP/1.1 on a free loopback port, answering each request {@code delayMillis} after it arrived. */
  LocalImageServer(long delayMillis) throws IOException {
    this(delayMillis, false);
  }

  /**
   * Starts serving on a free loopback port, answering each request {@code delayMillis} after it
   * arrived; in cleartext HTTP/2 with prior knowledge if {@code h2}, else in HTTP/1.1.
   */
  LocalImageServer(long delayMillis, boolean h2) throws IOException {
    this.delayNanos = delayMillis * 1_000_000L;
    this.h2 = h2;
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20_000);
    server.configureBlocking(false);
    selector = Selector.open();
    server.register(selector, SelectionKey.OP_ACCEPT);
    thread = new Thread(this::loop, "local-image-server");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Serves in a process of its own, for harnesses whose figures must not include the server:
   * prints the base URL on one line, then serves until its standard input closes.
   * Arguments: the delay before each answer, in milliseconds, then {@code h2} for cleartext
   * HTTP/2 with prior knowledge instead of HTTP/1.1.
   */
  public static void main(String[] args) throws Exception {
    long delay = args.length > 0 ? Long.parseLong(args[0]) : 0;
    boolean h2 = args.length > 1 && args[1].equals("h2");
    try (LocalImageServer server = new LocalImageServer(delay, h2)) {
      System.out.println(server.url());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the parent closes the pipe
      }
    }
  }

  /**
   * Starts {@link #main} in a child JVM answering after {@code delayMillis}; returns the process,
   * whose first line of output is the base URL. Closing its standard input stops it.
   */
  static Process inChildProcess(long delayMillis) throws IOException {
    return inChildProcess(delayMillis, false);
  }

  /** As {@link #inChildProcess(long)}, speaking cleartext HTTP/2 with prior knowledge if {@code h2}. */
  static Process inChildProcess(long delayMillis, boolean h2) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        LocalImageServer.class.getName(), Long.toString(delayMillis)));
    if (h2) command.add("h2");
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /** The base URL, such as {@code http://127.0.0.1:41234}. */
  String url() {
    InetSocketAddress a = (InetSocketAddress) server.socket().getLocalSocketAddress();
    return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /** The server thread, whose CPU time and allocation are the server's. */
  Thread thread() {
    return thread;
  }

  @Override
  public void close() throws IOException {
    running = false;
    selector.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SelectionKey k : selector.keys()) k.channel().close();
    selector.close();
  }

  private void loop() {
    try {
      while (running) {
        long wait = 0;
        Due next = due.peek();
        if (next != null) wait = Math.max(1, (next.at - System.nanoTime()) / 1_000_000);
        if (next != null && next.at - System.nanoTime() <= 0) selector.selectNow();
        else selector.select(wait);
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey k = it.next();
          it.remove();
          if (!k.isValid()) continue;
          if (k.isAcceptable()) accept();
          else {
            Conn c = (Conn) k.attachment();
            if (k.isReadable()) c.read();
            if (k.isValid() && k.isWritable()) c.flush();
          }
        }
        long now = System.nanoTime();
        while ((next = due.peek()) != null && next.at - now <= 0) {
          due.poll();
          if (h2) next.conn.answer(next.stream);
          else next.conn.answer();
        }
        // many answers fall due together: one write for all of a connection's frames
        for (Conn c : touched) c.commit();
        touched.clear();
      }
    } catch (IOException e) {
      if (running) throw new java.io.UncheckedIOException(e);
    }
  }

  private void accept() throws IOException {
    SocketChannel ch;
    while ((ch = server.accept()) != null) {
      ch.configureBlocking(false);
      ch.socket().setTcpNoDelay(true);
      Conn c = new Conn(ch);
      c.key = ch.register(selector, SelectionKey.OP_READ, c);
      if (h2) c.start();
    }
  }

  /** A response due at a time, on an HTTP/2 stream or (stream 0) the next on an HTTP/1.1 connection. */
  private static final class Due implements Comparable<Due> {
    final long at;
    final Conn conn;
    final int stream;

    Due(long at, Conn conn, int stream) {
      this.at = at;
      this.conn = conn;
      this.stream = stream;
    }

    @Override
    public int compareTo(Due o) {
      return Long.compare(at - o.at, 0);
    }
  }

  /**
   * The HPACK block {@code :status: 200}, {@code content-type: application/json} and
   * {@code content-length}: the status from the static table, the others as literals without
   * indexing of a static-table name, so the client's dynamic table is left alone.
   */
  private static byte[] answerHeaders() {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    b.write(0x88); // indexed field 8, :status 200
    literal(b, 31, "application/json");
    literal(b, 28, Integer.toString(BODY_BYTES.length));
    return b.toByteArray();
  }

  /** A literal field without indexing whose name is static entry {@code index}, its value not Huffman-coded. */
  private static void literal(java.io.ByteArrayOutputStream b, int index, String value) {
    integer(b, 0x00, 4, index);
    byte[] v = value.getBytes(StandardCharsets.US_ASCII);
    integer(b, 0x00, 7, v.length); // high bit clear: raw octets
    b.write(v, 0, v.length);
  }

  /** An HPACK integer (RFC 7541 §5.1) in an {@code prefix}-bit prefix after the bits {@code first}. */
  private static void integer(java.io.ByteArrayOutputStream b, int first, int prefix, int value) {
    int max = (1 << prefix) - 1;
    if (value < max) {
      b.write(first | value);
      return;
    }
    b.write(first | max);
    value -= max;
    while (value >= 128) {
      b.write((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    b.write(value);
  }

  /** An HTTP/2 stream: its request until END_STREAM, then its answer until the body is sent. */
  private static final class Stream {
    final int id;
    long sendWindow;
    boolean headersDone;
    boolean endStream;
    boolean due;
    /** Body bytes sent, or -1 before the answer is due. */
    int sent = -1;

    Stream(int id, long sendWindow) {
      this.id = id;
      this.sendWindow = sendWindow;
    }
  }

  /** One keep-alive connection: reads requests, writes answers in order (HTTP/1.1) or by stream (HTTP/2). */
  private final class Conn {
    final SocketChannel ch;
    SelectionKey key;
    ByteBuffer in = ByteBuffer.allocate(h2 ? 65536 : 8192);
    final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();

    // HTTP/2 state
    final Map<Integer, Stream> streams = new HashMap<>();
    /** Streams whose answer waits for a send window to open, in the order they fell due. */
    final ArrayDeque<Stream> held = new ArrayDeque<>();
    boolean prefaceRead;
    /** The stream whose header block goes on in CONTINUATION frames, or null. */
    Stream continuing;
    long sendWindow = 65_535;
    int initialStreamWindow = 65_535;
    int maxFrame = 16_384;
    /** Bytes received since the connection's receive window was last raised. */
    long received;
    boolean goingAway;
    /** Frames written since the last commit. */
    ByteBuffer frames;
    boolean isTouched;

    Conn(SocketChannel ch) {
      this.ch = ch;
    }

    void read() throws IOException {
      int n;
      try {
        n = ch.read(in);
      } catch (IOException e) {
        close();
        return;
      }
      if (n < 0) {
        close();
        return;
      }
      if (h2) {
        frames();
        commit();
      } else {
        parse();
      }
    }

    /** Takes every whole request (headers and Content-Length body) from the buffer. */
    void parse() {
      while (true) {
        int end = headersEnd();
        if (end < 0) {
          if (!in.hasRemaining()) grow();
          return;
        }
        int length = contentLength(end);
        int total = end + 4 + length;
        if (in.position() < total) {
          if (total > in.capacity()) grow(total);
          return;
        }
        // drop the request from the buffer
        in.flip();
        in.position(total);
        in.compact();
        requests.incrementAndGet();
        if (delayNanos == 0) answer();
        else due.add(new Due(System.nanoTime() + delayNanos, this, 0));
      }
    }

    int headersEnd() {
      byte[] a = in.array();
      for (int i = 3; i < in.position(); i++) {
        if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') return i - 3;
      }
      return -1;
    }

    int contentLength(int end) {
      String head = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1);
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
          return Integer.parseInt(line.substring(colon + 1).trim());
        }
      }
      return 0;
    }

    void grow() {
      grow(in.capacity() * 2);
    }

    void grow(int size) {
      ByteBuffer b = ByteBuffer.allocate(Math.max(size, in.capacity() * 2));
      in.flip();
      b.put(in);
      in = b;
    }

    void answer() {
      if (!ch.isOpen()) return;
      out.add(ByteBuffer.wrap(RESPONSE));
      try {
        flush();
      } catch (IOException e) {
        close();
      }
    }

    void flush() throws IOException {
      while (!out.isEmpty()) {
        ByteBuffer b = out.peek();
        ch.write(b);
        if (b.hasRemaining()) {
          key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
          return;
        }
        out.poll();
      }
      if (goingAway && streams.isEmpty()) {
        close();
        return;
      }
      if (key.isValid()) key.interestOps(SelectionKey.OP_READ);
    }

    /** The server's connection preface: its SETTINGS, and a window big enough for thousands of request bodies. */
    void start() {
      frame(6, SETTINGS, 0, 0);
      frames.putShort((short) SETTINGS_INITIAL_WINDOW_SIZE).putInt(RECEIVE_WINDOW);
      frame(4, WINDOW_UPDATE, 0, 0);
      frames.putInt(RECEIVE_WINDOW);
      commit();
    }

    /** Handles every whole frame in the buffer (after the client's preface). */
    void frames() {
      in.flip();
      if (!prefaceRead) {
        if (in.remaining() < PREFACE.length) {
          in.compact();
          return;
        }
        for (byte b : PREFACE) {
          if (in.get() != b) {
            close();
            return;
          }
        }
        prefaceRead = true;
      }
      while (in.remaining() >= 9 && ch.isOpen()) {
        int start = in.position();
        int length = (in.get(start) & 0xff) << 16 | (in.get(start + 1) & 0xff) << 8 | (in.get(start + 2) & 0xff);
        if (in.remaining() < 9 + length) {
          if (9 + length > in.capacity()) {
            in.compact();
            grow(9 + length);
            return;
          }
          break;
        }
        int type = in.get(start + 3) & 0xff;
        int flags = in.get(start + 4) & 0xff;
        int stream = in.getInt(start + 5) & 0x7fff_ffff;
        handle(type, flags, stream, start + 9, length);
        in.position(start + 9 + length);
      }
      in.compact();
    }

    /** One frame whose payload is {@code in[at, at + length)}. */
    void handle(int type, int flags, int id, int at, int length) {
      switch (type) {
        case DATA -> {
          // flow control counts the whole payload, padding included
          received += length;
          if (received >= RECEIVE_WINDOW / 2) {
            frame(4, WINDOW_UPDATE, 0, 0);
            frames.putInt((int) received);
            received = 0;
          }
          Stream s = streams.get(id);
          if (s != null && (flags & END_STREAM) != 0) {
            s.endStream = true;
            requested(s);
          }
        }
        case HEADERS, CONTINUATION -> {
          Stream s = type == CONTINUATION ? continuing : streams.get(id);
          if (s == null && type == HEADERS) {
            s = new Stream(id, initialStreamWindow);
            streams.put(id, s);
          }
          if (s == null) return;
          // PADDED and PRIORITY only shape the header block, which is not decoded
          if (type == HEADERS && (flags & END_STREAM) != 0) s.endStream = true;
          if ((flags & END_HEADERS) != 0) {
            s.headersDone = true;
            continuing = null;
            requested(s);
          } else {
            s.headersDone = false;
            continuing = s;
          }
        }
        case RST_STREAM -> {
          Stream s = streams.remove(id);
          if (s != null) held.remove(s);
        }
        case SETTINGS -> {
          if ((flags & ACK) != 0) return;
          for (int i = at; i + 6 <= at + length; i += 6) {
            int setting = in.getShort(i) & 0xffff;
            int value = in.getInt(i + 2);
            if (setting == SETTINGS_INITIAL_WINDOW_SIZE) {
              // a new initial window shifts every open stream's window by the difference
              int delta = value - initialStreamWindow;
              initialStreamWindow = value;
              for (Stream s : streams.values()) s.sendWindow += delta;
            } else if (setting == SETTINGS_MAX_FRAME_SIZE) {
              maxFrame = value;
            }
          }
          frame(0, SETTINGS, ACK, 0);
          sendHeld();
        }
        case PING -> {
          if ((flags & ACK) != 0 || length != 8) return;
          frame(8, PING, ACK, 0);
          for (int i = 0; i < 8; i++) frames.put(in.get(at + i));
        }
        case GOAWAY -> goingAway = true;
        case WINDOW_UPDATE -> {
          if (length != 4) return;
          int increment = in.getInt(at) & 0x7fff_ffff;
          if (id == 0) {
            sendWindow += increment;
          } else {
            Stream s = streams.get(id);
            if (s == null) return;
            s.sendWindow += increment;
          }
          sendHeld();
        }
        default -> {
          // PRIORITY, PUSH_PROMISE and unknown types change nothing here
        }
      }
    }

    /** Schedules the answer once the stream's request is whole: header block ended and END_STREAM seen. */
    void requested(Stream s) {
      if (!s.headersDone || !s.endStream || s.due) return;
      s.due = true;
      requests.incrementAndGet();
      if (delayNanos == 0) answer(s.id);
      else due.add(new Due(System.nanoTime() + delayNanos, this, s.id));
    }

    /** Writes the answer on stream {@code id}, unless the client has reset it. */
    void answer(int id) {
      Stream s = streams.get(id);
      if (s == null || !ch.isOpen()) return;
      frame(H2_HEADERS.length, HEADERS, END_HEADERS, id);
      frames.put(H2_HEADERS);
      s.sent = 0;
      if (!send(s)) held.add(s);
      if (!isTouched) {
        isTouched = true;
        touched.add(this);
      }
    }

    /** Sends as much of the body as the windows allow; true once all of it is sent. */
    boolean send(Stream s) {
      while (true) {
        int n = (int) Math.min(Math.min(BODY_BYTES.length - s.sent, maxFrame), Math.min(sendWindow, s.sendWindow));
        if (n <= 0) return false;
        boolean last = s.sent + n == BODY_BYTES.length;
        frame(n, DATA, last ? END_STREAM : 0, s.id);
        frames.put(BODY_BYTES, s.sent, n);
        s.sent += n;
        sendWindow -= n;
        s.sendWindow -= n;
        if (last) {
          streams.remove(s.id);
          return true;
        }
      }
    }

    /** Sends held answers whose windows have opened, oldest first. */
    void sendHeld() {
      for (Iterator<Stream> it = held.iterator(); it.hasNext() && sendWindow > 0; ) {
        if (send(it.next())) it.remove();
      }
    }

    /** Writes a frame header, making room for it and its payload. */
    void frame(int length, int type, int flags, int id) {
      int need = 9 + length;
      if (frames == null) {
        frames = ByteBuffer.allocate(Math.max(16_384, need));
      } else if (frames.remaining() < need) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(frames.capacity() * 2, frames.position() + need));
        frames.flip();
        b.put(frames);
        frames = b;
      }
      frames.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length)
          .put((byte) type).put((byte) flags).putInt(id);
    }

    /** Queues the frames written so far and writes what the socket takes. */
    void commit() {
      isTouched = false;
      if (frames != null && frames.position() > 0) {
        frames.flip();
        out.add(frames);
        frames = null;
      }
      if (!ch.isOpen()) return;
      try {
        flush();
      } catch (IOException e) {
        close();
      }
    }

    void close() {
      try {
        key.cancel();
        ch.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }
}
