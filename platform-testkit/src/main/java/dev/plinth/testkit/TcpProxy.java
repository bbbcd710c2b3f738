package dev.plinth.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy that can be cut and restored, so that tests can take the database away from
 * a running server without stopping the database itself.
 *
 * <p>While cut, the listening port is closed (new connections are refused) and every open
 * connection is dropped. All threads are daemons.
 */
public final class TcpProxy implements AutoCloseable {

  private final int listenPort;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;

  public TcpProxy(int listenPort, int targetPort) {
    this.listenPort = listenPort;
    this.targetPort = targetPort;
  }

  /** Starts listening, if not already. */
  public synchronized void up() throws IOException {
    if (server != null) {
      return;
    }
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
    server = socket;
    Thread acceptor = new Thread(() -> acceptLoop(socket), "tcp-proxy-accept-" + listenPort);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Stops listening and drops every connection. */
  public synchronized void down() {
    ServerSocket socket = server;
    server = null;
    closeQuietly(socket);
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  public boolean isUp() {
    return server != null;
  }

  public int listenPort() {
    return listenPort;
  }

  @Override
  public void close() {
    down();
  }

  private void acceptLoop(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Socket upstream;
        try {
          upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        } catch (IOException e) {
          closeQuietly(client);
          continue;
        }
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // closed by down()
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // connection ended
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // nothing to do
    }
  }
}
