import Foundation

/// Fashion-MNIST (Zalando): 28x28 grey images of clothing in 10 classes, 60000 for training and
/// 10000 for testing, read from the IDX files of the Debian package `dataset-fashion-mnist` or of
/// any folder holding the same four files (gzip'd or not).
///
/// Loading is lean: only the split asked for is read, gzip files are inflated by libdeflate in one
/// call (about twice as fast as zlib), and the pixels stay bytes (47 MB for the training split
/// instead of 188 MB of `Float`s) that batches decode and standardise as they are gathered.
/// Loading the training split, splitting it and computing its statistics takes 0.2-0.3 s in a
/// release build on a shared 2-core machine (1.1-1.4 s before), one epoch of batches of 64 about
/// 0.08 s, at a peak of 91 MB (388 MB before), as `datasets-bench` measures.
/// There is no decompressed cache on disk: it would save about 0.1 s per run at the price of
/// 47 MB of disk and its invalidation, while the whole `lr-find` already fits in 0.5 s.
public enum FashionMNIST {
    /// Where the Debian package `dataset-fashion-mnist` installs the files.
    public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"
    /// The name recorded in run manifests.
    public static let name = "fashion-mnist"
    /// The side of every image in pixels.
    public static let imageSize = 28
    /// The class names by label.
    public static let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    /// How to get the files, appended to the errors about missing ones.
    public static let installHint = "install the data with `apt-get install dataset-fashion-mnist` "
        + "(it goes to \(defaultDirectory)) or set `DataRequest.location` to a folder with the four IDX files"

    /// How to replace a damaged file, appended to every error about a file's content.
    public static let repairHint = "install the data again with `apt-get reinstall dataset-fashion-mnist` "
        + "(`apt-get install dataset-fashion-mnist` if it is not installed) or set `DataRequest.location` to a "
        + "folder with good copies"

    /// The two published parts of the data.
    public enum Split: String, CaseIterable, Sendable {
        case train
        case test

        /// The prefix of the split's file names, `train` or `t10k`.
        public var filePrefix: String { self == .train ? "train" : "t10k" }
    }

    /// The images and labels files of `split` in `directory` (the default directory when nil).
    ///
    /// Each file is looked up gzip'd (`.gz`) first, then uncompressed.
    /// - Throws: `DatasetError.missingDirectory` or `.missingFile` listing the paths tried.
    public static func files(split: Split, directory: String? = nil) throws -> (images: String, labels: String) {
        let folder = directory ?? defaultDirectory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError.missingDirectory(path: folder, hint: installHint)
        }
        func find(_ stem: String, _ what: String) throws -> String {
            let base = (folder as NSString).appendingPathComponent("\(split.filePrefix)-\(stem)")
            let tried = [base + ".gz", base]
            guard let found = tried.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                throw DatasetError.missingFile(what: "Fashion-MNIST \(split.rawValue) \(what)", tried: tried,
                                               hint: installHint)
            }
            return found
        }
        return (try find("images-idx3-ubyte", "images"), try find("labels-idx1-ubyte", "labels"))
    }

    /// The `split` of Fashion-MNIST from `directory` (the default directory when nil): inputs
    /// `[count, 1, 28, 28]` with pixels in 0...1 (not yet standardised), targets the labels.
    public static func load(directory: String? = nil, split: Split = .train) throws -> Dataset {
        let paths = try files(split: split, directory: directory)
        return try Dataset.loadIDX(images: paths.images, labels: paths.labels, name: name,
                                   classNames: classNames, imageSize: imageSize, hint: repairHint)
    }
}
