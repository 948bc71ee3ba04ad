/// A kind of data LRLab can train on: an extension point of the `train` command line.
///
/// A source is registered in a `DataSourceRegistry` under `name`. `--data PATH` asks every
/// registered source whether it `recognizes` what the path holds and loads with the first that
/// does; `--data-source NAME` chooses one by name (needed for sources that read no files).
/// `load` turns a request into standardised training and validation examples, usually through
/// `DataBundle.init(dataset:...)`, which applies the request's class filter, split and limit.
public protocol DataSource: Sendable {
    /// The name `--data-source` takes and run manifests record, such as `fashion-mnist`.
    var name: String { get }
    /// One line for `--help`.
    var summary: String { get }
    /// Whether the file or folder at `path` holds data of this source's kind.
    func recognizes(path: String) -> Bool
    /// Reads and prepares the examples `request` asks for.
    /// - Throws: an error naming the file (and line or record) at fault and how to fix it.
    func load(_ request: DataRequest) throws -> DataBundle
}

extension DataSource {
    public func recognizes(path: String) -> Bool { false }
}
