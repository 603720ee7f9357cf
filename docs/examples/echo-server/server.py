# A tiny TCP echo server that switches keepalive on for each client (SO_KEEPALIVE), as many servers do. Without
# --keepalive, when it probes, how often and how many probes it waits come from the network namespace's
# net.ipv4.tcp_keepalive_* sysctls. With --keepalive N it sets them on each socket itself, derived from N the way
# Redis derives them from its tcp-keepalive: TCP_KEEPIDLE N, TCP_KEEPINTVL max(1, N / 3), TCP_KEEPCNT 3.
import argparse
import socket
import threading

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=9000)
parser.add_argument("--keepalive", type=int, help="seconds of silence before the first probe")
options = parser.parse_args()

def serve(connection):
    with connection:
        while data := connection.recv(4096):
            connection.sendall(data)

listener = socket.create_server(("0.0.0.0", options.port))
print(f"echo server listening on {options.port}", flush=True)
while True:
    connection, _ = listener.accept()
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    if options.keepalive:
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, options.keepalive)
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, max(1, options.keepalive // 3))
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 3)
    threading.Thread(target=serve, args=(connection,), daemon=True).start()
