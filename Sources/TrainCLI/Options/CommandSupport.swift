import ArgumentParser

/// Comma-separated lists of command-line numbers.
enum CommaList {
    static func integers(_ text: String, flag: String, minimum: Int) throws -> [Int] {
        let values = try text.split(separator: ",", omittingEmptySubsequences: false).map { part -> Int in
            guard let value = Int(part.trimmingCharacters(in: .whitespaces)), value >= minimum else {
                throw ValidationError("\(flag): '\(part)' is not a whole number of at least \(minimum)")
            }
            return value
        }
        guard Set(values).count == values.count else { throw ValidationError("\(flag): a value is repeated in '\(text)'") }
        return values
    }
}

/// Prints library errors as `error: <message>` and exits with status 1 instead of a stack of types.
enum CommandFailure {
    static func report<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ExitCode { throw error } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
