import TensorCore
import Foundation

/// Folders of PNG and JPEG images in the layouts torchvision and fastai read: class folders,
/// `train/` and `valid/`, labels from file names or from a CSV (see `ImageFolderLayout`).
///
/// Options (all optional): `size` (`N` or `HxW`), `resize` (`squish`, `crop`, `pad`),
/// `channels` (1 or 3), `labelPattern` (a regular expression with one capture group),
/// `labels` (a CSV of file name and label), `skipBadFiles` (`true`), `cache` (a folder, or
/// `none`; default the user's cache folder, see `ImageFolderOptions.userCacheFolder`). Without a given split, `validationFraction` of the
/// examples is held out with the split seed.
public struct ImageFolderDataSource: DataSource {
    public init() {}

    public var name: String { ImageFolderSource.kind }

    public var summary: String {
        "a folder of PNG/JPEG images: class folders, train/ and valid/, or labels by options labelPattern or labels"
    }

    public func recognizes(path: String) -> Bool { ImageFolderSource.recognizes(path: path) }

    public func load(_ request: DataRequest) throws -> DataBundle {
        guard let root = request.location else {
            throw SettingError(setting: "DataRequest.location", value: nil, reason: "an image folder needs a path")
        }
        let data = try ImageFolderSource.load(root: root, options: try Self.options(from: request))
        var bundle: DataBundle
        // RGB images are standardised per channel; gray ones as one (as they always were).
        let perChannel = data.channels > 1
        if let valid = data.valid {
            bundle = try DataBundle(train: data.train, valid: valid, seed: request.splitSeed, trainLimit: request.trainLimit,
                                    classes: request.classes, normalize: !perChannel, path: root)
        } else {
            bundle = try DataBundle(dataset: data.train, validationFraction: request.validationFraction, seed: request.splitSeed,
                                    trainLimit: request.trainLimit, classes: request.classes, normalize: !perChannel, path: root)
        }
        if perChannel { bundle.standardizePerChannel() }
        bundle.provenance = DataProvenance(source: name, layout: data.layout.kind, fileCount: data.fileCount,
                                           contentHash: data.contentHash,
                                           skippedFiles: data.skippedFiles.map(\.description))
        return bundle
    }

    /// The loader's settings from the request's options.
    static func options(from request: DataRequest) throws -> ImageFolderOptions {
        var options = ImageFolderOptions()
        let given = request.options
        if let text = given["size"] {
            guard let size = ImageSize(parsing: text) else {
                throw SettingError(setting: DataRequest.optionSetting("size"), value: text, reason: "give N or HxW, such as 32 or 48x64")
            }
            options.size = size
        }
        if let text = given["resize"] {
            guard let method = ResizeMethod(rawValue: text) else {
                throw SettingError(setting: DataRequest.optionSetting("resize"), value: text,
                                                  reason: "use one of " + ResizeMethod.allCases.map(\.rawValue).joined(separator: ", "))
            }
            options.resizeMethod = method
        }
        if let text = given["channels"] {
            guard let channels = Int(text), channels == 1 || channels == 3 else {
                throw SettingError(setting: DataRequest.optionSetting("channels"), value: text, reason: "use 1 (gray) or 3 (RGB)")
            }
            options.channels = channels
        }
        if given["labelPattern"] != nil && given["labels"] != nil {
            throw SettingError(setting: DataRequest.optionSetting("labelPattern"), value: given["labelPattern"]!,
                                              reason: "labels come from file names or from a CSV, not both")
        }
        if let pattern = given["labelPattern"] { options.layout = .fileNamePattern(pattern) }
        if let labels = given["labels"] { options.layout = .labelsCSV(labels) }
        if let text = given["skipBadFiles"] {
            guard let skip = Bool(text) else {
                throw SettingError(setting: DataRequest.optionSetting("skipBadFiles"), value: text, reason: "use true or false")
            }
            options.skipBadFiles = skip
        }
        if let cache = given["cache"] { options.cache = cache == "none" ? .disabled : .directory(cache) }
        return options
    }
}
