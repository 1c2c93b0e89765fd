# A host process's TCP client for sock_serve: waits (in a child, so the setup returns) for the port the
# guest server writes to port.txt, sends a line, writes the reply to reply.txt, then closes.
import os, socket, time
if os.fork():
    os._exit(0)
os.setsid()
for _ in range(600):
    try:
        port = int(open("port.txt").read())
        break
    except (OSError, ValueError):
        time.sleep(0.05)
else:
    os._exit(1)
c = socket.create_connection(("127.0.0.1", port), timeout=30)
c.sendall(b"native client\n")
reply = b""
while not reply.endswith(b"\n"):
    chunk = c.recv(100)
    if not chunk:
        break
    reply += chunk
open("reply.txt.tmp", "wb").write(reply)
os.rename("reply.txt.tmp", "reply.txt")
c.close()
