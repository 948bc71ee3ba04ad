/// A curve file that cannot be read as any supported format; the description names the file
/// (and the line or record) and says how to fix it.
public struct CurveFileError: Error, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }

    init(_ source: String, _ message: String) {
        description = "\(source): \(message)"
    }
}
