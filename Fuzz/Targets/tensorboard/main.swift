// TensorBoard event files as `train suggest` reads them (TFRecordReader, EventFileScalars,
// TensorBoardCurveReader). The input is cut at every "\u{1}TFR" into serialized Event messages,
// each framed as a TFRecord with correct checksums (so the fuzzer reaches the protobuf parsing);
// the input also goes in unframed, for the framing checks themselves.
import CurveAnalysis
import FuzzSupport
@testable import Recorders

let framed = ScratchFile("events.out.tfevents.1.framed")
let raw = ScratchFile("events.out.tfevents.2.raw")
let separator = Array("\u{1}TFR".utf8)

FuzzTarget.run(seeds: {
    var events = [TensorBoardEvent.fileVersion(wallTime: 1)]
    for step in 0..<4 {
        events.append(TensorBoardEvent.summary(wallTime: 2 + Double(step), step: step, values: [
            .scalar(tag: "train/lr", value: 1e-4 * Float(1 << step)), .scalar(tag: "train/loss", value: 2 - Float(step) / 4),
            .scalar(tag: "train/smooth_loss", value: 2 - Float(step) / 5)]))
    }
    events.append(TensorBoardEvent.summary(wallTime: 9, step: 0, values: [.text(tag: "config", text: "# run")]))
    var file: [UInt8] = []
    for event in events { TFRecord.append(event, to: &file) }
    return [("pieces", Array(events.joined(separator: separator))), ("file", file)]
}) { bytes in
    var file: [UInt8] = []
    for event in FuzzInput.pieces(bytes, separator: separator) { TFRecord.append(event, to: &file) }
    framed.write(file)
    raw.write(bytes)
    for path in [framed.path, raw.path] {
        if let curve = try? TensorBoardCurveReader.read(paths: [path], source: path) { _ = LRSuggester.suggest(curve) }
        _ = try? TensorBoardCurveReader.read(paths: [path], source: path, lossTag: "train/loss", lrTag: "lr-SGD")
    }
}
