import Training

/// The recorders of one run, made from a `--record` selection.
public enum Recorders {
    /// The manifest recorder (always) plus one recorder per selected kind, all writing into
    /// `directory`. LR range tests (`info.kind == .lrFind`) get no `epochs.csv` and a
    /// loss-against-LR plot.
    public static func make(_ kinds: Set<RecorderKind>, directory: RunDirectory, info: RunInfo,
                            eventFilter: EventFilter = .all) -> RecorderSet {
        let isRangeTest = info.kind == .lrFind
        return RecorderSet(
            manifest: ManifestRecorder(directory: directory, info: info),
            csv: kinds.contains(.csv) ? CSVRecorder(directory: directory, writesEpochs: !isRangeTest) : nil,
            events: kinds.contains(.json) ? JSONEventRecorder(directory: directory, filter: eventFilter) : nil,
            plot: kinds.contains(.svg) ? SVGPlotRecorder(directory: directory, style: isRangeTest ? .lossAgainstLR : .lossAgainstIteration) : nil)
    }
}

/// The recorders of one run, kept by role so that other components can reach them (the LR
/// finder adds its results to `manifest` and a `valid_loss` column to `csv`).
public struct RecorderSet {
    public let manifest: ManifestRecorder
    public let csv: CSVRecorder?
    public let events: JSONEventRecorder?
    public let plot: SVGPlotRecorder?

    public init(manifest: ManifestRecorder, csv: CSVRecorder?, events: JSONEventRecorder?, plot: SVGPlotRecorder?) {
        self.manifest = manifest
        self.csv = csv
        self.events = events
        self.plot = plot
    }

    /// All of them, to add to a learner.
    public var callbacks: [any Callback] {
        var result: [any Callback] = [manifest]
        if let csv { result.append(csv) }
        if let events { result.append(events) }
        if let plot { result.append(plot) }
        return result
    }
}
