/// An image folder loaded as data sets, with what a run manifest records about it.
public struct ImageFolderData {
    /// The training examples, or all of them when the layout gives no validation split.
    public var train: Dataset
    /// The validation examples the layout gives (`valid/`, an `is_valid` column); nil when it gives none.
    public var valid: Dataset?
    /// The folder read.
    public var root: String
    /// The layout read, `automatic` resolved.
    public var layout: ImageFolderLayout
    /// Class names by label: sorted folder names, pattern captures or CSV labels.
    public var classNames: [String]
    /// The image files loaded (bad files skipped are not counted).
    public var fileCount: Int
    /// The size of every example.
    public var imageSize: ImageSize
    /// 1 (gray) or 3 (RGB).
    public var channels: Int
    /// The files left out because they could not be decoded (with `skipBadFiles`), in listing order.
    public var skippedFiles: [ImageFileError]
    /// A 64-bit hash (16 hex digits) of what the examples are: the class names, the layout's split,
    /// the shape, every label and every decoded (resized) pixel byte, in order. It does not depend
    /// on file names, times or the cache, so a copied folder hashes the same, and a changed pixel or
    /// label changes it.
    public var contentHash: String
    /// How the cache served this load.
    public var cache: ImageCacheReport
}

/// What the decoded-image cache did during one load.
public struct ImageCacheReport: Equatable, Sendable {
    /// The cache file, nil when caching is disabled.
    public var path: String?
    /// Files whose pixels came from the cache.
    public var reused: Int
    /// Files decoded in this load (new, changed, or everything when the cache was unusable).
    public var decoded: Int
    /// Why an existing cache file was not used (damaged, other version), nil when it was or none existed.
    public var ignoredBecause: String?
    /// Why the updated cache could not be written (a read-only folder, say); loading goes on without it.
    public var writeError: String?
}
