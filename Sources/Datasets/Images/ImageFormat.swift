/// The encoded image formats LRLab reads and writes.
public enum ImageFormat: String, CaseIterable, Sendable {
    case png
    case jpeg

    /// The format whose signature starts `bytes`, nil for anything else (whatever the file's name).
    public static func sniff(_ bytes: UnsafeRawBufferPointer) -> ImageFormat? {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        if bytes.count >= png.count, zip(bytes.prefix(png.count), png).allSatisfy({ $0 == $1 }) { return .png }
        if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF { return .jpeg }
        return nil
    }

    /// The file name extensions (lower case, without the dot) image folders take for this format.
    public var fileExtensions: [String] {
        switch self {
        case .png: return ["png"]
        case .jpeg: return ["jpg", "jpeg"]
        }
    }

    /// The extension written by an export.
    public var preferredExtension: String { fileExtensions[0] }

    /// The format a file name's extension stands for, compared without regard to case.
    public static func forExtension(_ fileExtension: String) -> ImageFormat? {
        let lowered = fileExtension.lowercased()
        return allCases.first { $0.fileExtensions.contains(lowered) }
    }
}
