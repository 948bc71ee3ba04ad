import TensorCore
import Training

/// The recorders a run can have attached, by name (a job's `records`).
///
/// The manifest recorder (`run.json`) is not in the registry: every run has one.
public struct RecorderRegistry: Sendable {
    /// The factories in the order they were registered.
    public private(set) var factories: [any RecorderFactory]
    /// What a command line records when not told.
    public var defaultSelection: [String]

    public init(_ factories: [any RecorderFactory] = [], defaultSelection: [String] = []) {
        self.factories = []
        self.defaultSelection = defaultSelection
        for factory in factories { register(factory) }
    }

    /// LRLab's own recorders: `csv` (metrics.csv, epochs.csv), `json` (events.jsonl), `svg`
    /// (plot.svg) and `tensorboard` (event files); `csv` and `svg` by default.
    public static var builtIn: RecorderRegistry {
        RecorderRegistry([CSVRecorderFactory(), JSONEventRecorderFactory(), SVGPlotRecorderFactory(),
                          TensorBoardRecorderFactory()],
                         defaultSelection: ["csv", "svg"])
    }

    /// Adds `factory`, replacing one of the same name.
    public mutating func register(_ factory: any RecorderFactory) {
        factories.removeAll { $0.name == factory.name }
        factories.append(factory)
    }

    /// The registered names, in registration order.
    public var names: [String] { factories.map(\.name) }

    /// Parses a selection of recorders (a job's `records`, comma-joined): comma-separated
    /// registered names (case and spaces ignored), or `none`; the result keeps the registry's
    /// order and has no repeats.
    /// - Throws: `SettingError` for `records`, naming the bad entry and the registered names.
    public func parseSelection(_ text: String) throws -> [String] {
        let names = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: " ").lowercased() }
        if names == ["none"] { return [] }
        func failure(_ problem: String) -> SettingError {
            SettingError(setting: "records", value: text,
                         reason: "\(problem); use a comma-separated list of \(self.names.joined(separator: ", ")), or none")
        }
        for name in names {
            if name == "none" { throw failure("'none' cannot be combined with other recorders") }
            guard self.names.contains(name) else { throw failure(name.isEmpty ? "an empty name" : "unknown recorder '\(name)'") }
        }
        return self.names.filter(names.contains)
    }

    /// One new recorder per selected name plus the manifest recorder, all writing into
    /// `context.directory`.
    /// - Throws: `UnknownExtensionError` for a name not registered, or a factory's error.
    public func makeRecorders(_ selection: [String], for context: RecorderContext) throws -> RecorderSet {
        var recorders: [any Callback] = []
        for name in selection {
            guard let factory = factories.last(where: { $0.name == name }) else {
                throw UnknownExtensionError(kind: "recorder", name: name, known: names)
            }
            recorders.append(try factory.makeRecorder(for: context))
        }
        return RecorderSet(manifest: ManifestRecorder(directory: context.directory, info: context.info),
                           recorders: recorders)
    }
}

/// The recorders of one run: the manifest recorder and the selected ones.
///
/// Other components reach a recorder by type (the LR finder adds its results to `manifest` and a
/// `valid_loss` column to the CSV recorder).
public struct RecorderSet {
    public let manifest: ManifestRecorder
    /// The selected recorders, in selection order.
    public let recorders: [any Callback]

    public init(manifest: ManifestRecorder, recorders: [any Callback]) {
        self.manifest = manifest
        self.recorders = recorders
    }

    /// The first selected recorder of type `T`, if any.
    public func first<T: Callback>(_ type: T.Type) -> T? {
        recorders.lazy.compactMap { $0 as? T }.first
    }

    /// All of them, to add to a learner.
    public var callbacks: [any Callback] { [manifest] + recorders }
}

extension Substring {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var text = self
        while text.first == character { text = text.dropFirst() }
        while text.last == character { text = text.dropLast() }
        return String(text)
    }
}
