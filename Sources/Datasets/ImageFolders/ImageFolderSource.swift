import Foundation
import TensorCore

/// Loads folders of PNG and JPEG images in the layouts torchvision and fastai users have, as data
/// sets of bytes `[count, channels, height, width]` (pixels scaled to 0...1 as batches are gathered).
///
/// Decoding runs on every core, and its results are cached (see `ImageFolderOptions.cache`) under
/// each file's relative path, size and modification time and the resize settings: a second load
/// of the same folder reads one file instead of decoding every image, and a changed or added file
/// is the only one decoded again. Examples are in a fixed order (training then validation, each by
/// class, then by relative path), so loads are bit-identical.
public enum ImageFolderSource {
    /// The source's kind in manifests.
    public static let kind = "image-folder"
    /// The image folder at `root` read as `options` say.
    /// - Throws: `ImageFolderError` for a layout problem (a missing or empty class folder, a class only
    ///   in `valid/`, a file name the pattern does not match, a bad labels CSV), for images of
    ///   different sizes without `size`, and for undecodable files unless `skipBadFiles` is set.
    public static func load(root: String, options: ImageFolderOptions = ImageFolderOptions()) throws -> ImageFolderData {
        try options.validate()
        let listing = try FolderListing.make(root: root, layout: options.layout)
        guard !listing.entries.isEmpty else { throw ImageFolderError.noImages(root: root, layout: listing.layout.description) }
        let (outcomes, cacheReport) = decodeAll(listing.entries.map(\.file), root: root, options: options)

        var skipped = [ImageFileError]()
        var kept = [Int]()
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case .image: kept.append(index)
            case .failed(let reason):
                skipped.append(ImageFileError(path: FolderScan.join(root, listing.entries[index].file.relativePath), reason: reason))
            }
        }
        if !skipped.isEmpty && !options.skipBadFiles { throw ImageFolderError.badFiles(skipped) }
        guard !kept.isEmpty else { throw ImageFolderError.noImages(root: root, layout: "every image file is a bad file") }
        let images = outcomes.map { outcome -> PixelImage? in
            if case .image(let image) = outcome { return image }
            return nil
        }
        let imageSize = try commonSize(kept, images: images, listing: listing, root: root, options: options)
        let channels = options.channels ?? (kept.contains { images[$0]!.channels == 3 } ? 3 : 1)
        let trainRows = kept.filter { !listing.entries[$0].isValidation }
        let validRows = kept.filter { listing.entries[$0].isValidation }
        let trainLabels = Set(trainRows.map { listing.entries[$0].label })
        if let missing = listing.classNames.indices.first(where: { !trainLabels.contains($0) }) {
            throw ImageFolderError.classWithoutReadableImages(className: listing.classNames[missing])
        }

        let name = options.name ?? ((root as NSString).standardizingPath as NSString).lastPathComponent
        var hasher = ContentHasher()
        hasher.update("lrlab-image-folder-content-1")
        hasher.update(listing.classNames.count)
        for className in listing.classNames { hasher.update(className) }
        func dataset(_ rows: [Int]) -> Dataset {
            let packed = pack(rows, images: images, channels: channels, size: imageSize)
            let labels = rows.map { listing.entries[$0].label }
            hasher.update(rows.count)
            for label in labels { hasher.update(label) }
            hasher.update(packed)
            return Dataset(name: name, bytes: packed, shape: [rows.count, channels, imageSize.height, imageSize.width],
                           targets: Tensor(shape: [rows.count], storage: labels.map(Float.init)), classNames: listing.classNames)
        }
        hasher.update(channels)
        hasher.update(imageSize.height)
        hasher.update(imageSize.width)
        let train = dataset(trainRows)
        let valid = listing.givesSplit ? dataset(validRows) : nil
        return ImageFolderData(train: train, valid: valid, root: root, layout: listing.layout, classNames: listing.classNames,
                               fileCount: kept.count, imageSize: imageSize, channels: channels, skippedFiles: skipped,
                               contentHash: hasher.finalized(), cache: cacheReport)
    }

    /// The size all kept images share: `options.size`, or their own size when it is the same for all.
    private static func commonSize(_ kept: [Int], images: [PixelImage?], listing: FolderListing, root: String,
                                   options: ImageFolderOptions) throws -> ImageSize {
        if let size = options.size { return size }
        let first = images[kept[0]]!
        if let other = kept.first(where: { images[$0]!.width != first.width || images[$0]!.height != first.height }) {
            let image = images[other]!
            throw ImageFolderError.mixedSizes(first: FolderScan.join(root, listing.entries[kept[0]].file.relativePath),
                                              firstSize: "\(first.width)x\(first.height)",
                                              other: FolderScan.join(root, listing.entries[other].file.relativePath),
                                              otherSize: "\(image.width)x\(image.height)")
        }
        return ImageSize(height: first.height, width: first.width)
    }

    /// The pixels of the images at `rows` as one planar byte array `[rows, channels, height, width]`.
    private static func pack(_ rows: [Int], images: [PixelImage?], channels: Int, size: ImageSize) -> [UInt8] {
        let plane = size.height * size.width, stride = channels * plane
        return [UInt8](unsafeUninitializedCapacity: rows.count * stride) { buffer, initialized in
            let base = buffer.baseAddress!
            ParallelChunks.run(rows.count) { range in
                for position in range {
                    let image = images[rows[position]]!.converted(toChannels: channels)
                    let out = base + position * stride
                    image.pixels.withUnsafeBufferPointer { pixels in
                        if channels == 1 {
                            out.update(from: pixels.baseAddress!, count: plane)
                        } else {
                            for p in 0..<plane {
                                out[p] = pixels[3 * p]
                                out[plane + p] = pixels[3 * p + 1]
                                out[2 * plane + p] = pixels[3 * p + 2]
                            }
                        }
                    }
                }
            }
            initialized = rows.count * stride
        }
    }

    /// The cache file for `root` read with `options`, nil when caching is disabled.
    static func cacheFilePath(root: String, options: ImageFolderOptions) -> String? {
        var hasher = ContentHasher()
        hasher.update(options.decodingSettings)
        let folder: String
        switch options.cache {
        case .disabled:
            return nil
        case .userCache:
            guard let userFolder = ImageFolderOptions.userCacheFolder() else { return nil }
            folder = userFolder
        case .directory(let given):
            folder = given
        }
        // Cache files of many image folders share the folder: each is told apart by its root's absolute path.
        hasher.update(URL(fileURLWithPath: root).standardizedFileURL.path)
        return FolderScan.join(folder, "images-\(hasher.finalized()).cache")
    }

    /// Every file's outcome, from the cache where its key matches, decoded (on all cores) otherwise;
    /// the cache is rewritten when anything changed.
    private static func decodeAll(_ files: [ScannedFile], root: String,
                                  options: ImageFolderOptions) -> ([ImageOutcome], ImageCacheReport) {
        let cachePath = cacheFilePath(root: root, options: options)
        let settings = options.decodingSettings
        var cached = [ImageCacheFile.Entry]()
        var ignored: String?
        if let cachePath {
            let read = ImageCacheFile.read(path: cachePath, settings: settings)
            cached = read.entries
            ignored = read.problem
        }
        var outcomes = [ImageOutcome?](repeating: nil, count: files.count)
        var missing = [Int]()
        // The cache lists the files in the order of the load that wrote it, usually this one's: entries
        // are matched by position first, through a table by path only when the lists differ.
        var byPath: [String: Int]?
        for (index, file) in files.enumerated() {
            var position: Int? = index < cached.count && cached[index].file.relativePath == file.relativePath ? index : nil
            if position == nil {
                if byPath == nil {
                    byPath = Dictionary(cached.enumerated().map { ($1.file.relativePath, $0) }, uniquingKeysWith: { first, _ in first })
                }
                position = byPath![file.relativePath]
            }
            if let position, cached[position].file == file {
                outcomes[index] = cached[position].outcome
            } else {
                missing.append(index)
            }
        }
        let decoded = ParallelChunks.map(missing.count, context: { ImageDecoder(maxPixels: options.maxPixels) }) { decoder, k in
            decodeOne(FolderScan.join(root, files[missing[k]].relativePath), decoder: decoder, options: options)
        }
        for (k, index) in missing.enumerated() { outcomes[index] = decoded[k] }
        let all = outcomes.map { $0! }
        var report = ImageCacheReport(path: cachePath, reused: files.count - missing.count, decoded: missing.count,
                                      ignoredBecause: ignored, writeError: nil)
        if let cachePath, !missing.isEmpty || cached.count != files.count {
            let entries = zip(files, all).map { ImageCacheFile.Entry(file: $0, outcome: $1) }
            do {
                try ImageCacheFile.write(entries, settings: settings, to: cachePath)
            } catch {
                report.writeError = "\(error)"
            }
        }
        return (all, report)
    }

    /// One file decoded and resized as `options` say, or why it could not be.
    private static func decodeOne(_ path: String, decoder: ImageDecoder, options: ImageFolderOptions) -> ImageOutcome {
        do {
            let image = try decoder.decode(fileAt: path)
            guard let size = options.size else { return .image(image) }
            return .image(ImageResizer.resized(image, to: size, method: options.resizeMethod))
        } catch let error as ImageFileError {
            return .failed(reason: error.reason)
        } catch {
            return .failed(reason: "\(error)")
        }
    }

    /// Whether `path` looks like an image folder: a folder with `train/` and `valid/` class folders,
    /// or with a subfolder holding an image file, or with image files of its own; a Fashion-MNIST
    /// folder of IDX files is not one. It looks at a few entries only.
    public static func recognizes(path: String) -> Bool {
        guard FolderScan.isDirectory(path), let names = try? FolderScan.entries(of: path) else { return false }
        if names.contains(where: { $0.contains("-idx") && $0.contains("-ubyte") }) { return false }
        if names.contains(where: FolderScan.hasImageExtension) { return true }
        for name in names.prefix(32) {
            let folder = FolderScan.join(path, name)
            guard FolderScan.isDirectory(folder) else { continue }
            if containsImage(folder, depth: 2) { return true }
        }
        return false
    }

    /// Whether `folder` or its subfolders down to `depth` levels hold an image file (a few entries each).
    private static func containsImage(_ folder: String, depth: Int) -> Bool {
        guard let names = try? FolderScan.entries(of: folder) else { return false }
        if names.contains(where: FolderScan.hasImageExtension) { return true }
        guard depth > 0 else { return false }
        for name in names.prefix(16) where FolderScan.isDirectory(FolderScan.join(folder, name)) {
            if containsImage(FolderScan.join(folder, name), depth: depth - 1) { return true }
        }
        return false
    }
}
