/// Reads a range-test curve from the loss and learning-rate scalars of TensorBoard event files.
///
/// Without explicit tags, the loss is the first of `lossTagPreference` present and the learning
/// rate the first of `lrTagPreference`, else the one `lr-<Optimizer>` series PyTorch Lightning's
/// `LearningRateMonitor` writes (with several parameter groups, `lr-<Optimizer>/pg<N>` or
/// `lr-<Optimizer>/<group name>`: the group whose series appears last in the file, which is the
/// optimizer's last group, as LRLab records its head's rate; `…-momentum` and `…-weight_decay`
/// series are not rates). When the loss is LRLab's `train/smooth_loss`, its
/// `train/loss` becomes the raw loss. A curve point is made for each step that has both a loss
/// and a learning rate, in step order; a step written twice keeps its last value.
public enum TensorBoardCurveReader {
    /// Loss tags tried in order: LRLab's smoothed and raw loss (`train/loss` is also the Hugging
    /// Face Trainer's), then common names (`loss`; Lightning's `self.log("train_loss")`, with
    /// `on_epoch` as `train_loss_step`; the PyTorch tutorial's `Loss/train`; Keras' `batch_loss`).
    public static let lossTagPreference = ["train/smooth_loss", "train/loss", "loss", "train_loss",
                                           "train_loss_step", "Loss/train", "batch_loss"]
    /// Learning-rate tags tried in order before Lightning's `lr-<Optimizer>`: LRLab's `train/lr`,
    /// then `lr`, `learning_rate` and the Hugging Face Trainer's `train/learning_rate`.
    public static let lrTagPreference = ["train/lr", "lr", "learning_rate", "train/learning_rate"]

    /// Reads the event files at `paths` as one run (in the order given); `source` names them in
    /// errors. Tags left nil are chosen as described on the type.
    public static func read(paths: [String], source: String, lossTag: String? = nil,
                            lrTag: String? = nil) throws -> RecordedCurve {
        var scalars = EventFileScalars()
        do {
            for path in paths { try scalars.add(path: path) }
        } catch let error as TFRecordError {
            throw CurveFileError(error.description)
        }
        return try curve(from: scalars, source: source, lossTag: lossTag, lrTag: lrTag)
    }

    /// The curve in `scalars`; `source` names the files in errors.
    public static func curve(from scalars: EventFileScalars, source: String, lossTag: String? = nil,
                             lrTag: String? = nil) throws -> RecordedCurve {
        let found = scalars.tags.isEmpty ? "it has no scalars" : "its scalar tags are " + scalars.tags.joined(separator: ", ")
        let loss = try lossTag.map { try requireTag($0, in: scalars, what: "loss", source: source, found: found) }
            ?? lossTagPreference.first { scalars.series[$0] != nil }
        guard let loss else {
            throw CurveFileError(source, "no loss scalar (looked for \(lossTagPreference.joined(separator: ", "))); \(found)")
        }
        let lr = try lrTag.map { try requireTag($0, in: scalars, what: "learning-rate", source: source, found: found) }
            ?? lrTagPreference.first { scalars.series[$0] != nil }
            ?? lightningRateTag(in: scalars, source: source)
        guard let lr else {
            throw CurveFileError(source, "no learning-rate scalar (looked for \(lrTagPreference.joined(separator: ", ")) "
                + "and lr-<Optimizer>); \(found)")
        }
        let lossByStep = lastValueByStep(scalars.series[loss] ?? [])
        let lrByStep = lastValueByStep(scalars.series[lr] ?? [])
        let steps = lossByStep.keys.filter { lrByStep[$0] != nil }.sorted()
        guard !steps.isEmpty else {
            throw CurveFileError(source, "no step has both a `\(loss)` and a `\(lr)` value "
                + "(\(lossByStep.count) and \(lrByStep.count) steps); log both at every batch")
        }
        var rawLosses: [Float]?
        if loss == "train/smooth_loss", lossTag == nil || lossTag == loss, let raw = scalars.series["train/loss"] {
            let rawByStep = lastValueByStep(raw)
            if steps.allSatisfy({ rawByStep[$0] != nil }) { rawLosses = steps.map { Float(rawByStep[$0]!) } }
        }
        return RecordedCurve(lrs: steps.map { Float(lrByStep[$0]!) }, losses: steps.map { Float(lossByStep[$0]!) },
                             rawLosses: rawLosses)
    }

    private static func requireTag(_ tag: String, in scalars: EventFileScalars, what: String, source: String,
                                   found: String) throws -> String {
        guard scalars.series[tag] != nil else {
            throw CurveFileError(source, "no \(what) scalar `\(tag)`; \(found)")
        }
        return tag
    }

    /// The tag of Lightning's `LearningRateMonitor` rate, if exactly one optimizer's is present.
    private static func lightningRateTag(in scalars: EventFileScalars, source: String) throws -> String? {
        let rates = scalars.tags.filter {
            $0.hasPrefix("lr-") && !$0.hasSuffix("-momentum") && !$0.hasSuffix("-weight_decay")
        }
        let optimizers = Set(rates.map { $0.split(separator: "/", maxSplits: 1).first.map(String.init) ?? $0 })
        guard optimizers.count <= 1 else {
            throw CurveFileError(source, "several learning-rate series (\(rates.joined(separator: ", "))); "
                + "name the one to use as the learning-rate tag")
        }
        return rates.last
    }

    private static func lastValueByStep(_ points: [EventFileScalars.Point]) -> [Int64: Double] {
        var values: [Int64: Double] = [:]
        for point in points { values[point.step] = point.value }
        return values
    }
}
