#!/usr/bin/env python3
"""Writes the TensorBoard event files under Tests/Fixtures/tensorboard/ with TensorBoard's own
writer (tensorboard.summary.writer.EventFileWriter, the writer torch.utils.tensorboard uses) and
its protocol buffers. Run once from the repository root after `pip install tensorboard`; the
output is committed, so the tests need neither tensorboard nor torch.

  scalars/    torch-style simple_value scalars (rollout/ep_rew_mean, train/loss,
              rollout/exploration_rate, train/learning_rate, weights/norm) for steps 0..49,
              a histogram tagged "weights" (a prefix of the scalar "weights/norm") and text
  tensors/    TF2-style scalars as one-element tensors: float_val, double_val, int64_val,
              tensor_content, plus a 3-element tensor (not a scalar)
  corrupt/    scalars/'s file with record 10's data altered (bad data CRC), record 20's length
              altered (bad length CRC) and half of a record appended at the end
  two-files/  a run written by two writers one after the other: steps 0..9, then 10..19
"""
import os
import pathlib
import shutil
import struct

from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2, tensor_shape_pb2, types_pb2
from tensorboard.summary.writer.event_file_writer import EventFileWriter

ROOT = pathlib.Path("Tests/Fixtures/tensorboard")
WALL = 1_764_000_000.0


def write(directory, events, name):
    directory.mkdir(parents=True, exist_ok=True)
    writer = EventFileWriter(str(directory))
    for event in events:
        writer.add_event(event)
    writer.close()
    written = [path for path in directory.iterdir() if path.name.startswith("events.out.tfevents.")]
    newest = max(written, key=lambda path: path.stat().st_mtime_ns)
    newest.rename(directory / name)


def scalar(tag, value):
    return summary_pb2.Summary.Value(tag=tag, simple_value=value)


def scalar_events(steps):
    events = []
    for step in steps:
        values = [
            scalar("rollout/ep_rew_mean", -100.0 + 4.0 * step),
            scalar("train/loss", 1.0 / (step + 1)),
            scalar("rollout/exploration_rate", max(0.05, 1.0 - step / 40)),
            scalar("train/learning_rate", 0.0003),
            scalar("weights/norm", 10.0 + step / 10),
        ]
        # SummaryWriter writes one event per add_scalar call.
        for value in values:
            events.append(event_pb2.Event(wall_time=WALL + step, step=step, summary=summary_pb2.Summary(value=[value])))
        if step % 10 == 0:
            histogram = summary_pb2.HistogramProto(min=-1, max=1, num=3, sum=0, sum_squares=2, bucket_limit=[0, 1], bucket=[1, 2])
            events.append(event_pb2.Event(wall_time=WALL + step, step=step,
                                          summary=summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag="weights", histo=histogram)])))
            text = tensor_pb2.TensorProto(dtype=types_pb2.DT_STRING, string_val=[b"checkpoint saved"])
            metadata = summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="text"))
            events.append(event_pb2.Event(wall_time=WALL + step, step=step, summary=summary_pb2.Summary(
                value=[summary_pb2.Summary.Value(tag="notes", tensor=text, metadata=metadata)])))
    return events


def tensor_events():
    scalars = summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="scalars"))
    shape = tensor_shape_pb2.TensorShapeProto()
    events = []
    for step in range(20):
        tensors = {
            "float_val": tensor_pb2.TensorProto(dtype=types_pb2.DT_FLOAT, tensor_shape=shape, float_val=[0.5 * step]),
            "double_val": tensor_pb2.TensorProto(dtype=types_pb2.DT_DOUBLE, tensor_shape=shape, double_val=[1e-3 * step]),
            "int64_val": tensor_pb2.TensorProto(dtype=types_pb2.DT_INT64, tensor_shape=shape, int64_val=[1000 * step]),
            "tensor_content": tensor_pb2.TensorProto(dtype=types_pb2.DT_FLOAT, tensor_shape=shape,
                                                     tensor_content=struct.pack("<f", 2.0 * step)),
            "vector": tensor_pb2.TensorProto(dtype=types_pb2.DT_FLOAT, float_val=[1, 2, 3], tensor_shape=tensor_shape_pb2.TensorShapeProto(
                dim=[tensor_shape_pb2.TensorShapeProto.Dim(size=3)])),
        }
        # TF2 writes several values of one step in one event.
        values = [summary_pb2.Summary.Value(tag=tag, tensor=tensor, metadata=scalars) for tag, tensor in tensors.items()]
        events.append(event_pb2.Event(wall_time=WALL + step, step=step, summary=summary_pb2.Summary(value=values)))
    return events


def records(data):
    index = 0
    while index + 12 <= len(data):
        (length,) = struct.unpack_from("<Q", data, index)
        yield index, length
        index += 12 + length + 4


def main():
    if ROOT.exists():
        shutil.rmtree(ROOT)
    write(ROOT / "scalars", scalar_events(range(50)), "events.out.tfevents.1764000000.fixture.1.0")
    write(ROOT / "tensors", tensor_events(), "events.out.tfevents.1764000000.fixture.2.0")
    write(ROOT / "two-files", scalar_events(range(10)), "events.out.tfevents.1764000000.fixture.3.0")
    write(ROOT / "two-files", scalar_events(range(10, 20)), "events.out.tfevents.1764000100.fixture.3.0")

    data = bytearray((ROOT / "scalars" / "events.out.tfevents.1764000000.fixture.1.0").read_bytes())
    spans = list(records(data))
    offset, length = spans[10]
    data[offset + 12 + length // 2] ^= 0xFF          # data CRC no longer matches
    offset, _ = spans[20]
    data[offset] ^= 0x01                             # length CRC no longer matches
    last_offset, last_length = spans[-1]
    data += data[last_offset:last_offset + 12 + last_length // 2]   # half a record at the end
    (ROOT / "corrupt").mkdir()
    (ROOT / "corrupt" / "events.out.tfevents.1764000000.fixture.4.0").write_bytes(bytes(data))


if __name__ == "__main__":
    main()
