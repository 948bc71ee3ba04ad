import Datasets
import TensorCore

extension DataBundle {
    /// Checks, before any training, that the loaded examples fit a run with batches of
    /// `batchSize` (the job's setting `batchSizeSetting`, such as `FitJob.batchSize`) as `request`
    /// asked for them.
    ///
    /// - Throws: `SettingError` for a batch size above the number of training examples, or a
    ///   validation fraction above 0 that leaves no validation example; `TrainingDataError` for a
    ///   class without training examples, a label out of range, or a NaN or infinite input.
    public func checkFits(batchSize: Int, batchSizeSetting: String, request: DataRequest) throws {
        let narrowing = narrowedBy(request)
        let after = narrowing.isEmpty ? "" : " after " + narrowing.joined(separator: " and ")
        if batchSize > train.count {
            throw SettingError(setting: batchSizeSetting, value: "\(batchSize)",
                               reason: "there are only \(train.count) training examples\(after); use a batch size of at "
                                   + "most \(train.count), or train on more examples")
        }
        if request.validationFraction > 0 && valid.count == 0 {
            throw SettingError(setting: "DataRequest.validationFraction", value: "\(request.validationFraction)",
                               reason: "it holds out no example of the \(train.count)\(after); hold out a larger "
                                   + "fraction, or 0 for no validation")
        }
        let label = "\(name)" + (path.map { " (\($0))" } ?? "")
        for (part, dataset) in [("training", train), ("validation", valid)] {
            if let bad = dataset.firstLabelOutOfRange() {
                throw TrainingDataError.labelOutOfRange(part: part, example: bad.example, label: bad.label,
                                                        classCount: dataset.classNames.count, data: label)
            }
            if let bad = dataset.firstNonFiniteInput() {
                throw TrainingDataError.nonFiniteInput(part: part, example: bad.example, value: bad.value, data: label)
            }
        }
        let counts = train.classCounts()
        if let empty = counts.firstIndex(of: 0) {
            throw TrainingDataError.emptyClass(index: empty, className: classNames[empty], trainCount: train.count,
                                               narrowedBy: narrowing)
        }
    }

    /// The request's settings that left fewer examples than the data has, as messages name them.
    private func narrowedBy(_ request: DataRequest) -> [String] {
        var settings: [String] = []
        if let limit = request.trainLimit { settings.append("`DataRequest.trainLimit` \(limit)") }
        if let classes = request.classes {
            settings.append("`DataRequest.classes` " + classes.map(String.init).joined(separator: ","))
        }
        return settings
    }
}

extension SweepJob {
    /// Checks that `data` fits every run of the sweep (`DataBundle.checkFits`) before any of
    /// them starts: the largest batch size, named as `SweepJob.batchSizes`.
    public func checkFits(_ data: DataBundle) throws {
        // A sweep of the one batch size `--batch-size` gave is named by that setting.
        let setting = batchSizes == [base.batchSize] ? "RangeTestJob.batchSize" : "SweepJob.batchSizes"
        try data.checkFits(batchSize: batchSizes.max() ?? base.batchSize, batchSizeSetting: setting, request: base.data)
    }
}
