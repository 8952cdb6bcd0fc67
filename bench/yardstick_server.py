"""Yardstick for figure 1: a grpcio (C-core) server implementing /spark.connect.SparkConnectService/ExecutePlan that
streams pre-built ExecutePlanResponse messages carrying Arrow IPC payloads, so every client receives byte-identical
streams. The messages are serialized once, at start-up, with pyspark's own generated protobuf classes; each call
just hands the same bytes objects to gRPC (no per-call protobuf or Arrow work on the server side).

Per call, tags of the ExecutePlanRequest choose the stream (any client can send them):
  bytes=N   Arrow payload per message (default 1 MiB)
  total=N   Arrow bytes in the whole stream (default 1 GiB)
Prints "PORT=<port>" on stdout once it serves; stops on stdin EOF or SIGTERM.
"""
import io
import os
import sys
import threading
import uuid
from concurrent import futures

import grpc
import pyarrow as pa
from pyspark.sql.connect.proto import base_pb2

MIB = 1024 * 1024
DISTINCT = 8  # distinct messages per size (distinct response ids and row offsets), cycled


def arrow_payload(target_bytes: int, seed: int) -> tuple[bytes, int]:
    """One Arrow IPC stream (schema + one record batch) of about target_bytes, as Spark Connect sends it."""
    row_bytes = 4 * 8 + 4 * 8 + 2 * 4  # 4 int64, 4 float64, 2 int32
    rows = max(1, (target_bytes - 1024) // row_bytes)
    base = seed * rows
    cols = {}
    ids = pa.array(range(base, base + rows), pa.int64())
    for i in range(4):
        cols[f"l{i}"] = pa.compute.multiply(ids, i + 1)
    for i in range(4):
        cols[f"d{i}"] = pa.compute.divide(pa.compute.cast(ids, pa.float64()), float(i + 3))
    for i in range(2):
        cols[f"i{i}"] = pa.compute.cast(pa.compute.bit_wise_and(ids, 0x7FFFFFF), pa.int32())
    batch = pa.RecordBatch.from_pydict(cols)
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    return sink.getvalue(), rows


class Streams:
    def __init__(self) -> None:
        self.session_id = str(uuid.uuid4())
        self.server_session_id = str(uuid.uuid4())
        self.cache: dict[int, list[bytes]] = {}
        self.lock = threading.Lock()

    def messages(self, size: int) -> list[bytes]:
        with self.lock:
            if size not in self.cache:
                op = str(uuid.uuid4())
                out = []
                for k in range(DISTINCT):
                    data, rows = arrow_payload(size, k)
                    msg = base_pb2.ExecutePlanResponse(
                        session_id=self.session_id, server_side_session_id=self.server_session_id,
                        operation_id=op, response_id=str(uuid.uuid4()),
                        arrow_batch=base_pb2.ExecutePlanResponse.ArrowBatch(row_count=rows, data=data, start_offset=k * rows),
                    )
                    out.append(msg.SerializeToString())
                self.cache[size] = out
            return self.cache[size]

    def complete(self) -> bytes:
        return base_pb2.ExecutePlanResponse(
            session_id=self.session_id, server_side_session_id=self.server_session_id, response_id=str(uuid.uuid4()),
            result_complete=base_pb2.ExecutePlanResponse.ResultComplete(),
        ).SerializeToString()


STREAMS = Streams()


def params(request: bytes) -> tuple[int, int]:
    tags = dict(t.split("=", 1) for t in base_pb2.ExecutePlanRequest.FromString(request).tags if "=" in t)
    return int(tags.get("bytes", MIB)), int(tags.get("total", 1024 * MIB))


def execute_plan(request: bytes, _context: grpc.ServicerContext):
    size, total = params(request)
    messages = STREAMS.messages(size)
    count = max(1, total // size)
    for i in range(count):
        yield messages[i % DISTINCT]
    yield STREAMS.complete()


class Handler(grpc.GenericRpcHandler):
    def service(self, details):
        if details.method == "/spark.connect.SparkConnectService/ExecutePlan":
            return grpc.unary_stream_rpc_method_handler(execute_plan)
        return None


def main() -> None:
    opts = [("grpc.max_send_message_length", 128 * MIB), ("grpc.max_receive_message_length", 128 * MIB)]
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4), handlers=[Handler()], options=opts)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(f"PORT={port}", flush=True)
    try:
        sys.stdin.read()  # until the parent closes our stdin
    finally:
        server.stop(0)


if __name__ == "__main__":
    main()
