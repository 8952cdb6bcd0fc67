"""Checks our .proto subset against the descriptors that ship inside pyspark and delta-spark, both ways.

Every message, enum, field, number, type, label and oneof of ours must match upstream exactly
(we may not have anything upstream lacks). The other way, for delta.connect.* only: every message, field and
enum value upstream has must be ours too, or be listed in delta_connect_not_ours.txt (with the reason), so a
Delta release that adds one is noticed.

  python check_proto_contract.py OURS.binpb            -> exit 0 when all match, 1 otherwise
  python check_proto_contract.py OURS.binpb --mutate   -> changes one field number in our set first,
                                                          and exits 0 only if the check then FAILS
  python check_proto_contract.py OURS.binpb --drop-upstream-field
                                                       -> removes one delta.connect field from ours first,
                                                          and exits 0 only if the reverse check reports it
"""
import os
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


UPSTREAM_DELTA_FILES = ["delta/connect/base.proto", "delta/connect/relations.proto", "delta/connect/commands.proto"]
NOT_OURS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "delta_connect_not_ours.txt")


def not_ours_allowed():
    """Names of delta.connect.* members we knowingly lack, one per line (# starts a comment)."""
    allowed = set()
    with open(NOT_OURS_FILE) as f:
        for line in f:
            name = line.split("#", 1)[0].strip()
            if name:
                allowed.add(name)
    return allowed


def ours_by_name(fds):
    kinds = {}
    for file in fds.file:
        for kind, full, proto in walk(file.package, file.message_type, file.enum_type):
            kinds[full] = proto
    return kinds


def upstream_delta_members(pool):
    """Every message, field and enum value of upstream delta.connect, as (name, kind)."""
    members = []
    for name in UPSTREAM_DELTA_FILES:
        fd = descriptor_pb2.FileDescriptorProto()
        pool.FindFileByName(name).CopyToProto(fd)
        for kind, full, proto in walk(fd.package, fd.message_type, fd.enum_type):
            if kind == "message" and proto.options.map_entry:
                continue
            members.append((full, kind, proto))
    return members


def check_reverse(fds):
    """delta.connect members upstream has and we lack, minus the known list; and known entries no longer missing."""
    pool = upstream_pool()
    ours = ours_by_name(fds)
    allowed = not_ours_allowed()
    missing, seen_missing = [], set()
    for full, kind, proto in upstream_delta_members(pool):
        mine = ours.get(full)
        children = [f"{full}.{f.name}" for f in proto.field] if kind == "message" else [f"{full}.{v.name}" for v in proto.value]
        if mine is None:
            seen_missing.add(full)
            if full not in allowed:
                missing.append(f"{kind} {full}")
            continue
        have = {f.name for f in mine.field} if kind == "message" else {v.name for v in mine.value}
        for child in children:
            if child.rsplit(".", 1)[1] not in have:
                seen_missing.add(child)
                if child not in allowed:
                    missing.append(f"{'field' if kind == 'message' else 'value'} {child}")
    stale = sorted(allowed - seen_missing)
    return missing, stale


def drop_upstream_field(fds):
    for file in fds.file:
        if file.name == "delta/connect/commands.proto":
            for message in file.message_type:
                if message.name == "VacuumTable":
                    removed = message.field[-1].name
                    del message.field[-1]
                    return f"delta.connect.VacuumTable.{removed}"
    raise SystemExit("drop target not found")


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
    if "--drop-upstream-field" in sys.argv:
        target = drop_upstream_field(fds)
        missing, _ = check_reverse(fds)
        caught = any(m.endswith(target) for m in missing)
        print(f"dropped {target}: {'reported' if caught else 'NOT reported'} by the reverse check")
        sys.exit(0 if caught else 1)
    problems, counted = check(fds)
    for p in problems:
        print("MISMATCH", p)
    print(f"checked {counted['message']} messages, {counted['enum']} enums, {counted['field']} fields: {len(problems)} mismatches")
    missing, stale = check_reverse(fds)
    for m in missing:
        print("UPSTREAM HAS, OURS LACKS", m)
    for s in stale:
        print(f"LISTED AS MISSING BUT OURS HAS IT (remove it from {os.path.basename(NOT_OURS_FILE)}):", s)
    print(f"upstream delta.connect members we lack and do not list: {len(missing)}; stale list entries: {len(stale)}")
    sys.exit(1 if problems or missing or stale else 0)


if __name__ == "__main__":
    main()
