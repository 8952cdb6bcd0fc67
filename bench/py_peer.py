"""The Python peer of the benchmarks: a long-lived process that runs one measured step per command line.

Commands (one JSON object per stdin line; one JSON answer per stdout line):
  {"cmd": "transport", "target": "127.0.0.1:PORT", "messageBytes": N, "totalBytes": N, "mode": "pb"|"raw"}
      receives the yardstick stream with grpcio as pyspark does (pb: pyspark's generated stub, so each message is
      parsed into ExecutePlanResponse; raw: bytes only, no protobuf) and reports seconds, bytes and CPU seconds.
  {"cmd": "e2e", "remote": "sc://...", "query": "..."}  spark.sql(query).toArrow() with pyspark's Spark Connect client
  {"cmd": "tcp", "port": N, "totalBytes": N}  receives raw bytes from a TCP sender (loopback reference)
  {"cmd": "first", "target": "127.0.0.1:PORT", "query": "..."}  the server's own time to its first Arrow batch: one
      ExecutePlan of the query as a SQL relation over grpcio with pyspark's generated stub, timed from the request
      to the first response carrying an arrow_batch; the call is then cancelled (the server interrupts the query)
  {"cmd": "quit"}
"""
import json
import socket
import sys
import time
import warnings

warnings.simplefilter("ignore")
MIB = 1024 * 1024
_channels = {}
_sessions = {}


def cpu() -> float:
    t = time.process_time()
    return t


def transport(target: str, message_bytes: int, total_bytes: int, mode: str) -> dict:
    import grpc
    from pyspark.sql.connect.proto import base_pb2, base_pb2_grpc

    key = target
    if key not in _channels:
        # pyspark's ChannelBuilder.GRPC_DEFAULT_OPTIONS
        opts = [("grpc.max_send_message_length", 128 * MIB), ("grpc.max_receive_message_length", 128 * MIB)]
        ch = grpc.insecure_channel(target, options=opts)
        _channels[key] = (ch, base_pb2_grpc.SparkConnectServiceStub(ch),
                          ch.unary_stream("/spark.connect.SparkConnectService/ExecutePlan"))
    ch, stub, raw = _channels[key]
    req = base_pb2.ExecutePlanRequest(session_id="00000000-0000-0000-0000-000000000000",
                                      user_context=base_pb2.UserContext(user_id="bench"),
                                      tags=[f"bytes={message_bytes}", f"total={total_bytes}"])
    c0, t0 = cpu(), time.perf_counter()
    n = 0
    got = 0
    first = None
    if mode == "pb":
        for resp in stub.ExecutePlan(req):
            if first is None:
                first = time.perf_counter()
            if resp.HasField("arrow_batch"):
                got += len(resp.arrow_batch.data)
            n += 1
    else:
        for resp in raw(req.SerializeToString()):
            if first is None:
                first = time.perf_counter()
            got += len(resp)
            n += 1
    t1 = time.perf_counter()
    return {"seconds": t1 - t0, "bytes": got, "messages": n, "cpu": cpu() - c0, "firstMs": (first - t0) * 1000}


def e2e(remote: str, query: str) -> dict:
    from pyspark.sql import SparkSession

    if remote not in _sessions:
        _sessions[remote] = SparkSession.builder.remote(remote).getOrCreate()
    spark = _sessions[remote]
    c0, t0 = cpu(), time.perf_counter()
    table = spark.sql(query).toArrow()
    t1 = time.perf_counter()
    return {"seconds": t1 - t0, "rows": table.num_rows, "bytes": table.nbytes, "cpu": cpu() - c0}


def first(target: str, query: str) -> dict:
    import uuid

    import grpc
    from pyspark.sql.connect.proto import base_pb2, base_pb2_grpc, relations_pb2

    if target not in _channels:
        opts = [("grpc.max_send_message_length", 128 * MIB), ("grpc.max_receive_message_length", 128 * MIB)]
        ch = grpc.insecure_channel(target, options=opts)
        _channels[target] = (ch, base_pb2_grpc.SparkConnectServiceStub(ch), None)
    _, stub, _ = _channels[target]
    session = _sessions.setdefault("first:" + target, str(uuid.uuid4()))
    req = base_pb2.ExecutePlanRequest(
        session_id=session, user_context=base_pb2.UserContext(user_id="bench"),
        plan=base_pb2.Plan(root=relations_pb2.Relation(sql=relations_pb2.SQL(query=query))))
    t0 = time.perf_counter()
    call = stub.ExecutePlan(req)
    first_ms = None
    rows = 0
    for resp in call:
        if resp.HasField("arrow_batch"):
            first_ms = (time.perf_counter() - t0) * 1000
            rows = resp.arrow_batch.row_count
            break
    call.cancel()
    if first_ms is None:
        raise RuntimeError("the query sent no Arrow batch")
    return {"firstMs": first_ms, "rows": rows}


def tcp(port: int, total_bytes: int) -> dict:
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * MIB)
    buf = bytearray(4 * MIB)
    view = memoryview(buf)
    got = 0
    t0 = time.perf_counter()
    while True:
        k = s.recv_into(view)
        if k == 0:
            break
        got += k
    t1 = time.perf_counter()
    s.close()
    return {"seconds": t1 - t0, "bytes": got}


def main() -> None:
    print(json.dumps({"ready": True, "python": sys.version.split()[0]}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        msg = json.loads(line)
        try:
            cmd = msg["cmd"]
            if cmd == "quit":
                break
            if cmd == "transport":
                out = transport(msg["target"], msg["messageBytes"], msg["totalBytes"], msg.get("mode", "pb"))
            elif cmd == "e2e":
                out = e2e(msg["remote"], msg["query"])
            elif cmd == "first":
                out = first(msg["target"], msg["query"])
            elif cmd == "tcp":
                out = tcp(msg["port"], msg["totalBytes"])
            else:
                raise ValueError(f"unknown command {cmd}")
            print(json.dumps({"ok": True, **out}), flush=True)
        except Exception as e:  # noqa: BLE001 - reported to the driver
            print(json.dumps({"ok": False, "error": f"{type(e).__name__}: {e}"}), flush=True)
    for s in _sessions.values():
        if not isinstance(s, str):
            s.stop()


if __name__ == "__main__":
    main()
