"""TensorBoard's own reader and writers for the tests of LRLab's event files.

  tensorboard_events.py read PATH
      Loads PATH (an event file or a folder of them) with TensorBoard's EventAccumulator and
      prints JSON: file_version, source_writer, scalars {tag: [[step, wall_time, value], ...]},
      texts {tag: [[step, text], ...]}, plugin tags, and the decoded hparams summaries.
      Non-finite numbers are printed as the strings "nan", "inf", "-inf".

  tensorboard_events.py write-curves FOLDER
      Writes range-test curves with TensorBoard's writers for LRLab's reader to read:
      FOLDER/summary-writer/   tensorboard.summary.Writer (scalars as rank-0 float tensors)
                               with LRLab's tags train/loss, train/lr;
      FOLDER/lightning/        EventFileWriter with simple_value summaries named as PyTorch
                               Lightning's logger and LearningRateMonitor name them (train_loss,
                               lr-SGD/pg1, lr-SGD/pg2, lr-SGD/pg1-momentum, epoch), plus a
                               text summary and a histogram that are not scalars;
      and prints JSON of the values written, as float32 like TensorBoard stores them.

  tensorboard_events.py check-records PATH...
      For each event file: its length, how many of its bytes are whole TFRecords (length, CRC,
      data, CRC), how many records that is, and how many events TensorBoard's EventFileLoader
      reads from it; prints JSON {path: {bytes, whole_bytes, records, loaded}}.
"""

import json
import math
import os
import struct
import sys

import numpy as np
from google.protobuf import json_format
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.backend.event_processing.event_file_loader import EventFileLoader
from tensorboard.compat.proto import event_pb2, summary_pb2
from tensorboard.plugins.hparams import metadata as hparams_metadata
from tensorboard.summary import Writer
from tensorboard.summary.writer.event_file_writer import EventFileWriter
from tensorboard.util import tensor_util


def number(value):
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def read(path):
    accumulator = EventAccumulator(path, size_guidance={"scalars": 0, "tensors": 0})
    accumulator.Reload()
    tags = accumulator.Tags()
    scalars = {
        tag: [[event.step, event.wall_time, number(event.value)] for event in accumulator.Scalars(tag)]
        for tag in tags["scalars"]
    }
    text_tags = accumulator.PluginTagToContent("text") if "text" in accumulator._plugin_to_tag_to_content else {}
    texts = {}
    for tag in text_tags:
        texts[tag] = []
        for event in accumulator.Tensors(tag):
            value = tensor_util.make_ndarray(event.tensor_proto)
            texts[tag].append([event.step, value.item().decode("utf-8")])
    hparams = {}
    if "hparams" in accumulator._plugin_to_tag_to_content:
        content = accumulator.PluginTagToContent("hparams")
        if hparams_metadata.EXPERIMENT_TAG in content:
            experiment = hparams_metadata.parse_experiment_plugin_data(content[hparams_metadata.EXPERIMENT_TAG])
            hparams["experiment"] = json_format.MessageToDict(experiment, preserving_proto_field_name=True)
        if hparams_metadata.SESSION_START_INFO_TAG in content:
            start = hparams_metadata.parse_session_start_info_plugin_data(
                content[hparams_metadata.SESSION_START_INFO_TAG]
            )
            hparams["session_start_info"] = json_format.MessageToDict(start, preserving_proto_field_name=True)
        if hparams_metadata.SESSION_END_INFO_TAG in content:
            end = hparams_metadata.parse_session_end_info_plugin_data(content[hparams_metadata.SESSION_END_INFO_TAG])
            hparams["session_end_info"] = json_format.MessageToDict(end, preserving_proto_field_name=True)
    plugins = {name: sorted(accumulator.PluginTagToContent(name)) for name in accumulator._plugin_to_tag_to_content}
    return {
        "file_version": accumulator.file_version,
        "source_writer": accumulator.GetSourceWriter(),
        "scalars": scalars,
        "texts": texts,
        "plugins": plugins,
        "hparams": hparams,
    }


def curve_points(count):
    """A range-test-like curve: rates from 1e-6 growing by a constant factor, a loss valley."""
    lrs = [1e-6 * (1e6 ** (i / (count - 1))) for i in range(count)]
    losses = [2.3 - 1.2 / (1 + math.exp(-(math.log10(lr) + 3) * 2)) + (0.5 * lr if lr > 0.1 else 0) for lr in lrs]
    return lrs, losses


def write_curves(folder):
    lrs, losses = curve_points(40)
    summary_folder = os.path.join(folder, "summary-writer")
    writer = Writer(summary_folder)
    for step, (lr, loss) in enumerate(zip(lrs, losses)):
        writer.add_scalar("train/loss", loss, step, wall_time=1_700_000_000 + step)
        writer.add_scalar("train/lr", lr, step, wall_time=1_700_000_000 + step)
    writer.close()

    lightning_folder = os.path.join(folder, "lightning")
    events = EventFileWriter(lightning_folder)
    histogram = summary_pb2.HistogramProto(min=0, max=1, num=2, sum=1, sum_squares=1, bucket_limit=[1], bucket=[2])
    events.add_event(event_pb2.Event(wall_time=1_700_000_000, step=0, summary=summary_pb2.Summary(value=[
        summary_pb2.Summary.Value(tag="weights", histo=histogram),
    ])))
    for step, (lr, loss) in enumerate(zip(lrs, losses)):
        values = [
            ("lr-SGD/pg1", lr / 10), ("lr-SGD/pg2", lr), ("lr-SGD/pg1-momentum", 0.9), ("epoch", 0.0),
            ("train_loss", loss),
        ]
        for tag, value in values:
            events.add_event(event_pb2.Event(wall_time=1_700_000_000 + step, step=step, summary=summary_pb2.Summary(
                value=[summary_pb2.Summary.Value(tag=tag, simple_value=value)])))
    text = summary_pb2.Summary.Value(
        tag="notes",
        metadata=summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="text")),
        tensor=tensor_util.make_tensor_proto("a note", dtype=np.object_),
    )
    events.add_event(event_pb2.Event(wall_time=1_700_000_100, step=40, summary=summary_pb2.Summary(value=[text])))
    events.close()

    float32 = lambda values: [float(np.float32(v)) for v in values]
    return {
        "summary_writer": {"lrs": float32(lrs), "losses": float32(losses)},
        "lightning": {"lrs": float32(lrs), "losses": float32(losses), "body_lrs": float32([lr / 10 for lr in lrs])},
    }


def check_records(paths):
    result = {}
    for path in paths:
        with open(path, "rb") as file:
            data = file.read()
        whole, records = 0, 0
        while whole + 12 <= len(data):
            (length,) = struct.unpack("<Q", data[whole:whole + 8])
            end = whole + 12 + length + 4
            if end > len(data):
                break
            whole, records = end, records + 1
        loaded = sum(1 for _ in EventFileLoader(path).Load())
        result[path] = {"bytes": len(data), "whole_bytes": whole, "records": records, "loaded": loaded}
    return result


def main():
    command, path = sys.argv[1], sys.argv[2]
    if command == "read":
        result = read(path)
    elif command == "write-curves":
        result = write_curves(path)
    elif command == "check-records":
        result = check_records(sys.argv[2:])
    else:
        raise SystemExit("unknown command " + command)
    json.dump(result, sys.stdout, allow_nan=False)


if __name__ == "__main__":
    main()
