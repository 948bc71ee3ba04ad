import TensorCore

/// Makes one kind of callback, by name: an extension point of the `train` command line.
///
/// `--callbacks a,b` attaches one new callback of each named factory to every run a command
/// starts (like fastai's `cbs=`). Recorders have a registry of their own (`RecorderRegistry`),
/// since they also get the run's folder.
public protocol CallbackFactory: Sendable {
    /// The name `--callbacks` takes.
    var name: String { get }
    /// One line for `--help`.
    var summary: String { get }
    /// A new callback for one run.
    func makeCallback() throws -> any Callback
}

/// The callbacks a command line can attach to runs, by name (`--callbacks`).
///
/// Empty unless a package registers its own: LRLab's built-in callbacks (schedules, progress,
/// stopping rules) are set by flags. Registering a factory under a name already registered
/// replaces it.
public struct CallbackRegistry: Sendable {
    /// The factories in the order they were registered.
    public private(set) var factories: [any CallbackFactory]

    public init(_ factories: [any CallbackFactory] = []) {
        self.factories = []
        for factory in factories { register(factory) }
    }

    /// Adds `factory`, replacing one of the same name.
    public mutating func register(_ factory: any CallbackFactory) {
        factories.removeAll { $0.name == factory.name }
        factories.append(factory)
    }

    /// The registered names, in registration order.
    public var names: [String] { factories.map(\.name) }

    /// One new callback per name, in the order given.
    /// - Throws: `UnknownExtensionError` for a name not registered, or a factory's error.
    public func makeCallbacks(_ selection: [String]) throws -> [any Callback] {
        try selection.map { name in
            guard let factory = factories.last(where: { $0.name == name }) else {
                throw UnknownExtensionError(kind: "callback", name: name, known: names)
            }
            return try factory.makeCallback()
        }
    }
}
