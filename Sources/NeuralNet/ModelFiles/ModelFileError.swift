/// Why a model file cannot be read or built: where (file, line, column and the key path inside
/// the file), what is wrong and how to fix it.
public struct ModelFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Where the problem is.
    public let location: ModelFileLocation
    /// What is wrong, such as "`kernel` must be a whole number, got 3.5".
    public let problem: String
    /// How to fix it, such as "write `kernel: 3`".
    public let fix: String

    public init(_ location: ModelFileLocation, problem: String, fix: String) {
        self.location = location
        self.problem = problem
        self.fix = fix
    }

    /// `file:line:column: at `key`: problem; fix`, the form compilers use, so editors jump there.
    public var description: String {
        let key = location.keyPath.isEmpty ? "" : " at `\(location.keyPath)`"
        return "\(location.file):\(location.line):\(location.column):\(key): \(problem); \(fix)"
    }
}

/// A place in a model file: the file, its line and column (from 1; 0 when the file is not
/// readable YAML at all) and the key path of the value there, such as `groups[0].layers[2].conv.kernel`.
public struct ModelFileLocation: Equatable, Sendable {
    public let file: String
    public let line: Int
    public let column: Int
    public let keyPath: String

    public init(file: String, line: Int, column: Int, keyPath: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
    }
}
