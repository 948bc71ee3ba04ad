import ArgumentParser
import Foundation

/// Comma-separated lists of command-line values; only whether each part parses is checked here,
/// the library's `validate()` checks the values.
enum CommaList {
    static func values<T>(_ text: String, flag: String, as kind: String, _ parse: (String) -> T?) throws -> [T] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
            guard let value = parse(part.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("\(flag): '\(part)' is not \(kind)")
            }
            return value
        }
    }
}

/// Reports library errors in the command line's terms: settings as flags (`SettingFlags`).
enum CommandFailure {
    /// Runs `body`; a library error is printed as `error: <message>` and exits with status 1
    /// instead of a stack of types.
    static func report<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ExitCode { throw error } catch {
            printError("error: \(SettingFlags.flagged(error))")
            throw ExitCode.failure
        }
    }

    /// Runs the library's checks of a job from a command's `validate()`, so that a bad setting is
    /// a usage error, before any work, that names the flag.
    static func usage(_ body: () throws -> Void) throws {
        do { try body() } catch let error as ValidationError { throw error } catch {
            throw ValidationError(SettingFlags.flagged(error))
        }
    }
}
