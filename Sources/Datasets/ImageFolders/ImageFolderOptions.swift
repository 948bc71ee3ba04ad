import Foundation

/// How an image folder is read: its layout, the size and channels images are brought to, what to
/// do with bad files, and where decoded pixels are cached.
public struct ImageFolderOptions: Equatable, Sendable {
    /// Where decoded images are kept between loads.
    public enum CacheLocation: Equatable, Sendable {
        /// The user's cache folder (see `userCacheFolder(environment:)`), outside the image folder:
        /// a folder inside it would be one more class to torchvision's `ImageFolder` and fastai.
        case userCache
        /// A folder of the caller's; cache files there are told apart by the root's absolute path.
        case directory(String)
        /// Decode every file on every load.
        case disabled
    }

    public var layout: ImageFolderLayout
    /// The size every image is brought to; nil keeps the images' own size, which must then be the same for all.
    public var size: ImageSize?
    /// How images of another aspect ratio than `size` are fitted (fastai's default is `crop`).
    public var resizeMethod: ResizeMethod
    /// 1 (gray) or 3 (RGB); nil: 3 when any image is in color, 1 when all are gray.
    public var channels: Int?
    /// Leaves out files that cannot be decoded (and lists them) instead of stopping at them.
    public var skipBadFiles: Bool
    public var cache: CacheLocation
    /// The most pixels an image may claim before it is refused (its header is read first).
    public var maxPixels: Int
    /// The data set's name in manifests; nil for the root folder's name.
    public var name: String?

    public init(layout: ImageFolderLayout = .automatic, size: ImageSize? = nil, resizeMethod: ResizeMethod = .crop,
                channels: Int? = nil, skipBadFiles: Bool = false, cache: CacheLocation = .userCache,
                maxPixels: Int = ImageDecoder.defaultMaxPixels, name: String? = nil) {
        self.layout = layout
        self.size = size
        self.resizeMethod = resizeMethod
        self.channels = channels
        self.skipBadFiles = skipBadFiles
        self.cache = cache
        self.maxPixels = maxPixels
        self.name = name
    }

    /// Where `CacheLocation.userCache` keeps its files: `$LRLAB_CACHE_DIR/images`, else
    /// `$XDG_CACHE_HOME/lrlab/images`, else `$HOME/.cache/lrlab/images` (as pip and PyTorch keep
    /// theirs); nil when none of the three is set.
    public static func userCacheFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        func given(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        if let folder = given("LRLAB_CACHE_DIR") { return FolderScan.join(folder, "images") }
        if let folder = given("XDG_CACHE_HOME") { return FolderScan.join(FolderScan.join(folder, "lrlab"), "images") }
        if let home = given("HOME") { return FolderScan.join(FolderScan.join(FolderScan.join(home, ".cache"), "lrlab"), "images") }
        return nil
    }

    /// What decoded pixels depend on, recorded in (and checked against) the cache file.
    var decodingSettings: String {
        let geometry = size.map { "size=\($0.height)x\($0.width);method=\(resizeMethod.rawValue)" } ?? "size=native"
        return "\(geometry);maxPixels=\(maxPixels)"
    }

    /// Refuses settings outside their range.
    func validate() throws {
        if let channels, channels != 1 && channels != 3 {
            throw ImageFolderError.invalidSetting(name: "channels", value: "\(channels)", reason: "use 1 (gray) or 3 (RGB)")
        }
        guard maxPixels > 0 else {
            throw ImageFolderError.invalidSetting(name: "maxPixels", value: "\(maxPixels)", reason: "it must be positive")
        }
    }
}
