# A tiny TCP echo server that only switches keepalive on (SO_KEEPALIVE), as many servers do: how often it
# probes, and how many probes it waits, come from the network namespace's net.ipv4.tcp_keepalive_* sysctls.
import socket
import threading

def serve(connection):
    with connection:
        while data := connection.recv(4096):
            connection.sendall(data)

listener = socket.create_server(("0.0.0.0", 9000))
print("echo server listening on 9000", flush=True)
while True:
    connection, _ = listener.accept()
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    threading.Thread(target=serve, args=(connection,), daemon=True).start()
