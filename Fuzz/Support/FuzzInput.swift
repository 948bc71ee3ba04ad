/// Helpers that turn one fuzz input into what LRLab's parsers take.
public enum FuzzInput {
    /// The input as text when it is valid UTF-8, else nil: LRLab's readers of text files refuse
    /// other bytes before parsing, so the parsers only ever see valid text.
    public static func text(_ bytes: [UInt8]) -> String? {
        String(validating: bytes, as: UTF8.self)
    }

    /// The input cut at every occurrence of `separator`, for targets that build several records or
    /// files from one input.
    public static func pieces(_ bytes: [UInt8], separator: [UInt8]) -> [[UInt8]] {
        precondition(!separator.isEmpty, "the separator must not be empty")
        var pieces: [[UInt8]] = []
        var start = 0, index = 0
        while index + separator.count <= bytes.count {
            if bytes[index..<(index + separator.count)].elementsEqual(separator) {
                pieces.append(Array(bytes[start..<index]))
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(Array(bytes[start...]))
        return pieces
    }
}
