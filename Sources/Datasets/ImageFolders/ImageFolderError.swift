import Foundation

/// An image folder that cannot be loaded as asked, with the paths involved and how to fix it.
///
/// Settings are named by their `ImageFolderOptions` property names.
public enum ImageFolderError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The root does not exist or is not a folder.
    case notAFolder(path: String)
    /// A folder that cannot be listed.
    case unreadableFolder(path: String, reason: String)
    /// Class-folder layouts whose root has no subfolder.
    case noClassFolders(root: String)
    /// A class folder without any image file.
    case emptyClassFolder(path: String)
    /// A class folder in the validation part that the training part does not have.
    case classOnlyInValid(className: String, path: String, trainFolder: String)
    /// No image file where the layout looks for them.
    case noImages(root: String, layout: String)
    /// A label pattern that is not a regular expression with exactly one capture group.
    case invalidPattern(pattern: String, reason: String)
    /// A file name the label pattern does not match.
    case patternDoesNotMatch(path: String, pattern: String, unmatched: Int)
    /// A problem in a labels CSV file, at a 1-based line.
    case labelsFile(path: String, line: Int, reason: String)
    /// Images of different sizes while no `size` is set.
    case mixedSizes(first: String, firstSize: String, other: String, otherSize: String)
    /// Files that cannot be decoded, while `skipBadFiles` is off.
    case badFiles([ImageFileError])
    /// An option outside its range.
    case invalidSetting(name: String, value: String, reason: String)
    /// An export that cannot be written as asked.
    case export(path: String, reason: String)
    /// A file that cannot be written.
    case writeFailed(path: String, reason: String)
    /// A class all of whose images were skipped as bad files.
    case classWithoutReadableImages(className: String)

    static let extensionsText = ".png, .jpg or .jpeg (any case)"

    public var description: String {
        switch self {
        case .notAFolder(let path):
            return "image folder \(path) does not exist or is not a folder"
        case .unreadableFolder(let path, let reason):
            return "cannot list folder \(path): \(reason)"
        case .noClassFolders(let root):
            return "\(root) has no class folders: the layout expects \(root)/<class>/<image> (or train/<class>/ and "
                + "valid/<class>/); for images directly in the folder, label them by a file-name pattern or a labels CSV"
        case .emptyClassFolder(let path):
            return "class folder \(path) holds no image file (\(Self.extensionsText)); add images or remove the folder"
        case .classOnlyInValid(let className, let path, let trainFolder):
            return "class \"\(className)\" has a validation folder \(path) but no training folder in \(trainFolder); "
                + "a model cannot learn a class it never sees in training: add \(trainFolder)/\(className)/ or remove \(path)"
        case .noImages(let root, let layout):
            return "no image file (\(Self.extensionsText)) found in \(root) (\(layout))"
        case .invalidPattern(let pattern, let reason):
            return "label pattern '\(pattern)' \(reason); it needs exactly one capture group around the label, "
                + "such as '^([A-Za-z_]+)_\\d+'"
        case .patternDoesNotMatch(let path, let pattern, let unmatched):
            let others = unmatched > 1 ? " (and \(unmatched - 1) other files)" : ""
            return "label pattern '\(pattern)' does not match the file name of \(path)\(others); "
                + "change the pattern or move the files that do not follow it"
        case .labelsFile(let path, let line, let reason):
            return "\(path), line \(line): \(reason)"
        case .mixedSizes(let first, let firstSize, let other, let otherSize):
            return "images of different sizes: \(first) is \(firstSize) but \(other) is \(otherSize) (width x height); "
                + "set size (such as 64 or 64x48) and resizeMethod to bring them to one size"
        case .badFiles(let files):
            let shown = files.prefix(5).map { "  \($0)" }.joined(separator: "\n")
            let more = files.count > 5 ? "\n  ... and \(files.count - 5) more" : ""
            return "\(files.count) image file\(files.count == 1 ? "" : "s") could not be read:\n\(shown)\(more)\n"
                + "fix or remove them, or set skipBadFiles to leave them out (they are then listed)"
        case .invalidSetting(let name, let value, let reason):
            return "invalid \(name) \(value): \(reason)"
        case .export(let path, let reason):
            return "cannot export to \(path): \(reason)"
        case .writeFailed(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .classWithoutReadableImages(let className):
            return "class \"\(className)\" has no training image left after skipping bad files; fix its files or remove the class"
        }
    }

    public var errorDescription: String? { description }
}
