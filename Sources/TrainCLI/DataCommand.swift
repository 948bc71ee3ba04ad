import ArgumentParser
import Datasets
import Foundation

/// `train data`: data sets as files other tools read.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Work with data sets.", subcommands: [DataExportCommand.self])
}

/// `train data export`: Fashion-MNIST as an image folder (`<out>/<class>/<index>.png`).
struct DataExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write Fashion-MNIST as a folder of PNG or JPEG images, one subfolder per class.",
        discussion: """
            The folder is the layout torchvision's ImageFolder and `train --data DIR` read. Class \
            folders are named after the classes (`/` becomes `_`: T-shirt_top); reading the folder \
            back orders classes by folder name. PNG keeps every pixel; JPEG (quality 95) does not.
            """)

    @Option(name: .long, help: "png or jpeg.")
    var format: String = "png"

    @Option(name: .long, help: ArgumentHelp("The folder to create (it must not exist or be empty).", valueName: "dir"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("Folder with the Fashion-MNIST IDX files (default: \(FashionMNIST.defaultDirectory)).", valueName: "dir"))
    var data: String?

    @Option(name: .long, help: "The published split: train or test.")
    var split: String = "train"

    @Option(name: .long, help: ArgumentHelp("Only these classes, comma-separated indices 0-9 (default: all).", valueName: "list"))
    var classes: String?

    @Option(name: .long, help: ArgumentHelp("At most N images per class, the first in file order (default: all).", valueName: "n"))
    var limitPerClass: Int?

    func validate() throws {
        guard ImageFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be png or jpeg, got '\(format)'")
        }
        guard FashionMNIST.Split(rawValue: split) != nil else { throw ValidationError("--split must be train or test, got '\(split)'") }
        if let limitPerClass, limitPerClass < 1 { throw ValidationError("--limit-per-class must be at least 1, got \(limitPerClass)") }
        _ = try classList()
    }

    private func classList() throws -> [Int]? {
        try classes.map { try CommaList.values($0, flag: "--classes", as: "a class index 0-9") { Int($0).flatMap { (0..<10).contains($0) ? $0 : nil } } }
    }

    func run() throws {
        try CommandFailure.report {
            let dataset = try FashionMNIST.load(directory: data, split: FashionMNIST.Split(rawValue: split) ?? .train)
            let export = ImageFolderExport(format: ImageFormat(rawValue: format) ?? .png,
                                           classes: try classList(), limitPerClass: limitPerClass)
            let summary = try export.write(dataset, to: out)
            print("wrote \(summary.fileCount) images in \(summary.classFolders.compactMap { $0 }.count) class folders to \(out)")
        }
    }
}
