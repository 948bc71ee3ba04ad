import TensorCore

/// The data sources a command line can read, by name.
///
/// Later registrations take precedence: a source registered under a built-in's name replaces
/// it, and when several recognize a path the latest registered wins.
public struct DataSourceRegistry: Sendable {
    /// The sources in the order they were registered.
    public private(set) var sources: [any DataSource]
    /// The source used when a request names neither a source nor a location.
    public var defaultSource: String

    public init(_ sources: [any DataSource] = [], defaultSource: String) {
        self.sources = []
        self.defaultSource = defaultSource
        for source in sources { register(source) }
    }

    /// LRLab's own sources: Fashion-MNIST's IDX files (the default), image folders, CSV tables and
    /// synthetic stroke patterns.
    public static var builtIn: DataSourceRegistry {
        DataSourceRegistry([IDXDataSource(), ImageFolderDataSource(), TableDataSource(), SyntheticDataSource()],
                           defaultSource: IDXDataSource().name)
    }

    /// Adds `source`, replacing one of the same name.
    public mutating func register(_ source: any DataSource) {
        sources.removeAll { $0.name == source.name }
        sources.append(source)
    }

    /// The registered names, in registration order.
    public var names: [String] { sources.map(\.name) }

    /// The source called `name`.
    /// - Throws: `UnknownExtensionError` listing the registered names.
    public func source(named name: String) throws -> any DataSource {
        guard let source = sources.last(where: { $0.name == name }) else {
            throw UnknownExtensionError(kind: "data source", name: name, known: names)
        }
        return source
    }

    /// The source `request` is for: the one it names, else the latest registered that
    /// recognizes its location, else (no location) the default.
    /// - Throws: when no source recognizes the location, naming the path and the sources asked.
    public func source(for request: DataRequest) throws -> any DataSource {
        if let name = request.source { return try source(named: name) }
        guard let location = request.location else { return try source(named: defaultSource) }
        if let source = sources.last(where: { $0.recognizes(path: location) }) { return source }
        throw DatasetError.unrecognizedData(path: location, sources: names)
    }

    /// Loads and prepares the examples `request` asks for with the source it is for, after
    /// checking the request's settings (`DataRequest.validate`).
    public func load(_ request: DataRequest) throws -> DataBundle {
        try request.validate()
        return try source(for: request).load(request)
    }
}
