import Foundation

/// Writes a data set of images as an image folder, `<folder>/<class name>/<index>.<png|jpg>`, that
/// `ImageFolderSource` (or torchvision's `ImageFolder`) reads back.
///
/// Pixels are the data set's bytes as stored (0...255; standardisation only changes how batches
/// decode them), or `Float` inputs in 0...1 rounded to bytes. The index is the example's position
/// in the data set, zero-padded so that file names sort in that order. Class names become folder
/// names with `/` replaced by `_` (`T-shirt/top` becomes `T-shirt_top`); reading the folder back
/// gives the classes in sorted folder-name order, which need not be the data set's label order.
public struct ImageFolderExport: Equatable, Sendable {
    public var format: ImageFormat
    /// JPEG quality, 1...100 (chroma is not subsampled).
    public var jpegQuality: Int
    /// The labels to write, nil for all.
    public var classes: [Int]?
    /// At most this many examples of each class (the first ones in data set order), nil for all.
    public var limitPerClass: Int?

    public init(format: ImageFormat = .png, jpegQuality: Int = 95, classes: [Int]? = nil, limitPerClass: Int? = nil) {
        self.format = format
        self.jpegQuality = jpegQuality
        self.classes = classes
        self.limitPerClass = limitPerClass
    }

    /// What an export wrote.
    public struct Summary: Equatable, Sendable {
        public var directory: String
        /// The folder of each class written, by label (nil for a class not written).
        public var classFolders: [String?]
        /// The files written per label.
        public var countsPerClass: [Int]
        public var fileCount: Int { countsPerClass.reduce(0, +) }
    }

    /// Writes `dataset` into `directory`, which must not exist or be empty.
    /// - Throws: `ImageFolderError.export` for a non-empty folder, a data set that is not images
    ///   (`[count, 1 or 3, height, width]` or `[count, height, width]`) or has no class names, bad
    ///   `classes` or `limitPerClass`, or a file that cannot be written.
    @discardableResult
    public func write(_ dataset: Dataset, to directory: String) throws -> Summary {
        func failure(_ reason: String) -> ImageFolderError { .export(path: directory, reason: reason) }
        let shape = dataset.exampleShape
        let (channels, height, width): (Int, Int, Int)
        switch shape.count {
        case 3 where shape[0] == 1 || shape[0] == 3: (channels, height, width) = (shape[0], shape[1], shape[2])
        case 2: (channels, height, width) = (1, shape[0], shape[1])
        default: throw failure("examples of shape \(shape) are not images of 1 or 3 channels ([channels, height, width])")
        }
        let classCount = dataset.classNames.count
        guard classCount > 0 else { throw failure("the data set \(dataset.name) has no class names to name folders by") }
        if let classes {
            guard !classes.isEmpty, Set(classes).count == classes.count, classes.allSatisfy({ (0..<classCount).contains($0) }) else {
                throw failure("classes \(classes) must be distinct labels in 0..<\(classCount)")
            }
        }
        if let limitPerClass, limitPerClass < 1 {
            throw failure("limitPerClass \(limitPerClass) must be at least 1")
        }
        guard (1...100).contains(jpegQuality) else { throw failure("jpegQuality \(jpegQuality) must be in 1...100") }
        if FolderScan.isDirectory(directory) {
            let existing = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            guard existing.isEmpty else {
                throw failure("the folder is not empty (\(existing.count) entries); choose a new folder so that old files do not mix in")
            }
        } else if FileManager.default.fileExists(atPath: directory) {
            throw failure("it exists and is not a folder")
        }

        // Which examples go where.
        let wanted = Set(classes ?? Array(0..<classCount))
        var counts = [Int](repeating: 0, count: classCount)
        var chosen = [(index: Int, label: Int)]()
        for index in 0..<dataset.count {
            let label = Int(dataset.targets.storage[index])
            guard label >= 0, label < classCount else { throw failure("example \(index) has label \(label), outside 0..<\(classCount)") }
            guard wanted.contains(label), counts[label] < (limitPerClass ?? Int.max) else { continue }
            counts[label] += 1
            chosen.append((index, label))
        }
        let folders = Self.folderNames(dataset.classNames)
        let digits = String(max(dataset.count - 1, 0)).count
        do {
            for label in wanted.sorted() where counts[label] > 0 {
                try FileManager.default.createDirectory(atPath: FolderScan.join(directory, folders[label]),
                                                        withIntermediateDirectories: true)
            }
        } catch {
            throw failure("cannot make the class folders: \(error.localizedDescription)")
        }
        let plane = height * width
        let errors = ParallelChunks.map(chosen.count, context: { () }) { _, k -> String? in
            let (index, label) = chosen[k]
            let image = Self.image(of: dataset, at: index, channels: channels, height: height, width: width, plane: plane)
            let number = String(index)
            let name = String(repeating: "0", count: digits - number.count) + number + "." + format.preferredExtension
            let path = FolderScan.join(FolderScan.join(directory, folders[label]), name)
            do {
                try AtomicFile.write(try ImageEncoder.encode(image, as: format, jpegQuality: jpegQuality), to: path)
                return nil
            } catch {
                return "\(path): \(error)"
            }
        }
        if let first = errors.compactMap({ $0 }).first { throw failure("writing failed: \(first)") }
        return Summary(directory: directory, classFolders: (0..<classCount).map { counts[$0] > 0 ? folders[$0] : nil },
                       countsPerClass: counts)
    }

    /// Folder names for class names: `/` and NUL replaced by `_`, a leading dot or an empty name
    /// prefixed, and repeats made distinct by their label.
    static func folderNames(_ classNames: [String]) -> [String] {
        var used = Set<String>()
        return classNames.enumerated().map { label, name in
            var folder = String(name.map { $0 == "/" || $0 == "\0" ? "_" : $0 })
            if folder.isEmpty || folder.hasPrefix(".") { folder = "class-" + folder }
            if used.contains(folder) { folder += "-\(label)" }
            used.insert(folder)
            return folder
        }
    }

    /// Example `index` of `dataset` as an interleaved 8-bit image.
    private static func image(of dataset: Dataset, at index: Int, channels: Int, height: Int, width: Int, plane: Int) -> PixelImage {
        let row = dataset.selection?[index] ?? index
        let stride = channels * plane
        let pixels = [UInt8](unsafeUninitializedCapacity: stride) { out, initialized in
            func value(_ c: Int, _ p: Int) -> Int { row * stride + c * plane + p }
            switch dataset.store.values {
            case .bytes(let bytes, _):
                bytes.withUnsafeBufferPointer { source in
                    for p in 0..<plane { for c in 0..<channels { out[p * channels + c] = source[value(c, p)] } }
                }
            case .floats(let tensor):
                tensor.storage.withUnsafeBufferPointer { source in
                    for p in 0..<plane {
                        for c in 0..<channels {
                            let v = source[value(c, p)]
                            out[p * channels + c] = v.isNaN ? 0 : UInt8((min(max(v, 0), 1) * 255).rounded())
                        }
                    }
                }
            }
            initialized = stride
        }
        return PixelImage(width: width, height: height, channels: channels, pixels: pixels)
    }
}
