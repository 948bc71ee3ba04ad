/// Where the images of a folder are and how each gets its label.
public enum ImageFolderLayout: Equatable, Sendable, CustomStringConvertible {
    /// `trainValidFolders` when the root has `train/` and `valid/` (or `val/`) subfolders,
    /// `classFolders` otherwise.
    case automatic
    /// torchvision's `ImageFolder`: `root/<class>/**/<image>`; classes are the sorted subfolder names.
    case classFolders
    /// fastai's `from_folder`: `root/<train>/<class>/**` and `root/<valid>/<class>/**`, which fix the
    /// validation split; classes are the training part's sorted subfolders.
    case trainValidFolders(train: String, valid: String)
    /// fastai's `from_name_re`: every image under the root (recursively) is labelled by the one
    /// capture group of this regular expression, searched in its file name (without folders).
    case fileNamePattern(String)
    /// fastai's `from_csv`: a CSV file (absolute, or relative to the root) with a header row, the
    /// file name (relative to the root) in the first column and the label in the second; a column
    /// named `is_valid` (true/false, 1/0) fixes the validation split.
    case labelsCSV(String)

    /// fastai's folder names.
    public static let fastaiFolders = ImageFolderLayout.trainValidFolders(train: "train", valid: "valid")

    public var description: String {
        switch self {
        case .automatic: return "automatic"
        case .classFolders: return "class folders"
        case .trainValidFolders(let train, let valid): return "\(train)/ and \(valid)/ class folders"
        case .fileNamePattern(let pattern): return "labels from file names by '\(pattern)'"
        case .labelsCSV(let path): return "labels from \(path)"
        }
    }

    /// The kind of layout as one word for manifests: `class-folders`, `train-valid-folders`,
    /// `file-name-pattern` or `labels-csv` (`automatic` before it is resolved).
    public var kind: String {
        switch self {
        case .automatic: return "automatic"
        case .classFolders: return "class-folders"
        case .trainValidFolders: return "train-valid-folders"
        case .fileNamePattern: return "file-name-pattern"
        case .labelsCSV: return "labels-csv"
        }
    }
}
