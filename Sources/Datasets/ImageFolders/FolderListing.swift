import Foundation

/// The labelled image files of a folder in its layout, in the order the data set keeps them:
/// training files then validation files, each by class, then by relative path.
struct FolderListing: Equatable {
    struct Entry: Equatable {
        var file: ScannedFile
        var label: Int
        var isValidation: Bool
    }

    var entries: [Entry]
    var classNames: [String]
    /// Whether the layout gives the validation split (some entries may be validation ones).
    var givesSplit: Bool
    /// The layout with `automatic` resolved.
    var layout: ImageFolderLayout

    /// The listing of `root` in `layout`.
    static func make(root: String, layout: ImageFolderLayout) throws -> FolderListing {
        guard FolderScan.isDirectory(root) else { throw ImageFolderError.notAFolder(path: root) }
        switch layout {
        case .automatic:
            return try make(root: root, layout: resolvedAutomatic(root: root))
        case .classFolders:
            let (names, files) = try classFolders(root: root, part: nil)
            let entries = files.map { Entry(file: $0.file, label: $0.label, isValidation: false) }
            return FolderListing(entries: entries, classNames: names, givesSplit: false, layout: layout)
        case .trainValidFolders(let train, let valid):
            return try trainValid(root: root, train: train, valid: valid, layout: layout)
        case .fileNamePattern(let pattern):
            return try byPattern(root: root, pattern: pattern, layout: layout)
        case .labelsCSV(let path):
            return try LabelsCSV.listing(root: root, csvPath: path, layout: layout)
        }
    }

    /// fastai's folders when the root has `train/` and `valid/` (or `val/`), class folders otherwise.
    static func resolvedAutomatic(root: String) throws -> ImageFolderLayout {
        let folders = Set(try FolderScan.subfolders(of: root))
        guard folders.contains("train") else { return .classFolders }
        if folders.contains("valid") { return .trainValidFolders(train: "train", valid: "valid") }
        if folders.contains("val") { return .trainValidFolders(train: "train", valid: "val") }
        return .classFolders
    }

    /// The sorted class folders of `root/part` and their images, labels by class index.
    private static func classFolders(root: String, part: String?) throws -> ([String], [(file: ScannedFile, label: Int)]) {
        let base = part.map { FolderScan.join(root, $0) } ?? root
        let names = try FolderScan.subfolders(of: base)
        guard !names.isEmpty else { throw ImageFolderError.noClassFolders(root: base) }
        var files = [(file: ScannedFile, label: Int)]()
        for (label, name) in names.enumerated() {
            let prefix = (part.map { $0 + "/" } ?? "") + name + "/"
            let found = try FolderScan.imageFiles(under: FolderScan.join(base, name), prefix: prefix)
            guard !found.isEmpty else { throw ImageFolderError.emptyClassFolder(path: FolderScan.join(base, name)) }
            files += found.map { ($0, label) }
        }
        return (names, files)
    }

    private static func trainValid(root: String, train: String, valid: String, layout: ImageFolderLayout) throws -> FolderListing {
        for part in [train, valid] where !FolderScan.isDirectory(FolderScan.join(root, part)) {
            throw ImageFolderError.notAFolder(path: FolderScan.join(root, part))
        }
        let (names, trainFiles) = try classFolders(root: root, part: train)
        let validBase = FolderScan.join(root, valid)
        let validNames = try FolderScan.subfolders(of: validBase)
        let labels = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var entries = trainFiles.map { Entry(file: $0.file, label: $0.label, isValidation: false) }
        for name in validNames {
            guard let label = labels[name] else {
                throw ImageFolderError.classOnlyInValid(className: name, path: FolderScan.join(validBase, name),
                                                        trainFolder: FolderScan.join(root, train))
            }
            let found = try FolderScan.imageFiles(under: FolderScan.join(validBase, name), prefix: "\(valid)/\(name)/")
            guard !found.isEmpty else { throw ImageFolderError.emptyClassFolder(path: FolderScan.join(validBase, name)) }
            entries += found.map { Entry(file: $0, label: label, isValidation: true) }
        }
        return FolderListing(entries: entries, classNames: names, givesSplit: true, layout: layout)
    }

    private static func byPattern(root: String, pattern: String, layout: ImageFolderLayout) throws -> FolderListing {
        let expression: NSRegularExpression
        do {
            expression = try NSRegularExpression(pattern: pattern)
        } catch {
            throw ImageFolderError.invalidPattern(pattern: pattern, reason: "is not a valid regular expression")
        }
        guard expression.numberOfCaptureGroups == 1 else {
            throw ImageFolderError.invalidPattern(pattern: pattern, reason: "has \(expression.numberOfCaptureGroups) capture groups")
        }
        let files = try FolderScan.imageFiles(under: root)
        guard !files.isEmpty else { throw ImageFolderError.noImages(root: root, layout: layout.description) }
        var labelled = [(file: ScannedFile, name: String)]()
        var unmatched = [String]()
        for file in files {
            let name = (file.relativePath as NSString).lastPathComponent
            let range = NSRange(name.startIndex..., in: name)
            guard let match = expression.firstMatch(in: name, range: range),
                  let group = Range(match.range(at: 1), in: name), !group.isEmpty else {
                unmatched.append(FolderScan.join(root, file.relativePath))
                continue
            }
            labelled.append((file, String(name[group])))
        }
        if let first = unmatched.first {
            throw ImageFolderError.patternDoesNotMatch(path: first, pattern: pattern, unmatched: unmatched.count)
        }
        return sortedByClass(labelled, layout: layout)
    }

    /// Entries labelled by class name: classes sorted, entries by class then by path.
    static func sortedByClass(_ labelled: [(file: ScannedFile, name: String)], isValidation: [Bool]? = nil,
                              givesSplit: Bool = false, layout: ImageFolderLayout) -> FolderListing {
        let names = Set(labelled.map(\.name)).sorted(by: FolderScan.precedes)
        let labels = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var entries = labelled.enumerated().map { index, item in
            Entry(file: item.file, label: labels[item.name]!, isValidation: isValidation?[index] ?? false)
        }
        entries.sort { a, b in
            if a.isValidation != b.isValidation { return !a.isValidation }
            if a.label != b.label { return a.label < b.label }
            return FolderScan.precedes(a.file.relativePath, b.file.relativePath)
        }
        return FolderListing(entries: entries, classNames: names, givesSplit: givesSplit, layout: layout)
    }
}
