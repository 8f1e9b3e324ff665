#!/usr/bin/python3
"""Hostile TLS endpoints for dhcputil check's integration test, on one address:
   PORT     sends garbage (an HTTP-ish line), then closes
   PORT+1   accepts and resets the connection (SO_LINGER 0) as the handshake starts
   PORT+2   accepts and never answers (a stalled server)
   PORT+3   TLS with CERT and KEY at OpenSSL security level 0 (a SHA-1 signed, 1024-bit cert),
            which a stock server would refuse to load
Runs until killed; every socket is closed when it exits."""
import selectors
import socket
import ssl
import struct
import sys
import threading

address, base, cert, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]


def serve_weak_tls():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    ctx.load_cert_chain(cert, key)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((address, base + 3))
    s.listen(16)
    while True:
        conn, _ = s.accept()
        conn.settimeout(5)
        try:
            with ctx.wrap_socket(conn, server_side=True) as tls:
                tls.recv(1)
        except (OSError, ssl.SSLError):
            conn.close()


threading.Thread(target=serve_weak_tls, daemon=True).start()
sel = selectors.DefaultSelector()
held = []
for offset in range(3):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((address, base + offset))
    s.listen(16)
    sel.register(s, selectors.EVENT_READ, offset)
print("ready", flush=True)
while True:
    for key, _ in sel.select():
        conn, _ = key.fileobj.accept()
        if key.data == 0:
            conn.recv(4096)
            conn.sendall(b"220 garbage, not TLS \x00\xff\x17\x03\x03\xff\xff\r\n" * 8)
            conn.close()
        elif key.data == 1:
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
        else:
            held.append(conn)  # stall: keep it open, never read or write
            if len(held) > 64:
                held.pop(0).close()
