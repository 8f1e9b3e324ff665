#!/usr/bin/python3
"""A DNS server that never answers: binds UDP and TCP port 53 on the given address, reads and
drops every query (so no ICMP error tells the client either). Runs until killed."""
import socket
import sys
import selectors

address = sys.argv[1]
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind((address, 53))
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
tcp.bind((address, 53))
tcp.listen(16)
sel = selectors.DefaultSelector()
sel.register(udp, selectors.EVENT_READ)
sel.register(tcp, selectors.EVENT_READ)
held = []
print("ready", flush=True)
while True:
    for key, _ in sel.select():
        if key.fileobj is udp:
            udp.recvfrom(4096)
        else:
            held.append(tcp.accept()[0])
            if len(held) > 64:
                held.pop(0).close()
