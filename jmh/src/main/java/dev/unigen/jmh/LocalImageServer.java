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
import java.util.Base64;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny OpenAI-compatible image server on loopback: every HTTP/1.1 request (keep-alive) gets the
 * same {@code 200} Image API answer, {@code created}, one {@code b64_json} PNG and the token
 * {@code usage}, after an optional delay. One non-blocking thread serves every connection, so the
 * server adds one platform thread however many calls are in flight, and its CPU time and
 * allocation can be told apart from the client's by that thread.
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

  private final ServerSocketChannel server;
  private final Selector selector;
  private final Thread thread;
  private final long delayNanos;
  private final PriorityQueue<Due> due = new PriorityQueue<>();
  final AtomicLong requests = new AtomicLong();
  private volatile boolean running = true;

  /** Starts serving on a free loopback port, answering each request {@code delayMillis} after it arrived. */
  LocalImageServer(long delayMillis) throws IOException {
    this.delayNanos = delayMillis * 1_000_000L;
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
   * Argument: the delay before each answer, in milliseconds.
   */
  public static void main(String[] args) throws Exception {
    try (LocalImageServer server = new LocalImageServer(args.length > 0 ? Long.parseLong(args[0]) : 0)) {
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
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        LocalImageServer.class.getName(), Long.toString(delayMillis))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
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
          next.conn.answer();
        }
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
    }
  }

  /** A response due at a time. */
  private static final class Due implements Comparable<Due> {
    final long at;
    final Conn conn;

    Due(long at, Conn conn) {
      this.at = at;
      this.conn = conn;
    }

    @Override
    public int compareTo(Due o) {
      return Long.compare(at - o.at, 0);
    }
  }

  /** One keep-alive connection: reads requests, writes answers in order. */
  private final class Conn {
    final SocketChannel ch;
    SelectionKey key;
    ByteBuffer in = ByteBuffer.allocate(8192);
    final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();

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
      parse();
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
        else due.add(new Due(System.nanoTime() + delayNanos, this));
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
      if (key.isValid()) key.interestOps(SelectionKey.OP_READ);
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
