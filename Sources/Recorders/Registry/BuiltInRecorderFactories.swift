import Training

/// `csv`: metrics.csv (a row per training batch) and, except for range tests, epochs.csv.
public struct CSVRecorderFactory: RecorderFactory {
    public init() {}
    public var name: String { "csv" }
    public var summary: String { "metrics.csv, a row per batch, and epochs.csv, a row per epoch" }
    public func makeRecorder(for run: RecorderContext) throws -> any Callback {
        CSVRecorder(directory: run.directory, writesEpochs: !run.isRangeTest)
    }
}

/// `json`: events.jsonl, a line per published event.
public struct JSONEventRecorderFactory: RecorderFactory {
    public let filter: EventFilter

    public init(filter: EventFilter = .all) {
        self.filter = filter
    }

    public var name: String { "json" }
    public var summary: String { "events.jsonl, a JSON line per training event" }
    public func makeRecorder(for run: RecorderContext) throws -> any Callback {
        JSONEventRecorder(directory: run.directory, filter: filter)
    }
}

/// `svg`: plot.svg, loss against learning rate for range tests, against iteration otherwise.
public struct SVGPlotRecorderFactory: RecorderFactory {
    public init() {}
    public var name: String { "svg" }
    public var summary: String { "plot.svg, the loss curve" }
    public func makeRecorder(for run: RecorderContext) throws -> any Callback {
        SVGPlotRecorder(directory: run.directory, style: run.isRangeTest ? .lossAgainstLR : .lossAgainstIteration)
    }
}
