/// The files of a run folder, `<out>/<run-id>/` (docs/artifacts.md).
public enum RunFiles {
    /// The run's manifest (`RunManifest`), written by the manifest recorder.
    public static let manifest = "run.json"
    /// One row per training batch (`MetricsColumns`), written by the CSV recorder.
    public static let metrics = "metrics.csv"
    /// One row per epoch (`EpochsColumns`), written by the CSV recorder; absent for range tests.
    public static let epochs = "epochs.csv"
    /// One JSON object per published event, written by the JSON event recorder.
    public static let events = "events.jsonl"
    /// The loss plot, written by the SVG recorder.
    public static let plot = "plot.svg"

    /// Every file a run folder may hold, in the order readers list them.
    public static let all = [manifest, metrics, epochs, events, plot]
}

/// The files of a sweep's group folder, `<out>/<group-id>/`.
public enum GroupFiles {
    /// The group's manifest (`GroupManifest`).
    public static let manifest = "group.json"
    /// Every run's loss curve overlaid.
    public static let overlay = "overlay.svg"
    /// The suggested learning rates against batch size with the fitted lines.
    public static let scaling = "lr-vs-batch-size.svg"
}
