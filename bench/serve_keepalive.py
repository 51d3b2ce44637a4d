# Keep-alive latency of `protokol serve`: 12 GETs on one connection, each request sent in one write.
# Usage: protokol serve --root SITE --port 8731 & python3 bench/serve_keepalive.py 8731   (prints ms per request)
import socket,time,sys
port=int(sys.argv[1])
s=socket.create_connection(("127.0.0.1",port))
f=s.makefile('rb')
res=[]
for p in ["/","/static/style.css","/moeder/2021-05-21-kd-net/","/static/soeg.js"]*3:
    t=time.perf_counter()
    s.sendall(f"GET {p} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    n=0
    while True:
        l=f.readline()
        if l.lower().startswith(b"content-length:"): n=int(l.split(b":")[1])
        if l==b"\r\n": break
    f.read(n)
    res.append((time.perf_counter()-t)*1000)
print(" ".join(f"{x:.2f}" for x in res),"ms")
