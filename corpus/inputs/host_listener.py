# A host process's AF_UNIX server for sock_host: binds host.sock in the current directory, then (in a
# child, so the setup returns) answers one connection with the upper-cased request and exits.
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind("host.sock")
s.listen(1)
if os.fork():
    os._exit(0)
os.setsid()
s.settimeout(60)
try:
    c, _ = s.accept()
    c.sendall(c.recv(100).upper())
    c.close()
except OSError:
    pass
