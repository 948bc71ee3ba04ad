import ArtifactSchema
import Training

/// What a recorder is made for: the run's folder and the settings its manifest records.
public struct RecorderContext: Sendable {
    /// The run's folder; a recorder writes its files here, through `directory.write` (atomic)
    /// or an `AppendingFile`.
    public let directory: RunDirectory
    /// The run's kind, model, data and settings, as `run.json` records them.
    public let info: RunInfo

    public init(directory: RunDirectory, info: RunInfo) {
        self.directory = directory
        self.info = info
    }

    /// Whether the run is an LR range test (its x axis is the learning rate, it has no epochs).
    public var isRangeTest: Bool { info.kind == .lrFind }
}

/// Makes one kind of recorder, by name: an extension point of the `train` command line.
///
/// A factory is registered in a `RecorderRegistry` under `name`; `--record a,b,c` then makes one
/// recorder per name for every run, in the run's folder. A recorder is an ordinary `Callback`
/// (use `CallbackOrder.recorder`-like orders so it sees the loss after it is computed) that owns
/// its files: no other component writes them.
public protocol RecorderFactory: Sendable {
    /// The name `--record` takes, such as `csv`.
    var name: String { get }
    /// One line for `--help`: what the recorder writes.
    var summary: String { get }
    /// A new recorder for one run.
    func makeRecorder(for run: RecorderContext) throws -> any Callback
}
