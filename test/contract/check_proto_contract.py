"""Checks our .proto subset against the descriptors that ship inside pyspark and delta-spark.

Every message, enum, field, number, type, label and oneof of ours must match upstream exactly
(upstream may have more; we may not have anything upstream lacks).

  python check_proto_contract.py OURS.binpb            -> exit 0 when all match, 1 otherwise
  python check_proto_contract.py OURS.binpb --mutate   -> changes one field number in our set first,
                                                          and exits 0 only if the check then FAILS
"""
import importlib
import sys

from google.protobuf import descriptor_pb2, descriptor_pool

UPSTREAM_MODULES = [
    "pyspark.sql.connect.proto.base_pb2",
    "pyspark.sql.connect.proto.relations_pb2",
    "pyspark.sql.connect.proto.commands_pb2",
    "pyspark.sql.connect.proto.expressions_pb2",
    "pyspark.sql.connect.proto.types_pb2",
    "pyspark.sql.connect.proto.catalog_pb2",
    "delta.connect.proto.base_pb2",
    "delta.connect.proto.relations_pb2",
    "delta.connect.proto.commands_pb2",
    "google.rpc.status_pb2",
    "google.rpc.error_details_pb2",
]


def upstream_pool():
    for name in UPSTREAM_MODULES:
        importlib.import_module(name)  # registers its serialized descriptor in the default pool
    return descriptor_pool.Default()


def field_signature(field, message):
    oneof = ""
    if field.HasField("oneof_index") and not field.proto3_optional:
        oneof = message.oneof_decl[field.oneof_index].name
    return (field.number, field.type, field.type_name.lstrip("."), field.label,
            field.proto3_optional, oneof)


def walk(prefix, messages, enums):
    for enum in enums:
        yield "enum", f"{prefix}.{enum.name}", enum
    for message in messages:
        full = f"{prefix}.{message.name}"
        yield "message", full, message
        yield from walk(full, message.nested_type, message.enum_type)


def upstream_proto(pool, kind, full_name):
    find = pool.FindMessageTypeByName if kind == "message" else pool.FindEnumTypeByName
    try:
        desc = find(full_name)
    except KeyError:
        return None
    proto = descriptor_pb2.DescriptorProto() if kind == "message" else descriptor_pb2.EnumDescriptorProto()
    desc.CopyToProto(proto)
    return proto


def compare_message(full, ours, theirs, problems):
    their_fields = {f.name: f for f in theirs.field}
    for field in ours.field:
        other = their_fields.get(field.name)
        if other is None:
            problems.append(f"{full}.{field.name}: not in upstream")
            continue
        mine, up = field_signature(field, ours), field_signature(other, theirs)
        if mine != up:
            problems.append(f"{full}.{field.name}: ours (number, type, type_name, label, optional, oneof)={mine} upstream={up}")


def compare_enum(full, ours, theirs, problems):
    their_values = {v.name: v.number for v in theirs.value}
    for value in ours.value:
        if their_values.get(value.name) != value.number:
            problems.append(f"{full}.{value.name}: ours={value.number} upstream={their_values.get(value.name)}")


def check(fds):
    pool = upstream_pool()
    problems, counted = [], {"message": 0, "enum": 0, "field": 0}
    for file in fds.file:
        if file.name.startswith("google/protobuf/"):
            continue
        for kind, full, ours in walk(file.package, file.message_type, file.enum_type):
            if kind == "message" and ours.options.map_entry:
                continue
            theirs = upstream_proto(pool, kind, full)
            if theirs is None:
                problems.append(f"{kind} {full}: not in upstream")
                continue
            counted[kind] += 1
            if kind == "message":
                counted["field"] += len(ours.field)
                compare_message(full, ours, theirs, problems)
            else:
                compare_enum(full, ours, theirs, problems)
        for service in file.service:
            theirs = pool.FindServiceByName(f"{file.package}.{service.name}")
            their_methods = {m.name: (m.input_type.full_name, m.output_type.full_name, m.server_streaming) for m in theirs.methods}
            for method in service.method:
                mine = (method.input_type.lstrip("."), method.output_type.lstrip("."), method.server_streaming)
                if their_methods.get(method.name) != mine:
                    problems.append(f"rpc {service.name}.{method.name}: ours={mine} upstream={their_methods.get(method.name)}")
    return problems, counted


def mutate(fds):
    for file in fds.file:
        if file.name == "delta/connect/commands.proto":
            for message in file.message_type:
                if message.name == "VacuumTable":
                    message.field[1].number += 1
                    return f"delta.connect.VacuumTable.{message.field[1].name}"
    raise SystemExit("mutation target not found")


def main():
    fds = descriptor_pb2.FileDescriptorSet()
    with open(sys.argv[1], "rb") as f:
        fds.ParseFromString(f.read())
    if "--mutate" in sys.argv:
        target = mutate(fds)
        problems, _ = check(fds)
        caught = any(target in p for p in problems)
        print(f"mutated {target}: {'caught' if caught else 'NOT caught'}")
        sys.exit(0 if caught else 1)
    problems, counted = check(fds)
    for p in problems:
        print("MISMATCH", p)
    print(f"checked {counted['message']} messages, {counted['enum']} enums, {counted['field']} fields: {len(problems)} mismatches")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
