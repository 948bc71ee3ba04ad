import Foundation

/// Builds models from model files: claims `--model` values ending in `.yaml` or `.yml` and
/// builds the file's layers for the data (see `ModelFile`).
public struct ModelFileBuilder: ModelBuilder {
    public init() {}

    public var name: String { "FILE.yaml" }
    public var summary: String {
        "a model file: a YAML list of layers and layer groups (conv, batchnorm, relu, maxpool, avgpool, "
            + "global_avgpool, dropout, flatten, linear, basic_block, residual; see docs/model-files.md)"
    }

    /// Whether `reference` is a path ending in `.yaml` or `.yml` (in any case).
    public func accepts(_ reference: String) -> Bool {
        let lowered = reference.lowercased()
        return lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml")
    }

    public func makeModel(_ reference: String, configuration: String?, for input: ModelInput, seed: UInt64) throws -> Sequential {
        guard configuration == nil else {
            throw ModelBuildError(model: reference, reason: "a model file takes no configuration (got \(configuration!)); "
                                  + "write the settings in the file instead")
        }
        return try Self.load(reference).makeModel(for: input, seed: seed)
    }

    /// Reads and parses the model file at `path`.
    /// - Throws: `ModelBuildError` when the file cannot be read, `ModelFileError` when it does
    ///   not parse.
    public static func load(_ path: String) throws -> ModelFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ModelBuildError(model: path, reason: "there is no model file at \(path)"
                                  + " (relative paths start from \(FileManager.default.currentDirectoryPath)); "
                                  + "give the path of a .yaml file, or a built-in model's name")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = (attributes?[.size] as? NSNumber)?.intValue, size > ModelFile.maximumSize {
            throw ModelBuildError(model: path, reason: "the file has \(size) bytes, more than the \(ModelFile.maximumSize) "
                                  + "a model file may have; check that this is the right file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelBuildError(model: path, reason: "the model file \(path) cannot be read; check its permissions")
        }
        return try ModelFile.parse([UInt8](data), fileName: path)
    }
}
