# AF_UNIX socketpair, a threaded TCP server on a loopback port 0 and a client waiting in epoll (selectors)
import socket, selectors, threading, socketserver
a, b = socket.socketpair(); a.sendall(b"pair"); print(b.recv(10))
sel = selectors.DefaultSelector(); print(type(sel).__name__)
class H(socketserver.StreamRequestHandler):
    def handle(self): self.wfile.write(self.rfile.readline().upper())
srv = socketserver.ThreadingTCPServer(("127.0.0.1", 0), H)
threading.Thread(target=srv.serve_forever, daemon=True).start()
c = socket.create_connection(srv.server_address); c.sendall(b"tcp echo\n")
sel.register(c, selectors.EVENT_READ); print(len(sel.select(5)), c.recv(100))
srv.shutdown(); srv.server_close()
