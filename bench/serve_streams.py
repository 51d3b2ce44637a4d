# Live-reload starvation check for `protokol serve`: opens 100 event streams, then asks for 20 pages.
# Usage: protokol serve --root SITE --port 8731 & python3 bench/serve_streams.py 8731
import socket,sys,time
port=int(sys.argv[1])
ss=[]
for i in range(100):
    s=socket.create_connection(("127.0.0.1",port)); s.sendall(b"GET /__protokol/events HTTP/1.1\r\nHost: x\r\n\r\n"); ss.append(s)
ok=0
for i in range(20):
    try:
        c=socket.create_connection(("127.0.0.1",port)); c.settimeout(5); c.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        if c.recv(20).startswith(b"HTTP/1.1 200"): ok+=1
    except Exception as e: pass
got=0
for s in ss:
    s.settimeout(5); buf=b""
    try:
        while b"data:" not in buf:
            d=s.recv(4096)
            if not d: break
            buf+=d
        if b"data:" in buf: got+=1
    except Exception: pass
print(f"pages answered {ok}/20, streams with an event {got}/100")
