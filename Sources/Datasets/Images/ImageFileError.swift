import Foundation

/// An image file that cannot be read: its path and why, in words a user can act on.
public struct ImageFileError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
    public var errorDescription: String? { description }
}
